"""The batch matcher finds, per text, what a scan of that text alone finds."""

from __future__ import annotations

import ahocorasick_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netpatrol.detect.matching import BatchMatcher, share_scan

PATTERNS = ["冰", "冰毒", "毒", "ab", "b", "abc", "微信", "信", "出售", "售冰"]
texts = st.lists(st.text(alphabet="冰毒ab c微信出售\x00é", max_size=30), max_size=8)


def _alone(patterns: list[str], text: str, leftmost_longest: bool) -> list[tuple[int, int, int]]:
    kind = (
        ahocorasick_rs.MatchKind.LeftmostLongest
        if leftmost_longest
        else ahocorasick_rs.MatchKind.Standard
    )
    automaton = ahocorasick_rs.AhoCorasick(patterns, matchkind=kind)
    return [
        tuple(m) for m in automaton.find_matches_as_indexes(text, overlapping=not leftmost_longest)
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.booleans())
def test_a_batch_finds_what_each_text_alone_finds(batch: list[str], longest: bool) -> None:
    found = BatchMatcher(PATTERNS, leftmost_longest=longest).find(batch)
    assert found == [_alone(PATTERNS, t, longest) for t in batch]


def test_the_arrays_name_the_owner_and_offsets_within_it() -> None:
    index, owner, start, end = BatchMatcher(["毒", "ab"]).find_arrays(["x", "冰毒 ab", "", "毒"])
    assert index.tolist() == [0, 1, 0]
    assert owner.tolist() == [1, 1, 3]
    assert start.tolist() == [1, 3, 0]
    assert end.tolist() == [2, 5, 1]


def test_an_empty_batch_and_a_batch_without_matches() -> None:
    matcher = BatchMatcher(["毒"])
    assert matcher.find([]) == []
    assert matcher.find(["abc", ""]) == [[], []]


def test_a_pattern_with_the_separator_is_refused() -> None:
    with pytest.raises(ValueError, match="separator"):
        BatchMatcher(["a\x00b"])


words = st.lists(st.text(alphabet="冰毒ab微信😀é", min_size=1, max_size=3), min_size=1, max_size=6)
wide_texts = st.lists(st.text(alphabet="冰毒ab c微信😀é\x00", max_size=30), max_size=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(words, min_size=1, max_size=3), wide_texts)
def test_matchers_sharing_a_scan_find_what_each_finds_alone(
    sets: list[list[str]], batch: list[str]
) -> None:
    alone = [BatchMatcher(patterns).find(batch) for patterns in sets]
    shared = [BatchMatcher(patterns) for patterns in sets]
    share_scan(shared)
    # twice: the second answer comes from the batch's kept scan
    assert [m.find(batch) for m in shared] == alone
    assert [m.find(batch) for m in shared] == alone
    assert [m.find(batch[:1]) for m in shared] == [
        BatchMatcher(patterns).find(batch[:1]) for patterns in sets
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(words, min_size=1, max_size=2), words, wide_texts, st.data())
def test_a_matcher_screened_by_a_shared_scan_finds_what_it_finds_alone(
    sets: list[list[str]], variants: list[str], batch: list[str], data: st.DataObject
) -> None:
    alone = BatchMatcher(variants, leftmost_longest=True)
    shared = [BatchMatcher(patterns) for patterns in sets]
    screened = BatchMatcher(variants, leftmost_longest=True)
    share_scan(shared, [screened])
    assert screened.find(batch) == alone.find(batch)
    # then the shared matchers read the batch with some texts rewritten, as folding does
    changed = [data.draw(st.sampled_from(["", "冰毒", "ab 微信", t[::-1]])) for t in batch]
    rewritten = [c if data.draw(st.booleans()) else t for t, c in zip(batch, changed, strict=True)]
    assert [m.find(rewritten) for m in shared] == [
        BatchMatcher(patterns).find(rewritten) for patterns in sets
    ]


def test_a_batch_with_one_text_rewritten_is_scanned_again_for_that_text_only() -> None:
    shared = [BatchMatcher(["冰毒", "毒"]), BatchMatcher(["微信", "信"])]
    share_scan(shared)
    batch = ["冰毒 微信", "x", "毒信", "ab", "信毒", "", "微信冰毒", "毒"]
    assert [m.find(batch) for m in shared] == [
        BatchMatcher(m._patterns).find(batch) for m in shared
    ]
    rewritten = [*batch[:2], "冰毒微信毒", *batch[3:]]
    for matcher in shared:  # the arrays too: texts in order, as the rules' bounds need
        got = matcher.find_arrays(rewritten)
        expected = BatchMatcher(matcher._patterns).find_arrays(rewritten)
        assert [a.tolist() for a in got] == [a.tolist() for a in expected]


def test_only_overlapping_matchers_share_a_scan() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        share_scan([BatchMatcher(["a"]), BatchMatcher(["b"], leftmost_longest=True)])


def test_offsets_count_characters_of_every_width() -> None:
    index, owner, start, end = BatchMatcher(["毒", "é", "😀x"]).find_arrays(["a😀x毒", "é毒"])
    assert list(zip(index.tolist(), owner.tolist(), start.tolist(), end.tolist(), strict=True)) == [
        (2, 0, 1, 3),
        (0, 0, 3, 4),
        (1, 1, 0, 1),
        (0, 1, 1, 2),
    ]


def test_a_text_with_a_lone_surrogate_is_refused_as_the_str_api_refuses_it() -> None:
    with pytest.raises(UnicodeEncodeError):
        _alone(["毒"], "\ud800毒", False)
    with pytest.raises(UnicodeEncodeError):
        BatchMatcher(["毒"]).find(["\ud800毒", "毒"])


def test_the_engine_reads_lexicon_rules_and_speech_from_one_scan() -> None:
    from netpatrol.bootstrap import build_detection
    from netpatrol.detect.lexicon import LexiconDetector
    from netpatrol.detect.rules import IntentRuleDetector

    engine = build_detection(with_classifier=False)
    lexicon = next(d for d in engine.registry if isinstance(d, LexiconDetector))
    intent = next(d for d in engine.registry if isinstance(d, IntentRuleDetector))
    assert engine.discourse is not None
    scans = {id(m._shared[0]) for m in (lexicon.matcher, intent.matcher, engine.discourse.matcher)}
    assert len(scans) == 1
    # and the normaliser's variant spellings are looked for in that scan too
    variants = engine.normaliser.variants
    assert variants is not None and variants._screen is not None
    assert id(variants._screen[0]) in scans
