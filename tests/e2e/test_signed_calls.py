"""One check for every signed call from a platform (pushes of posts and of messages, answers
to takedown notices), on both databases: the nonce is remembered in the database, so a copy
of a call is refused by every server process and on every signed route, and a malformed
body behind a good signature is a 422, never a 500."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from netpatrol.adapters.db.tables.signing import SpentNonceRow
from netpatrol.adapters.memory.uow import MemoryUnitOfWork
from netpatrol.bootstrap import Container
from netpatrol.services.signing import calls
from netpatrol.web.app import create_app
from tests.e2e.test_ingest import SECRET, signed, weibo_posts

DEEP = b"[" * 5000 + b"]" * 5000


@pytest.fixture
def keyed(container: Container) -> Container:
    container.settings = container.settings.model_copy(update={"ingest_keys": f"weibo:{SECRET}"})
    return container


@pytest.fixture
def client(keyed: Container) -> Iterator[TestClient]:
    with TestClient(create_app(keyed.settings, keyed)) as client:
        yield client


def test_a_push_copied_to_another_server_process_is_a_replay(
    client: TestClient, keyed: Container
) -> None:
    body = json.dumps({"posts": weibo_posts(1)}, ensure_ascii=False).encode()
    headers = signed(body)
    assert client.post("/api/v1/ingest", content=body, headers=headers).status_code == 200
    with TestClient(create_app(keyed.settings, keyed)) as other:
        replay = other.post("/api/v1/ingest", content=body, headers=headers)
    assert replay.status_code == 409
    assert "replayed" in replay.json()["detail"]


def test_a_nonce_spent_on_one_signed_route_is_spent_on_all(client: TestClient) -> None:
    body = json.dumps({"posts": weibo_posts(1)}, ensure_ascii=False).encode()
    headers = signed(body)
    assert client.post("/api/v1/ingest", content=body, headers=headers).status_code == 200
    answer = json.dumps({"answer": "removed"}).encode()
    again = {**signed(answer), "X-Netpatrol-Nonce": headers["X-Netpatrol-Nonce"]}
    again["X-Netpatrol-Signature"] = calls.signature(
        SECRET, answer, again["X-Netpatrol-Timestamp"], again["X-Netpatrol-Nonce"]
    )
    refused = client.post("/api/v1/platform/notices/1", content=answer, headers=again)
    assert refused.status_code == 409


@pytest.mark.parametrize(
    "change",
    [
        {"X-Netpatrol-Signature": "sha256=签名".encode()},
        {"X-Netpatrol-Timestamp": "１２３".encode()},
        {"X-Netpatrol-Nonce": ("é" * 20).encode()},
        {"X-Netpatrol-Platform": "douyin"},
    ],
)
def test_odd_signature_headers_are_a_401_on_every_signed_route(
    client: TestClient, change: dict[str, str | bytes]
) -> None:
    body = b'{"messages": []}'
    for path in ("/api/v1/ingest", "/api/v1/ingest/inbox", "/api/v1/platform/notices/1"):
        headers: dict[str, str | bytes] = {**signed(body), **change}
        assert client.post(path, content=body, headers=headers).status_code == 401, path


def test_deeply_nested_json_behind_a_good_signature_is_a_422(client: TestClient) -> None:
    for path in ("/api/v1/ingest", "/api/v1/ingest/inbox", "/api/v1/platform/notices/1"):
        body = DEEP if path != "/api/v1/platform/notices/1" else DEEP[:8000] + DEEP[-8000:]
        answer = client.post(path, content=body, headers=signed(body))
        assert answer.status_code == 422, (path, answer.text[:200])


def test_nonces_are_forgotten_once_their_window_has_passed(keyed: Container) -> None:
    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    for uow in (keyed.uow(), MemoryUnitOfWork()):
        calls.spend_nonce(uow, "weibo", "n" * 20, start)
        with pytest.raises(calls.Replayed):
            calls.spend_nonce(uow, "weibo", "n" * 20, start + timedelta(minutes=4))
        calls.spend_nonce(uow, "tieba", "n" * 20, start)  # nonces are per platform
        calls.spend_nonce(uow, "weibo", "m" * 20, start + timedelta(minutes=11))
        calls.spend_nonce(uow, "weibo", "n" * 20, start + timedelta(minutes=11))
    with keyed.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        assert session.scalar(select(func.count()).select_from(SpentNonceRow)) == 2


def test_a_stale_call_is_refused_before_its_body_is_read() -> None:
    now = datetime.now(UTC)
    stale = str(int(time.time()) - 6 * 60)
    with pytest.raises(calls.Unauthorised, match="5 minutes"):
        calls.start(SECRET, stale, "n" * 20, now)
    with pytest.raises(calls.Unauthorised):
        calls.start(None, str(int(time.time())), "n" * 20, now)
