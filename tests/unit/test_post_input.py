import json

import pytest

from netpatrol.domain.posts import Platform
from netpatrol.services.patrol.post_input import Rejected, read_jsonl
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
