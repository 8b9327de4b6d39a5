"""The inbox over HTTP on both databases: a platform pushes messages to the signed
webhook; an officer pages the unit's inbox, answers with a template through the connector,
assigns, marks handled, reports a tip and attaches a message to a clue."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.services.signing.calls import signed_headers
from netpatrol.sim.inbox_traffic import InboxTraffic
from netpatrol.sim.platforms import SimulatedPlatform
from netpatrol.web.app import create_app
from tests.factories import bearer

SECRET = "weibo-inbox-secret-0001"
ACCOUNT = "@北京网警巡查执法"
AT = "2026-11-30T09:00:00+00:00"


@pytest.fixture
def weibo() -> SimulatedPlatform:
    return SimulatedPlatform("weibo")


@pytest.fixture
def client(
    container: Container, weibo: SimulatedPlatform, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    container.settings = container.settings.model_copy(update={"ingest_keys": f"weibo:{SECRET}"})
    monkeypatch.setattr(container, "connectors", lambda: {"weibo": weibo})
    with TestClient(create_app(container.settings, container)) as client:
        client.headers.update(bearer(container, "officer-bj", "officer", "110000"))
        yield client


def push(client: TestClient, messages: list[dict[str, object]], secret: str = SECRET):  # type: ignore[no-untyped-def]
    body = json.dumps({"messages": messages}, ensure_ascii=False).encode("utf-8")
    headers = {
        **signed_headers("weibo", secret, body, time.time()),
        "Content-Type": "application/json",
    }
    return client.post("/api/v1/ingest/inbox", content=body, headers=headers)


def msg(n: int, text: str, kind: str = "private", sender: str = "n1") -> dict[str, object]:
    return {
        "id": f"wb-{n}",
        "kind": kind,
        "account": ACCOUNT,
        "sender": {"id": sender, "name": f"网友{sender}"},
        "text": text,
        "created_at": AT,
    }


def test_the_webhook_is_signed_and_takes_a_batch_whole_or_not_at_all(client: TestClient) -> None:
    assert push(client, [msg(1, "谢谢网警")], secret="wrong-secret").status_code == 401
    bad = push(client, [msg(1, "谢谢网警"), msg(2, "", kind="letter")])
    assert bad.status_code == 422 and bad.json()["rule"] == "inbox_batch"
    assert [i["index"] for i in bad.json()["items"]] == [1]
    assert client.get("/api/v1/inbox").json()["messages"] == []  # nothing half-stored
    huge = client.post(
        "/api/v1/ingest/inbox",
        content=b"x" * (9 * 1024 * 1024),
        headers={"X-Netpatrol-Platform": "weibo"},
    )
    assert huge.status_code == 413
    ok = push(client, [msg(1, "谢谢网警"), msg(2, "再删我的帖，我就自制炸弹去你们派出所门口引爆")])
    assert ok.status_code == 200 and ok.json()["stored"] == 2 and len(ok.json()["clues"]) == 1
    again = push(client, [msg(1, "谢谢网警")])
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 1


def test_pages_by_keyset_and_refuses_a_bad_cursor(client: TestClient) -> None:
    traffic = InboxTraffic([("weibo", ACCOUNT)], seed=9)
    assert push(client, traffic.batch(30, datetime.now(UTC))).status_code == 200
    ids: list[int] = []
    after = ""
    while True:
        page = client.get("/api/v1/inbox", params={"limit": 7, "after": after}).json()
        ids += [m["id"] for m in page["messages"]]
        after = page["next_after"]
        if not after:
            break
    assert len(ids) == len(set(ids)) == 30 and ids == sorted(ids, reverse=True)
    refused = client.get("/api/v1/inbox", params={"after": "nonsense"})
    assert refused.status_code == 422 and refused.json()["rule"] == "inbox_cursor"


def test_answer_assign_handle_report_and_attach(
    client: TestClient, weibo: SimulatedPlatform, container: Container
) -> None:
    tip = "举报：有人在北京本地群里发刷单返利广告，说日结三百，让先垫付，群号12345678"
    push(client, [msg(1, "请问被网络诈骗了应该去哪里报案？"), msg(2, tip, sender="n2")])
    question, tip_message = sorted(
        client.get("/api/v1/inbox").json()["messages"], key=lambda m: m["id"]
    )
    templates = client.get("/api/v1/inbox/templates").json()
    assert "question" in templates and "{name}" in templates["question"]["text"]

    unknown = client.post(f"/api/v1/inbox/{question['id']}/reply", json={"template": "nope"})
    assert unknown.status_code == 422 and unknown.json()["rule"] == "inbox_template"
    answered = client.post(f"/api/v1/inbox/{question['id']}/reply", json={"template": "question"})
    assert answered.status_code == 201 and answered.json()["direction"] == "out"
    assert weibo.state.messages[-1]["recipient"] == "n1"  # a private answer, from the account
    assert weibo.state.messages[-1]["sender"] == ACCOUNT
    thread = client.get(f"/api/v1/inbox/{question['id']}").json()
    assert thread["message"]["status"] == "handled" and len(thread["thread"]) == 2
    twice = client.post(f"/api/v1/inbox/{question['id']}/handled")
    assert twice.status_code == 409 and twice.json()["rule"] == "inbox_handled_once"

    stranger = client.post(f"/api/v1/inbox/{tip_message['id']}/assign", json={"assignee": "nobody"})
    assert stranger.status_code == 422 and stranger.json()["rule"] == "inbox_assignee_of_unit"
    bearer(container, "officer-bj-2", "officer", "110000")
    given = client.post(
        f"/api/v1/inbox/{tip_message['id']}/assign", json={"assignee": "officer-bj-2"}
    )
    assert given.json()["assignee"] == "officer-bj-2"
    mine = client.get("/api/v1/inbox", params={"assignee": "officer-bj-2"}).json()["messages"]
    assert [m["id"] for m in mine] == [tip_message["id"]]

    made = client.post(f"/api/v1/inbox/{tip_message['id']}/report", json={"category": "fraud"})
    assert made.status_code == 201 and made.json()["receipt"].startswith("R")
    receipt = client.get(f"/api/v1/receipts/{made.json()['receipt']}")
    assert receipt.status_code == 200
    again = client.post(f"/api/v1/inbox/{tip_message['id']}/report", json={})
    assert again.status_code == 409 and again.json()["rule"] == "inbox_report_once"

    attached = client.post(
        f"/api/v1/inbox/{question['id']}/attach", json={"clue_id": made.json()["clue_id"]}
    )
    assert attached.json()["clue_id"] == made.json()["clue_id"]
    missing = client.post(f"/api/v1/inbox/{question['id']}/attach", json={"clue_id": 999999})
    assert missing.status_code == 404


def test_another_units_inbox_reads_as_missing(client: TestClient, container: Container) -> None:
    push(client, [msg(1, "谢谢网警")])
    [mine] = client.get("/api/v1/inbox").json()["messages"]
    client.headers.update(bearer(container, "officer-sh", "officer", "310000"))
    assert client.get("/api/v1/inbox").json()["messages"] == []
    assert client.get(f"/api/v1/inbox/{mine['id']}").status_code == 404
    assert client.post(f"/api/v1/inbox/{mine['id']}/handled").status_code == 404
