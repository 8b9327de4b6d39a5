"""The rules' regex groups searched with the standard library's engine where it is the same.

The rule data is written for the `regex` module, and `regex` accepts more than `re`. For a
pattern made only of constructs that both engines read and run alike (characters, sets of
characters and ranges, alternation, plain groups, greedy and lazy repetition, lookahead,
`^` and `$`, no flags), both backtrack through the same alternatives in the same order and
so find the same first match; `re` does it two to three times faster on Chinese posts.
Such patterns are searched with `re`; every other pattern keeps `regex`.

`re` tries every alternative of a pattern at every position of a text unless the pattern
begins with a literal. Where the characters a match can begin with are known, the pattern
is searched behind a lookahead for them (`(?=[0-9一二]) ...`): the same matches, found
in a quarter of the time for a price pattern of thirty alternatives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from re import _parser as sre_parse  # type: ignore[attr-defined]  # the standard parser
from typing import Any

import regex

Search = Any  # a compiled pattern of either engine: both offer .search(text)

_PLAIN = frozenset(
    {"LITERAL", "NOT_LITERAL", "IN", "BRANCH", "SUBPATTERN", "MAX_REPEAT", "MIN_REPEAT"}
)
_PLAIN_IN = frozenset({"LITERAL", "RANGE", "NEGATE"})
_PLAIN_AT = frozenset({"AT_BEGINNING", "AT_END"})


def _plain(items: Any) -> bool:
    for op, av in items:
        name = str(op)
        if name == "IN":
            if not all(str(kind) in _PLAIN_IN for kind, _ in av):
                return False
        elif name == "BRANCH":
            if not all(_plain(branch) for branch in av[1]):
                return False
        elif name == "SUBPATTERN":
            if av[1] or av[2] or not _plain(av[3]):
                return False
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            if not _plain(av[2]):
                return False
        elif name == "ASSERT" or name == "ASSERT_NOT":
            if av[0] != 1 or not _plain(av[1]):  # lookahead only
                return False
        elif name == "AT":
            if str(av) not in _PLAIN_AT:
                return False
        elif name not in _PLAIN:
            return False
    return True


def same_in_re(pattern: str, flags: int = 0) -> bool:
    """Whether `re` reads and runs the pattern as `regex` does (see the module's text)."""
    if flags & ~regex.VERSION0 & ~regex.UNICODE or "[[" in pattern or "[:" in pattern:
        return False
    try:
        tree = sre_parse.parse(pattern)
    except (re.error, ValueError, TypeError, OverflowError):
        return False
    return not tree.state.flags & ~re.UNICODE and _plain(list(tree))


def searchers(patterns: Mapping[str, regex.Pattern[str]]) -> dict[str, Search]:
    """Each pattern compiled with `re` where that engine runs it the same, else as given."""
    return {
        name: _compiled_re(p.pattern) if same_in_re(p.pattern, p.flags) else p
        for name, p in patterns.items()
    }


def _compiled_re(pattern: str) -> re.Pattern[str]:
    """The pattern behind a lookahead for the characters its matches begin with, where those
    are known (see the module's text)."""
    items = list(sre_parse.parse(pattern))
    first = _first(items)
    if first is None or first[1] or _prefixed(items):
        return re.compile(pattern)
    ranges = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in sorted(first[0])
    )
    return re.compile(f"(?=[{ranges}])(?:{pattern})")


Ranges = set[tuple[int, int]]


def _prefixed(items: list[Any]) -> bool:
    """Whether `re` finds the first characters itself: the pattern begins with a literal, a
    set, or an alternation whose every branch begins with a literal."""
    while items and str(items[0][0]) == "SUBPATTERN":
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if str(op) == "BRANCH":
        return all(branch and str(branch[0][0]) == "LITERAL" for branch in av[1])
    return str(op) in ("LITERAL", "IN")


def _first(items: list[Any]) -> tuple[Ranges, bool] | None:
    """The characters a match of this sequence may begin with, as code-point ranges, and
    whether it may match the empty string; None where that is not known."""
    found: Ranges = set()
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: the next element gives the first character
        if name == "LITERAL":
            return found | {(av, av)}, False
        if name == "IN":
            if not all(str(kind) in ("LITERAL", "RANGE") for kind, _ in av):
                return None  # negated sets and categories: any character may begin
            return found | {(v, v) if str(k) == "LITERAL" else v for k, v in av}, False
        if name == "SUBPATTERN":
            inner = _first(list(av[3]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            inner = _first(list(av[2]))
            inner = inner and (inner[0], inner[1] or av[0] == 0)
        elif name == "BRANCH":
            parts = [_first(list(branch)) for branch in av[1]]
            if any(part is None for part in parts):
                return None
            inner = (
                {r for part in parts if part for r in part[0]},
                any(part[1] for part in parts if part),
            )
        else:
            return None
        if inner is None:
            return None
        found |= inner[0]
        if not inner[1]:
            return found, False
    return found, True


def held_strings(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of a pattern `re` runs as `regex` does holds (None
    when none are seen): a text that holds none of them needs no search. Taken from one
    element of the pattern's top-level sequence that no match can skip (a literal, a set of
    literals, an alternation of such, a group or a repetition of at least one of them)."""
    if not same_in_re(pattern, flags):
        return None
    return _required(list(sre_parse.parse(pattern)))


def _required(items: list[Any]) -> frozenset[str] | None:
    """Strings one of which every match of this sequence holds, or None when none are seen:
    those of the element whose shortest string is longest, the later one of equals (a
    pattern's cue comes first, the word it leads to after it)."""
    best: frozenset[str] | None = None
    for op, av in items:
        held = _held(str(op), av)
        if held is not None and (best is None or min(map(len, held)) >= min(map(len, best))):
            best = held
    return best


def _held(name: str, av: Any) -> frozenset[str] | None:
    """Strings one of which every match of this one element holds (None: not known)."""
    if name == "LITERAL":
        return frozenset({chr(av)})
    if name == "IN":
        if all(str(kind) == "LITERAL" for kind, _ in av):
            return frozenset(chr(code) for _, code in av)
        return None
    if name == "SUBPATTERN":
        return None if av[1] or av[2] else _required(list(av[3]))
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        return _required(list(av[2])) if av[0] >= 1 else None
    if name == "BRANCH":
        union: set[str] = set()
        for branch in av[1]:
            items = list(branch)
            if items and all(str(op) == "LITERAL" for op, _ in items):
                union.add("".join(chr(code) for _, code in items))  # the whole word
                continue
            held = _required(items)
            if held is None:
                return None
            union |= held
        return frozenset(union)
    return None  # lookarounds, anchors, sets with ranges: nothing every match must hold
