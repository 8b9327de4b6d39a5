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
