"""Intent rules (意图规则): an item is innocent alone; the trade context makes it an offence.

Shipped, versioned data (`data/rules/v1/intent.json`) names word groups (a drug's street
name, selling verbs, a price per gram, a contact cue, "not a toy") and rules over them:
a rule fires when every group in `need` occurs in the post and, where `some` is given, at
least `at_least` of those groups too. So "糖" in a recipe is nothing, and "糖 一克四百
同城闪送" is a drug offer. Fraud scripts are rules of the same kind: an authority, an
accusation and a demand for money or secrecy together are a police-impersonation script;
each alone is an ordinary word.

Besides words, three groups are read from the post itself: `$contact` (a phone number,
QQ, WeChat or payment account the extractor found), `$link` (a link or bare domain) and
`$apk` (a link to an app package), `$short` (a short link), `$lookalike` (a host that
wears a brand's or an authority's name but is not theirs) and `$cheap_tld`. Regex groups
catch prices and quantities.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from netpatrol.detect.base import Item, Signal
from netpatrol.detect.indicators import IndicatorKind
from netpatrol.detect.lookalike import LookalikeJudge
from netpatrol.detect.matching import BatchMatcher
from netpatrol.detect.normalise import Normaliser
from netpatrol.detect.rule_data import BUILT_IN, Rule, RuleError, Span, parse_rules
from netpatrol.detect.rule_regex import held_strings, searchers
from netpatrol.detect.rule_screen import RuleScreen

__all__ = ["BUILT_IN", "IntentRuleDetector", "Rule", "RuleError", "parse_rules"]

CONTACT_KINDS = frozenset(
    {
        IndicatorKind.PHONE,
        IndicatorKind.LANDLINE,
        IndicatorKind.QQ,
        IndicatorKind.WECHAT,
        IndicatorKind.ALIPAY,
        IndicatorKind.CRYPTO,
        IndicatorKind.BANK_CARD,
    }
)
LINK_KINDS = frozenset({IndicatorKind.URL, IndicatorKind.DOMAIN, IndicatorKind.SHORT_LINK})


def _stands_alone(text: str, start: int, end: int) -> bool:
    """No ASCII letter or digit touches the span on either side."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


# 从不收取保证金 is a denial; 禁止出售仿真枪 and 严禁 state a rule, not an offer; 不是水弹 says
# what the item is not
_NEGATORS: tuple[str, ...] = ("不收", "不交", "不接", "不拍", "不设", "拒绝", "不接受", "无需")
_NEGATORS += ("不用", "不要", "免收", "没有", "不需要", "不会", "不收取", "禁止", "严禁", "不卖")
_NEGATORS += ("不是",)
_NEGATING_CHARS = frozenset("不无免没零非")


_NEGATOR_ENDS = frozenset(n[-1] for n in _NEGATORS)
# 不收任何押金, 无需一切手续, 不保证包过, 不会承诺收益: still the denial (of any word)
_FILLERS = ("任何", "一切", "保证", "承诺")
_CONJUNCTIONS = frozenset("和或及、")
_CONJOINED_REACH = 6  # 不设任何竞猜和下注: the denial reaches a word this far back, in one clause
_CLAUSE_ENDS = frozenset("，,。.！!？?；;：:")


def _negated(text: str, start: int) -> bool:
    """A denial just before the word: 不收押金, 零押金, 无需保证金, 不收任何押金; and the
    word joined to a denied one by 和, 或, 及 or 、 (不收押金和服务费)."""
    if start and text[start - 1] in _CONJUNCTIONS:
        for at in range(start - 2, max(-1, start - 2 - _CONJOINED_REACH), -1):
            if text[at] in _CLAUSE_ENDS:
                break
            if _negated_here(text, at):
                return True
    return _negated_here(text, start)


def _by_length(words: Sequence[str]) -> list[tuple[int, frozenset[str]]]:
    """The words grouped by length, in the order of their first appearance."""
    lengths = dict.fromkeys(len(w) for w in words)
    return [(n, frozenset(w for w in words if len(w) == n)) for n in lengths]


