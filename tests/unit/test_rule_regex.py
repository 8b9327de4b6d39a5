"""The rules' regex groups that are searched with `re` find, in any text, the first match
that `regex` finds; constructs the engines read differently keep `regex`."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from netpatrol.data import load_json
from netpatrol.detect.rule_regex import held_strings, same_in_re, searchers

SHIPPED = {
    name: regex.compile(p) for name, p in load_json("rules/v1/intent.json")["patterns"].items()
}
ALPHABET = "0123456789一二两三十百元块克g%rjq焦v加微信:：_ab你这是个垃圾猪狗楼主栋单元号室*起每 \n"


@pytest.mark.parametrize(
    ("pattern", "same"),
    [
        ("[0-9]{2,5}(?:元|块)", True),
        ("a(?![a-z])|b(?=[^0-9]|$)", True),
        ("^ab*?c$", True),
        (r"\d+", False),
        (r"\w", False),
        ("(?i)ab", False),
        ("[[:alpha:]]", False),
        ("(?<=a)b", False),
        ("a++", False),
        (r"\p{L}", False),
        ("a.b", False),
        (r"(a)\1", False),
        ("(?>ab)", False),
        ("(", False),
    ],
)
def test_which_patterns_re_runs_alike(pattern: str, same: bool) -> None:
    assert same_in_re(pattern) is same


def test_flags_keep_regex() -> None:
    assert not same_in_re("ab", regex.IGNORECASE | regex.VERSION0)
    assert same_in_re("ab", regex.compile("ab").flags)


def test_the_shipped_patterns_mostly_run_in_re() -> None:
    chosen = searchers(SHIPPED)
    assert isinstance(chosen["price"], re.Pattern)
    assert isinstance(chosen["insult_direct"], re.Pattern)
    assert chosen["digits_handle"] is SHIPPED["digits_handle"]  # '[:' keeps regex


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_both_engines_find_the_same_first_match(text: str) -> None:
    for name, chosen in searchers(SHIPPED).items():
        ours, theirs = chosen.search(text), SHIPPED[name].search(text)
        assert (ours and ours.span()) == (theirs and theirs.span()), (name, text)


@pytest.mark.parametrize(
    ("pattern", "held"),
    [
        ("(?:你|这人)(?:是)?(?:垃圾|废物)", {"垃圾", "废物"}),
        ("[0-9]{2,5}(?:元|块)", {"元", "块"}),
        ("a(?:bc|d)+e", {"e"}),  # of equals, the later
        ("a(?:bc|de)+f", {"bc", "de"}),
        ("ab|c[0-9]d", {"ab", "d"}),
        ("[0-9]+%", {"%"}),
        ("(?:x)?[0-9]+", None),
        ("a|[0-9]+", None),
        ("(?:ab|)c?", None),
        (r"\d+", None),  # not run in re
    ],
)
def test_the_strings_each_match_holds(pattern: str, held: set[str] | None) -> None:
    assert held_strings(pattern) == (None if held is None else frozenset(held))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_a_text_without_a_held_string_has_no_match(text: str) -> None:
    for pattern in SHIPPED.values():
        held = held_strings(pattern.pattern, pattern.flags)
        if held is not None and not any(s in text for s in held):
            assert pattern.search(text) is None


@pytest.mark.parametrize(
    ("pattern", "searched"),
    [
        ("(?:[0-9]{2,5}|[一二])(?:元|块)|每克[0-9]", "(?=[0-9一二每])(?:"),
        ("(?:a|bc)?[x-z]+", "(?=[abx-z])(?:"),
        ("[0-9]+元", "(?=[0-9])(?:"),
        ("(?![b])(?:ab|cd)*e", "(?=[ace])(?:"),
        ("(?:你|这人)(?:是)", None),  # re finds the literal first characters itself
        ("(?:[^a]|b)c", None),  # any character may begin
        ("(?:a)?", None),  # may match the empty string
    ],
)
def test_a_lookahead_for_the_first_characters(pattern: str, searched: str | None) -> None:
    chosen = searchers({"p": regex.compile(pattern)})["p"].pattern
    if searched is None:
        assert chosen == pattern
    else:
        assert chosen == f"{searched}{pattern})"


def test_the_slow_shipped_patterns_are_searched_behind_a_lookahead() -> None:
    chosen = searchers(SHIPPED)
    assert chosen["price"].pattern.startswith("(?=[")
    assert chosen["drop_medicine"].pattern.startswith("(?=[")
