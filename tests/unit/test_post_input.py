import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netpatrol.domain.posts import Platform, Post
from netpatrol.services.patrol.post_input import Rejected, decode_json, parse_post, read_jsonl
from tests.factories import make_posts

GOOD = make_posts(1)[0]


def _line(**changes: object) -> str:
    row = {**GOOD, **changes}
    return json.dumps({k: v for k, v in row.items() if v is not ...}, ensure_ascii=False)


def test_a_good_line_becomes_a_post_and_extra_fields_are_kept() -> None:
    line = _line(topic="#天气#", author={**GOOD["author"], "verified": True})
    [(number, post)] = list(read_jsonl([line]))
    assert number == 1 and not isinstance(post, Rejected)
    assert post.platform is Platform.WEIBO
    assert post.extra == {"topic": "#天气#", "author": {"verified": True}}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "malformed JSON"),
        ("[1, 2]", "expected a JSON object"),
        (_line(platform="myspace"), "platform"),
        (_line(id=...), "id: Field required"),
        (_line(text=...), "text: Field required"),
        (_line(reposts="many"), "reposts"),
        (_line(reposts=-1), "reposts"),
        (_line(created_at="yesterday"), "created_at"),
        (_line(created_at="2026-11-27T08:00:00"), "created_at"),  # no timezone
        (_line(author={"name": "x"}), "author.id"),
    ],
)
def test_bad_lines_are_rejected_with_line_number_and_reason(line: str, reason: str) -> None:
    results = list(read_jsonl(["", _line(), line]))
    assert len(results) == 2
    number, rejected = results[1]
    assert number == 3
    assert isinstance(rejected, Rejected)
    assert rejected.line == 3 and reason in rejected.reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b'{"platform": "weibo", "text": "\xff\xfe"}', "not UTF-8 text"),
        ("[" * 5000 + "]" * 5000, "nested too deep"),
        (
            _line(
                extra={"a": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
            ),
            "nested",
        ),
        (_line(reposts=10**30), "reposts"),
        (_line(likes=2**31), "likes"),
        (_line(created_at="9999-12-31T23:00:00-14:00"), "outside the calendar"),
        (_line(score=float("nan")), "NaN"),
        (_line(id="wb\u00001"), "control characters in an identifier"),
    ],
)
def test_lines_the_database_could_not_hold_are_rejected(line: str | bytes, reason: str) -> None:
    good = _line().encode()
    results = list(read_jsonl([good, line.encode() if isinstance(line, str) else line, good]))
    assert [n for n, _ in results] == [1, 2, 3]
    assert not isinstance(results[0][1], Rejected) and not isinstance(results[2][1], Rejected)
    rejected = results[1][1]
    assert isinstance(rejected, Rejected) and reason in rejected.reason


def test_control_characters_leave_free_text_and_the_change_is_recorded() -> None:
    line = _line(text="冰毒\u0000出售\u0007\t同城\n", author={**GOOD["author"], "name": "a\u001bb"})
    [(_, post)] = list(read_jsonl([line.encode()]))
    assert not isinstance(post, Rejected)
    assert post.text == "冰毒出售\t同城\n" and post.author.name == "ab"
    assert post.extra["control_chars_removed"] == {"text": 2, "author.name": 1}


_PIECES = [
    "平常的话",
    "\\u0000",
    "\\u001f",
    "\\ud800",
    "\\b",
    "\\f",
    "\\\\b",
    "\\n",
    "\\t",
    "\\u4e2d",
    "[",
    "{",
]


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(_PIECES[:10]), max_size=6).map("".join),
    nick=st.lists(st.sampled_from(_PIECES[:10]), max_size=3).map("".join),
    depth=st.integers(min_value=0, max_value=40),
    as_text=st.booleans(),
)
def test_a_line_read_without_cleaning_is_read_as_with_it(
    text: str, nick: str, depth: int, as_text: bool
) -> None:
    """Cleaning is skipped only for lines that cannot need it: the outcome is the same."""
    base = make_posts(1)[0]
    nested = "[" * depth + "1" + "]" * depth
    line = (
        f'{{"platform": "weibo", "id": "x1", "text": "{text}好", "created_at": '
        f'"{base["created_at"]}", "author": {{"id": "a1", "name": "{nick}"}}, "n": {nested}}}'
    )
    raw: str | bytes = line if as_text else line.encode()
    [(_, fast)] = list(read_jsonl([raw]))
    try:
        slow: Post | Rejected = parse_post(decode_json(raw), clean=True)
    except ValueError as exc:
        slow = Rejected(1, str(exc))
    assert repr(fast) == repr(slow)


def test_text_lines_with_raw_control_characters_are_cleaned() -> None:
    line = json.dumps({**make_posts(1)[0], "text": "好\x07好"}, ensure_ascii=False)
    [(_, post)] = list(read_jsonl([line.replace("\\u0007", "\x07")]))
    assert isinstance(post, Rejected) or "\x07" not in post.text