_FILLERS_BY_LENGTH = _by_length(_FILLERS)
_NEGATORS_BY_LENGTH = _by_length(_NEGATORS)
_ASKS = frozenset(("有没有", "是不是"))  # 有没有笑气 and 是不是骗子 ask; they deny nothing


def _negated_here(text: str, start: int) -> bool:
    # each test looks up the characters before `start` in a set (the words' lengths are few)
    for n, fillers in _FILLERS_BY_LENGTH:
        if start >= n and text[start - n : start] in fillers:
            start -= n
            break
    if not start:
        return False
    before = text[start - 1]
    if before in _NEGATING_CHARS:
        return True
    if before not in _NEGATOR_ENDS:
        return False
    if start >= 3 and text[start - 3 : start] in _ASKS:
        return False
    return any(start >= n and text[start - n : start] in words for n, words in _NEGATORS_BY_LENGTH)


_ASCII_ALNUM = np.zeros(0x110000, dtype=bool)
_ASCII_ALNUM[[ord(c) for c in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]] = (
    True
)
_NEGATING = np.zeros(0x110000, dtype=bool)
_NEGATING[[ord(c) for c in _NEGATING_CHARS]] = True
_MAY_NEGATE = np.zeros(0x110000, dtype=bool)
_MAY_NEGATE[
    [ord(c) for c in (_NEGATOR_ENDS | {f[-1] for f in _FILLERS} | _CONJUNCTIONS) - _NEGATING_CHARS]
] = True


