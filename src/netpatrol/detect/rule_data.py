"""The intent rules' data: word groups, regex groups and rules over them, checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from netpatrol.detect.normalise import Normaliser
from netpatrol.domain.categories import Category

BUILT_IN = ("$contact", "$link", "$apk", "$short", "$lookalike", "$cheap_tld")
Span = tuple[int, int]  # in the compact view, or (-1, i) for the i-th indicator


class RuleError(ValueError):
    """The rule data is malformed; the message names the rule or group."""


@dataclass(frozen=True)
class Rule:
    name: str
    category: Category
    weight: float
    need: tuple[tuple[str, ...], ...]  # every entry must hold: one of its groups occurs
    some: tuple[str, ...] = ()
    at_least: int = 0
    unless: tuple[str, ...] = ()  # any of these groups keeps the rule from firing

    def may_fire(self, present: Mapping[str, Span], patterns: Mapping[str, object]) -> bool:
        """False when a requirement that no pattern can meet is missing already."""
        if any(g in present for g in self.unless):
            return False
        return all(any(g in present or g in patterns for g in options) for options in self.need)

    def fires(self, present: Mapping[str, Span]) -> list[str] | None:
        """The groups that carry the rule, or None when it does not fire."""
        for group in self.unless:
            if group in present:
                return None
        used: list[str] = []
        for options in self.need:  # the first group of each entry that is present
            for group in options:
                if group in present:
                    used.append(group)
                    break
            else:
                return None
        if self.at_least:
            extra = [g for g in self.some if g in present]
            if len(extra) < self.at_least:
                return None
            used += extra
        return used


def parse_rules(
    document: Mapping[str, Any], normaliser: Normaliser
) -> tuple[str, dict[str, list[str]], dict[str, regex.Pattern[str]], list[Rule]]:
    """(version, word groups in the compact view, regex groups, rules), checked."""
    try:
        version = str(document["version"])
        raw_groups = dict(document["groups"])
        raw_patterns = dict(document.get("patterns", {}))
        raw_rules = list(document["rules"])
    except (KeyError, TypeError, ValueError) as exc:
        raise RuleError(f"rule document is malformed: {exc}") from None
    groups: dict[str, list[str]] = {}
    for name, words in raw_groups.items():
        compact = [n.compact for n in normaliser.normalise_many([str(w) for w in words])]
        if not compact or "" in compact:
            raise RuleError(f"group {name!r} is empty or has a word that normalises to nothing")
        groups[name] = compact
    try:
        patterns = {name: regex.compile(str(p)) for name, p in raw_patterns.items()}
    except regex.error as exc:
        raise RuleError(f"a pattern does not compile: {exc}") from None
    known = set(groups) | set(patterns) | set(BUILT_IN)
    rules = [_rule(raw, known) for raw in raw_rules]
    if len({r.name for r in rules}) != len(rules):
        raise RuleError("two rules share a name")
    return version, groups, patterns, rules


def _rule(raw: Mapping[str, Any], known: set[str]) -> Rule:
    try:
        need = tuple(
            (entry,) if isinstance(entry, str) else tuple(entry) for entry in raw.get("need", ())
        )
        some = raw.get("some", {})
        rule = Rule(
            str(raw["name"]),
            Category(raw["category"]),
            float(raw["weight"]),
            need,
            tuple(some.get("of", ())),
            int(some.get("at_least", 0)),
            tuple(str(g) for g in raw.get("unless", ())),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RuleError(f"rule {raw!r} is malformed: {exc}") from None
    unknown = {g for options in rule.need for g in options} | set(rule.some) | set(rule.unless)
    if unknown - known:
        raise RuleError(f"rule {rule.name!r} names unknown groups: {sorted(unknown - known)}")
    if not rule.category.is_violation or not 0.0 < rule.weight <= 1.0:
        raise RuleError(f"rule {rule.name!r}: category or weight out of range")
    if not rule.need and not rule.at_least:
        raise RuleError(f"rule {rule.name!r} needs nothing")
    return rule
