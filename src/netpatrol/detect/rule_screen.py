"""Which posts of a batch may fire an intent rule at all, decided for the whole batch at once.

Most posts fire no rule, yet a word of some group occurs in nearly every one. The screen
asks of every post, with three matrix products, whether each rule could fire: every
`need` entry met by a group present, enough `some` groups, no `unless` group. It is given
the words that count (standing alone, not denied) and the groups the indicators give, so
those groups are known exactly; a regex group is not searched here and counts as met for
`need` and `some` and as absent for `unless`. So the screen over-approximates the rule
detector: a post it lets go fires no rule, and only the posts it keeps take the full
per-post path. Rules that regex groups alone can carry are tried with their patterns on
the posts not kept already.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from netpatrol.detect.rule_data import Rule

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


class RuleScreen:
    def __init__(
        self, rules: Sequence[Rule], owners: Sequence[Sequence[str]], patterns: frozenset[str]
    ) -> None:
        self._patterns = patterns
        columns: dict[frozenset[str], int] = {}

        def column(groups: Sequence[str]) -> int:
            # the groups of one requirement that words or indicators give
            return columns.setdefault(
                frozenset(g for g in groups if g not in patterns), len(columns)
            )

        plans = []
        for rule in rules:
            need = [(column(o), any(g in patterns for g in o)) for o in rule.need]
            some = [(column((g,)), g in patterns) for g in rule.some]
            unless = [column((g,)) for g in rule.unless if g not in patterns]
            plans.append((need, some, unless))
        self._columns = list(columns)
        by_group: dict[str, list[int]] = {}
        for groups, at in columns.items():
            for group in groups:
                by_group.setdefault(group, []).append(at)
        self._group_columns = by_group
        per_word = [sorted({c for g in groups for c in by_group.get(g, ())}) for groups in owners]
        self._word_count = np.array([len(c) for c in per_word], dtype=np.int64)
        self._word_start = np.r_[0, np.cumsum(self._word_count)[:-1]].astype(np.int64)
        self._word_flat = np.array([c for cs in per_word for c in cs], dtype=np.int64)
        # rules a matrix product decides, and rules only their patterns can decide
        need_m = np.zeros((len(columns), len(rules)), dtype=np.float32)
        some_m = np.zeros((len(columns), len(rules)), dtype=np.float32)
        need_n = np.zeros(len(rules), dtype=np.float32)
        some_n = np.zeros(len(rules), dtype=np.float32)
        unless_m = np.zeros((len(columns), len(rules)), dtype=np.float32)
        self._by_patterns: list[tuple[Rule, list[tuple[int, tuple[str, ...]]]]] = []
        self._always = False
        for r, (rule, (need, some, unless)) in enumerate(zip(rules, plans, strict=True)):
            unless_m[unless, r] = 1
            for at, maybe in need:
                if not maybe:
                    need_m[at, r] += 1
                    need_n[r] += 1
            for at, maybe in some:
                if maybe:
                    some_n[r] -= 1
                else:
                    some_m[at, r] += 1
            some_n[r] += rule.at_least
            if need_n[r] or some_n[r] > 0:
                continue
            need_m[:, r] = some_m[:, r] = 0
            need_n[r], some_n[r] = 1, 0  # never met by the product: decided below
            if rule.at_least or not rule.need:
                self._always = True
            self._by_patterns.append(
                (
                    rule,
                    [
                        (at, tuple(g for g in o if g in patterns))
                        for (at, _), o in zip(need, rule.need, strict=True)
                    ],
                )
            )
        self._need_m, self._some_m, self._unless_m = need_m, some_m, unless_m
        self._need_n, self._some_n = need_n, some_n

    def keep(
        self,
        compacts: Sequence[str],
        word: IntArray,
        owner: IntArray,
        builtins: Sequence[Mapping[str, object]],
        search: Callable[[str, str], bool],
    ) -> BoolArray:
        """For each post, whether it may fire a rule. `word` and `owner` give every word
        that counts and its post (all of them: `unless` groups are read from them);
        `builtins` the groups the post's indicators give; `search` tells whether a regex
        group occurs in a compact text."""
        count = len(compacts)
        if self._always:
            return np.ones(count, dtype=bool)
        met = np.zeros((count, len(self._columns)), dtype=np.float32)
        if len(word):
            per = self._word_count[word]
            rows = np.repeat(owner, per)
            first = np.repeat(self._word_start[word] - np.cumsum(per) + per, per)
            met[rows, self._word_flat[first + np.arange(len(rows))]] = 1
        for i, groups in enumerate(builtins):
            for group in groups:
                met[i, self._group_columns.get(group, [])] = 1
        may_fire = met @ self._need_m >= self._need_n
        may_fire &= met @ self._some_m >= self._some_n
        may_fire &= met @ self._unless_m == 0
        kept: BoolArray = np.asarray(may_fire.any(axis=1))
        if self._by_patterns:
            rest = np.flatnonzero(~kept).tolist()
            for _, need in self._by_patterns:
                met_by_words = [((met[:, at] > 0).tolist(), names) for at, names in need]
                still = []
                for i in rest:
                    if self._all_met(i, met_by_words, compacts[i], search):
                        kept[i] = True
                    else:
                        still.append(i)
                rest = still
        return kept

    @staticmethod
    def _all_met(
        i: int,
        met_by_words: list[tuple[list[bool], tuple[str, ...]]],
        compact: str,
        search: Callable[[str, str], bool],
    ) -> bool:
        """Whether post i meets every requirement, by its words or by a pattern found."""
        for by_words, names in met_by_words:
            if by_words[i]:
                continue
            for name in names:
                if search(name, compact):
                    break
            else:
                return False
        return True