class IntentRuleDetector:
    """Fires the intent rules; a firing gives one signal per group that carried it (one ref)."""

    def __init__(
        self,
        document: Mapping[str, Any],
        normaliser: Normaliser,
        lookalike: LookalikeJudge | None = None,
        name: str = "intent",
    ) -> None:
        self._name = name
        self._lookalike = lookalike
        self._version, groups, self._patterns, self._rules = parse_rules(document, normaliser)
        self._words: list[str] = []
        self._owners: list[list[str]] = []
        index: dict[str, int] = {}
        for group, words in groups.items():
            for word in words:
                if word not in index:
                    index[word] = len(self._words)
                    self._words.append(word)
                    self._owners.append([])
                self._owners[index[word]].append(group)
        self._matcher = BatchMatcher(self._words)
        # A pattern group is searched only in posts that hold one of the strings each of its
        # matches holds ('you ... <insult>': the insults), found by a matcher of its own
        # (`build_detection` joins it to the batch's one scan).
        self._held: dict[str, list[int]] = {}
        held_index: dict[str, int] = {}
        for name, pattern in self._patterns.items():
            strings = held_strings(pattern.pattern, pattern.flags)
            if strings is None or any(len(s) == 1 and s.isascii() and s.isalnum() for s in strings):
                continue  # a lone letter or digit would add more matches than it saves
            for string in sorted(strings):
                held_index.setdefault(string, len(held_index))
            self._held[name] = sorted(held_index[string] for string in strings)
        self._held_matcher = BatchMatcher(list(held_index)) if held_index else None
        self._ascii = [word.isascii() and word.isalnum() for word in self._words]
        self._ascii_words = np.array(self._ascii, dtype=bool)
        # Most posts hold none of a rule's anchor (its first requirement without a pattern):
        # they cost one dictionary look-up per group found, and no pattern is run for them.
        self._by_anchor: dict[str, list[int]] = {}
        self._unanchored: list[int] = []
        self._needs_patterns: list[list[str]] = []
        # what may_fire asks, as sets: the groups that stop a rule, and each requirement
        # no pattern can meet
        self._checks: list[tuple[frozenset[str], list[frozenset[str]]]] = [
            (
                frozenset(rule.unless),
                [frozenset(o) for o in rule.need if not set(o) & set(self._patterns)],
            )
            for rule in self._rules
        ]
        for number, rule in enumerate(self._rules):
            named = {g for options in rule.need for g in options} | set(rule.some)
            self._needs_patterns.append(sorted(named & set(self._patterns)))
            anchor = next((opts for opts in rule.need if not set(opts) & set(self._patterns)), None)
            if anchor is None:
                self._unanchored.append(number)
            for group in anchor or ():
                self._by_anchor.setdefault(group, []).append(number)
        self._screen = RuleScreen(self._rules, self._owners, frozenset(self._patterns))
        self._searchers = searchers(self._patterns)  # `re` where it finds what `regex` does

    @property
    def matcher(self) -> BatchMatcher:
        """The matcher of this rules' words (`share_scan` may join it to others)."""
        return self._matcher

    def get_name(self) -> str:
        return self._name

    def get_version(self) -> str:
        if self._lookalike is None:
            return self._version
        return f"{self._version}+brands.{self._lookalike.version}"

    @property
    def rules(self) -> list[Rule]:
        return list(self._rules)

    def groups_in(
        self,
        item: Item,
        matches: Sequence[tuple[int, int, int]],
        builtins: Mapping[str, Span] | None = None,
        checked: bool = False,
    ) -> dict[str, Span]:
        """Each word group and built-in group present in the post, with where it first occurs
        (pattern groups are searched only for the rules that may fire). `checked`: the
        matches hold only words that stand alone and are not denied (see `_counting`)."""
        present: dict[str, Span] = {}
        compact = item.norm.compact
        for index, start, end in matches:
            if checked:
                pass  # the batch kept only the words that count
            elif self._ascii[index] and not _stands_alone(compact, start, end):
                continue  # 'bc' or 'yp' inside a link or an id is no word
            elif _negated(compact, start):
                continue  # 不收押金, 无需保证金: the cue denied
            for group in self._owners[index]:
                present.setdefault(group, (start, end))
        for group, span in (self.builtins(item) if builtins is None else builtins).items():
            present.setdefault(group, span)
        return present

    def builtins(self, item: Item) -> dict[str, Span]:
        """The built-in groups the post's indicators give, each with its first indicator."""
        present: dict[str, Span] = {}
        for i, indicator in enumerate(item.indicators):
            if indicator.kind in CONTACT_KINDS:
                present.setdefault("$contact", (-1, i))
            elif indicator.kind in LINK_KINDS:
                present.setdefault("$link", (-1, i))
                if indicator.value.endswith(".apk") or ".apk?" in indicator.value:
                    present.setdefault("$apk", (-1, i))
                if indicator.kind is IndicatorKind.SHORT_LINK:
                    present.setdefault("$short", (-1, i))
                elif indicator.kind is IndicatorKind.DOMAIN and self._lookalike is not None:
                    verdict = self._lookalike.judge(indicator.value)
                    if verdict.lookalike:
                        present.setdefault("$lookalike", (-1, i))
                    if verdict.cheap_tld:
                        present.setdefault("$cheap_tld", (-1, i))
        return present

    def _candidates(self, present: Mapping[str, Span]) -> list[int]:
        """The rules that may still fire once their patterns are searched."""
        found = set(self._unanchored)
        for group in present:
            found.update(self._by_anchor.get(group, ()))
        keys = present.keys()
        out = []
        for n in sorted(found):
            unless, needs = self._checks[n]
            if keys.isdisjoint(unless) and not any(keys.isdisjoint(o) for o in needs):
                out.append(n)
        return out

    def _with_patterns(
        self,
        compact: str,
        present: dict[str, Span],
        rules: list[int],
        holding: Mapping[str, set[str]] | None = None,
    ) -> None:
        """Adds the pattern groups the rules need that occur; `holding` (see _holding): a
        group is not searched in a post that holds none of its strings."""
        for name in {p for number in rules for p in self._needs_patterns[number]}:
            texts = holding.get(name) if holding else None
            if texts is not None and compact not in texts:
                continue
            hit = self._searchers[name].search(compact)
            if hit:
                present.setdefault(name, hit.span())

    def _search(self, name: str, compact: str) -> bool:
        return self._searchers[name].search(compact) is not None

    def detect(self, items: Sequence[Item]) -> list[list[Signal]]:
        results: list[list[Signal]] = [[] for _ in items]
        if not items:
            return results
        compacts = [i.norm.compact for i in items]
        word, owner, start, end = self._matcher.find_arrays(compacts)
        holding = self._holding(compacts)
        search = self._search_where(holding)
        counting = self._counting(compacts, word, owner, start, end)
        word, owner, start, end = word[counting], owner[counting], start[counting], end[counting]
        builtins = [self.builtins(item) if item.indicators else {} for item in items]
        kept = self._screen.keep(compacts, word, owner, builtins, search)
        bounds = np.searchsorted(owner, np.arange(len(items) + 1)).tolist()
        words, starts, ends = word.tolist(), start.tolist(), end.tolist()
        for i in np.flatnonzero(kept).tolist():
            low, high = bounds[i], bounds[i + 1]
            matches = list(zip(words[low:high], starts[low:high], ends[low:high], strict=True))
            results[i] = self._signals(items[i], matches, builtins[i], True, holding)
        return results

    @property
    def held_matcher(self) -> BatchMatcher | None:
        """The matcher of the strings pattern groups' matches hold (`share_scan` may join
        it to others); None when no group has any."""
        return self._held_matcher

    def _holding(self, compacts: Sequence[str]) -> dict[str, set[str]]:
        """For each pattern group with strings its matches hold, the posts holding one."""
        if self._held_matcher is None:
            return {}
        string, owner, _, _ = self._held_matcher.find_arrays(compacts)
        held_by = np.zeros(len(self._held_matcher._patterns), dtype=bool)
        out: dict[str, set[str]] = {}
        for name, ids in self._held.items():
            held_by[:] = False
            held_by[ids] = True
            out[name] = {compacts[i] for i in np.unique(owner[held_by[string]]).tolist()}
        return out

    def _search_where(self, holding: Mapping[str, set[str]]) -> Callable[[str, str], bool]:
        """_search, answering at once for a post that holds none of a group's strings."""

        def search(name: str, compact: str) -> bool:
            texts = holding.get(name)
            if texts is not None and compact not in texts:
                return False
            return self._searchers[name].search(compact) is not None

        return search

    def _counting(
        self,
        compacts: Sequence[str],
        word: npt.NDArray[np.int64],
        owner: npt.NDArray[np.int64],
        start: npt.NDArray[np.int64],
        end: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.bool_]:
        """Which matches count as words: what `groups_in` checks one match at a time, for
        the whole batch with table look-ups over the characters either side of each."""
        if not len(word):
            return np.zeros(0, dtype=bool)
        # the joined texts with a space at each end: the space stands for 'no character'
        codes = np.frombuffer((" " + "\x00".join(compacts) + " ").encode("utf-32-le"), np.uint32)
        lengths = np.fromiter((len(c) for c in compacts), np.int64, len(compacts))
        first = np.r_[0, np.cumsum(lengths + 1)[:-1]] + 1  # where each text starts in `codes`
        at = first[owner] + start
        before = np.where(start > 0, codes[at - 1], ord(" "))
        after = codes[first[owner] + end]  # NUL or the closing space past a text's end
        ascii_word = self._ascii_words[word]
        counts = ~(ascii_word & (_ASCII_ALNUM[before] | _ASCII_ALNUM[after]))
        counts &= ~_NEGATING[before]
        for k in np.flatnonzero(counts & _MAY_NEGATE[before]).tolist():
            counts[k] = not _negated(compacts[int(owner[k])], int(start[k]))
        return np.asarray(counts, dtype=bool)

    def _signals(
        self,
        item: Item,
        matches: Sequence[tuple[int, int, int]],
        builtins: Mapping[str, Span],
        checked: bool = False,
        holding: Mapping[str, set[str]] | None = None,
    ) -> list[Signal]:
        present = self.groups_in(item, matches, builtins, checked)
        candidates = self._candidates(present)
        signals: list[Signal] = []
        if candidates:
            self._with_patterns(item.norm.compact, present, candidates, holding)
        for rule in (self._rules[number] for number in candidates):
            used = rule.fires(present)
            if used is None:
                continue
            for group in dict.fromkeys(used):
                start, end = self._original(item, present[group])
                signals.append(
                    Signal(
                        rule.category,
                        rule.weight,
                        start,
                        end,
                        item.text[start:end],
                        self._name,
                        rule.name,
                    )
                )
        return signals

    @staticmethod
    def _original(item: Item, span: Span) -> Span:
        if span[0] < 0:
            found = item.indicators[span[1]]
            return found.start, found.end
        return item.norm.to_original(*span)
