"""Signed pushes to /api/v1/ingest on both databases."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from netpatrol.adapters.db.tables.core import PostRow
from netpatrol.bootstrap import Container
from netpatrol.config import SettingsError, load_settings
from netpatrol.services.signing.calls import signed_headers
from netpatrol.web.app import create_app
from tests.factories import make_posts

SECRET = "weibo-shared-secret-0001"


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    container.settings = container.settings.model_copy(update={"ingest_keys": f"weibo:{SECRET}"})
    with TestClient(create_app(container.settings, container)) as client:
        yield client


def push(
    client: TestClient,
    posts: list[dict[str, object]],
    secret: str = SECRET,
    platform: str = "weibo",
):  # type: ignore[no-untyped-def]
    body = json.dumps({"posts": posts}, ensure_ascii=False).encode("utf-8")
    return client.post("/api/v1/ingest", content=body, headers=signed(body, secret, platform))


def signed(
    body: bytes,
    secret: str = SECRET,
    platform: str = "weibo",
    kind: str = "application/json",
    at: float | None = None,
) -> dict[str, str]:
    """The headers of a push: a fresh nonce and the time, signed with the body."""
    stamp = time.time() if at is None else at
    return {**signed_headers(platform, secret, body, stamp), "Content-Type": kind}


def weibo_posts(n: int) -> list[dict[str, object]]:
    rows = make_posts(n * 3, illegal_share=0.5)
    return [r for r in rows if r["platform"] == "weibo"][:n]


def test_a_signed_batch_is_patrolled_once(client: TestClient, container: Container) -> None:
    posts = weibo_posts(10)
    first = push(client, posts)
    assert first.status_code == 200, first.text
    assert first.json()["stored"] == 10 and first.json()["findings"]
    again = push(client, posts)
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 10
    with container.uow() as uow:
        assert uow.posts.count() == 10


def test_bad_signatures_and_bad_items_store_nothing(
    client: TestClient, container: Container
) -> None:
    posts = weibo_posts(3)
    assert push(client, posts, secret="x" * 24).status_code == 401
    assert push(client, posts, platform="tieba").status_code == 401
    unsigned = client.post("/api/v1/ingest", json={"posts": posts})
    assert unsigned.status_code == 401
    broken = [posts[0], {**posts[1], "created_at": "yesterday"}, {**posts[2], "platform": "tieba"}]
    rejected = push(client, broken)
    assert rejected.status_code == 422
    items = rejected.json()["items"]
    assert [i["index"] for i in items] == [1, 2]
    assert "created_at" in items[0]["reason"] and "tieba" in items[1]["reason"]
    assert push(client, []).status_code == 422
    with container.uow() as uow:
        assert uow.posts.count() == 0


def test_ingest_keys_are_checked_on_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETPATROL_INGEST_KEYS", "weibo:short")
    with pytest.raises(SettingsError, match="NETPATROL_INGEST_KEYS"):
        load_settings()
    monkeypatch.setenv("NETPATROL_INGEST_KEYS", f"weibo:{SECRET}, tieba:{SECRET}")
    assert load_settings().ingest_secrets() == {"weibo": SECRET, "tieba": SECRET}


def test_json_lines_are_checked_one_by_one(client: TestClient, container: Container) -> None:
    good = [json.dumps(p, ensure_ascii=False).encode() for p in weibo_posts(3)]
    deep = b'{"a": ' * 5000 + b"1" + b"}" * 5000
    huge = json.dumps({**weibo_posts(4)[3], "likes": 10**30}).encode()
    late = json.dumps({**weibo_posts(5)[4], "created_at": "9999-12-31T23:59:59-14:00"}).encode()
    nul = json.loads(good[0])
    nul.update(id="nul-1", text="刷单\u0000返利")
    lines = [good[0], b"\xff\xfe binary", deep, good[1], huge, late, b"[1, 2]", good[2]]
    body = b"\n".join([*lines, json.dumps(nul, ensure_ascii=False).encode()])
    answer = client.post(
        "/api/v1/ingest", content=body, headers=signed(body, kind="application/x-ndjson")
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["stored"] == 4
    reasons = {r["line"]: r["reason"] for r in answer.json()["rejected"]}
    assert sorted(reasons) == [2, 3, 5, 6, 7]
    assert "UTF-8" in reasons[2] and "nested" in reasons[3] and "likes" in reasons[5]
    assert "date" in reasons[6]
    with container.engine.connect() as conn:
        stored = conn.execute(select(PostRow).where(PostRow.external_id == "nul-1")).one()
    assert stored.text == "刷单返利" and stored.extra["control_chars_removed"] == {"text": 1}


def test_pushes_are_fresh_and_never_replayed(client: TestClient) -> None:
    body = json.dumps({"posts": weibo_posts(1)}, ensure_ascii=False).encode()
    headers = signed(body)
    assert client.post("/api/v1/ingest", content=body, headers=headers).status_code == 200
    replay = client.post("/api/v1/ingest", content=body, headers=headers)
    assert replay.status_code == 409
    stale = signed(body, at=time.time() - 6 * 60)
    assert client.post("/api/v1/ingest", content=body, headers=stale).status_code == 401
    bad: dict[str, str | bytes] = {
        **signed(body),
        "X-Netpatrol-Signature": "sha256=é".encode("latin-1"),
    }
    assert client.post("/api/v1/ingest", content=body, headers=bad).status_code == 401


def test_a_push_past_8_mb_is_cut_off_while_it_streams(client: TestClient) -> None:
    def chunked() -> Iterator[bytes]:
        for _ in range(9):
            yield b" " * (1024 * 1024)

    answer = client.post("/api/v1/ingest", content=chunked(), headers=signed(b""))
    assert answer.status_code == 413
