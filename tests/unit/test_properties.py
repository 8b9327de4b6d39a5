"""Properties over generated input (hypothesis): the parsers refuse with a reason and never
crash, and the detectors' spans stay inside the text they were given."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netpatrol.bootstrap import build_normaliser
from netpatrol.detect.indicators.extract import extract
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.text import cleaned, unstorable
from netpatrol.services.patrol import ingest
from netpatrol.services.patrol.post_input import decode_line, parse_post
from netpatrol.services.public.reports import Submission, check
from tests.factories import make_posts

NORMALISER = build_normaliser()
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
VALID = make_posts(1)[0]
FIELDS = ["platform", "id", "author", "text", "created_at", "links", "reposts", "likes"]


@QUICK
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_a_value_or_a_reason(raw: bytes) -> None:
    try:
        decode_line(raw)
    except ValueError as exc:
        assert str(exc)


@QUICK
@given(st.sampled_from(FIELDS), json_values)
def test_a_post_with_any_field_value_parses_or_says_why(field: str, value: Any) -> None:
    try:
        post = parse_post({**VALID, field: value})
    except ValueError as exc:
        assert str(exc)
        return
    assert not unstorable(post.text) and post.reposts < 2**31 and post.likes < 2**31
    assert 1990 <= post.created_at.year < 2100


@QUICK
@given(st.text(max_size=200))
def test_text_with_control_characters_is_cleaned_and_counted(text: str) -> None:
    kept, removed = cleaned(text)
    assert not unstorable(kept) and len(kept) + removed == len(text)


@QUICK
@given(st.lists(st.one_of(json_values.map(json.dumps), st.text(max_size=40)), max_size=8))
def test_every_pushed_line_is_stored_or_reported_with_its_number(lines: list[str]) -> None:
    body = "\n".join(lines).encode("utf-8", "surrogatepass")
    posts, rejected = ingest.parse_lines("weibo", body)
    numbers = [r.line for r in rejected]
    assert numbers == sorted(set(numbers))
    assert all(1 <= n <= body.count(b"\n") + 1 for n in numbers)
    assert len(posts) + len(rejected) <= len([line for line in body.split(b"\n") if line.strip()])


@QUICK
@given(st.text(max_size=60), st.text(max_size=300), st.text(max_size=120), st.text(max_size=60))
def test_a_report_is_accepted_or_refused_with_reasons(
    category: str, text: str, link: str, contact: str
) -> None:
    try:
        _, kept_text, kept_link, _ = check(Submission(category, text, link, contact))
    except RuleViolation as exc:
        assert str(exc)
        return
    assert not unstorable(kept_text) and not unstorable(kept_link)


@QUICK
@given(st.text(max_size=120), st.data())
def test_compact_spans_map_back_inside_the_original(text: str, data: st.DataObject) -> None:
    norm = NORMALISER.normalise(text)
    if not norm.compact:
        return
    start = data.draw(st.integers(0, len(norm.compact) - 1))
    end = data.draw(st.integers(start + 1, len(norm.compact)))
    s, e = norm.to_original(start, end)
    assert 0 <= s < e <= len(text)


@QUICK
@given(
    st.text(
        st.sampled_from("0123456789abcdefghijklmnopqrstuvwxyz.:/-_@ 加微信QQ号https一三八[]()hxxp"),
        max_size=120,
    )
)
def test_indicators_lie_inside_the_text_in_order(text: str) -> None:
    found = extract(text)
    assert all(0 <= i.start < i.end <= len(text) and i.value for i in found)
    assert [i.start for i in found] == sorted(i.start for i in found)
