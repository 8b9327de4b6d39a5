"""Signed pushes to /api/v1/ingest on both databases."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.config import SettingsError, load_settings
from netpatrol.services.patrol.ingest import signature
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
    headers = {
        "X-Netpatrol-Platform": platform,
        "X-Netpatrol-Signature": signature(secret, body),
        "Content-Type": "application/json",
    }
    return client.post("/api/v1/ingest", content=body, headers=headers)


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
