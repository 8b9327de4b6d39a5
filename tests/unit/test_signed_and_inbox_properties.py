"""Properties over generated input (hypothesis) for signed calls and the inbox parser: the
signature does not depend on how the body was cut into chunks, any header a client sends is
refused with Unauthorised and nothing else, and a pushed message is stored only with
storable text and a time in range, or refused with a reason."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netpatrol.domain.text import unstorable
from netpatrol.domain.units import Unit, UnitLevel
from netpatrol.services.inbox.intake import parse_item
from netpatrol.services.patrol.post_input import EARLIEST, LATEST
from netpatrol.services.signing import calls

QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
STAMP = str(int(NOW.timestamp()))
NONCE = "a-fresh-nonce-0001"
ACCOUNT = "@北京网警巡查执法"
UNIT = Unit(
    code="110000",
    name="北京市公安局网安总队",
    level=UnitLevel.PROVINCE,
    parent_code="000000",
    region_codes=["110000"],
    among_first_50=True,
    channel_accounts={"weibo": ACCOUNT},
    id=2,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@QUICK
@given(st.binary(max_size=2000), st.lists(st.integers(0, 2000), max_size=6))
def test_the_signature_is_the_same_however_the_body_streams_in(
    body: bytes, cuts: list[int]
) -> None:
    signer = calls.start("k" * 20, STAMP, NONCE, NOW)
    edges = [0, *sorted(cuts), len(body)]
    for start, end in itertools.pairwise(edges):
        signer.update(body[start:end])
    calls.finish(signer, calls.signature("k" * 20, body, STAMP, NONCE))


@QUICK
@given(st.text(max_size=90), st.text(max_size=20), st.text(max_size=70))
def test_any_signature_headers_are_refused_with_unauthorised_only(
    given_signature: str, timestamp: str, nonce: str
) -> None:
    try:
        signer = calls.start("k" * 20, timestamp, nonce, NOW)
        signer.update(b"{}")
        calls.finish(signer, given_signature)
    except calls.Unauthorised as exc:
        assert str(exc)
    else:  # only the right signature over a fresh stamp and a well-formed nonce passes
        assert given_signature == calls.signature("k" * 20, b"{}", timestamp, nonce)


@QUICK
@given(
    st.fixed_dictionaries(
        {"id": st.text(max_size=10), "text": st.text(max_size=40), "created_at": json_values},
        optional={"sender": json_values, "kind": json_values, "in_reply_to": json_values},
    )
)
def test_a_pushed_message_is_stored_clean_or_refused_with_a_reason(item: dict[str, Any]) -> None:
    item = {"account": ACCOUNT, "sender": {"id": "n1", "name": "网友"}, **item}
    try:
        message = parse_item("weibo", item, {("weibo", ACCOUNT): UNIT})
    except ValueError as exc:
        assert str(exc)
        return
    for text in (message.text, message.sender_name, message.external_id, message.sender_id):
        assert not unstorable(text)
    assert EARLIEST <= message.received_at < LATEST
