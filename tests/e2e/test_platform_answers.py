"""Platforms answer takedown notices through the signed callback, on both databases: the
answer moves the notice, a bad signature is a 401 and an oversized body a 413 before
anything is read, a closed notice refuses a second answer with a 409, an officer answers
the platform's question, and the compliance figures count what the platforms did."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.services.signing.calls import signed_headers
from netpatrol.sim.desk import TakedownDesk
from netpatrol.web.app import create_app
from tests.e2e.test_console import sign_in

SECRET = "platform-shared-secret-01"
KEYS = ",".join(f"{p}:{SECRET}" for p in ("weibo", "wechat", "tieba"))


@pytest.fixture
def client(container: Container, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    container.settings = container.settings.model_copy(update={"ingest_keys": KEYS})
    client: TestClient = request.getfixturevalue("patrolled_client")
    yield client


def fitting(client: TestClient, category: str, kind: str) -> str:
    bases = client.get("/api/v1/legal-bases").json()
    return str(
        next(b["code"] for b in bases if category in b["categories"] and kind in b["measures"])
    )


def takedowns(client: TestClient, n: int) -> list[dict[str, Any]]:
    queue = client.get("/api/v1/clues", params={"status": "open", "limit": 200}).json()
    found = []
    for clue in queue:
        if clue["post"]["platform"] == "web" or len(found) == n:
            continue
        response = client.post(
            f"/api/v1/clues/{clue['id']}/measures",
            json={
                "kind": "takedown",
                "legal_bases": [fitting(client, clue["category"], "takedown")],
                "deadline_hours": 24,
            },
        )
        assert response.status_code == 201, response.text
        found.append(response.json())
    assert len(found) == n
    return found


def answer(
    client: TestClient,
    notice: dict[str, Any],
    body: dict[str, object] | bytes,
    secret: str = SECRET,
    platform: str | None = None,
):  # type: ignore[no-untyped-def]
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    who = platform or notice["details"]["platform"]
    headers = {**signed_headers(who, secret, raw, time.time()), "Content-Type": "application/json"}
    return client.post(f"/api/v1/platform/notices/{notice['id']}", content=raw, headers=headers)


def test_platforms_remove_refuse_and_ask(client: TestClient) -> None:
    removed, refused, asked = takedowns(client, 3)
    assert "证据" in _notice_text(client, removed) and "/api/v1/platform/notices/" in _notice_text(
        client, removed
    )

    ok = answer(client, removed, {"answer": "removed"})
    assert ok.status_code == 200 and ok.json()["status"] == "confirmed"
    again = answer(client, removed, {"answer": "refused", "reason": "other"})
    assert again.status_code == 409 and again.json()["rule"] == "notice_closed"

    no_reason = answer(client, refused, {"answer": "refused"})
    assert no_reason.status_code == 422 and no_reason.json()["rule"] == "refusal_reason_required"
    said = answer(
        client, refused, {"answer": "refused", "reason": "not_unlawful", "text": "属正常讨论"}
    )
    assert said.json()["status"] == "refused"

    question = answer(client, asked, {"answer": "needs_more", "text": "请提供涉诈资金流向截图"})
    assert question.json()["status"] == "needs_more"
    reply = client.post(
        f"/api/v1/measures/{asked['id']}/platform-question", json={"text": "截图见证据附件三"}
    )
    assert reply.status_code == 200 and reply.json()["status"] == "sent"
    assert answer(client, asked, {"answer": "removed"}).json()["status"] == "confirmed"

    detail = client.get(f"/api/v1/clues/{asked['clue_id']}").json()
    [notice] = [m for m in detail["measures"] if m["id"] == asked["id"]]
    thread = notice["details"]["platform_thread"]
    assert [t["kind"] for t in thread] == ["needs_more", "answer", "removed"]
    assert thread[0]["text"] == "请提供涉诈资金流向截图"
    assert any(a["action"] == "measure.takedown.needs_more" for a in detail["audit"])

    rows = client.get("/api/v1/stats/takedowns").json()
    assert sum(r["refused"] for r in rows) == 1
    assert sum(r["confirmed"] for r in rows) == 2
    assert {k: v for r in rows for k, v in r["refusals"].items()} == {"not_unlawful": 1}
    assert all(r["median_hours"] is not None for r in rows)


def test_bad_signatures_and_bodies_change_nothing(client: TestClient) -> None:
    [notice] = takedowns(client, 1)
    before = client.get(f"/api/v1/clues/{notice['clue_id']}").json()
    wrong_key = answer(client, notice, {"answer": "removed"}, secret="not-the-right-key-00")
    assert wrong_key.status_code == 401
    unsigned = client.post(f"/api/v1/platform/notices/{notice['id']}", json={"answer": "removed"})
    assert unsigned.status_code == 401
    huge = answer(client, notice, {"answer": "refused", "reason": "other", "text": "x" * 20_000})
    assert huge.status_code == 413
    other = {"weibo": "wechat", "wechat": "tieba", "tieba": "weibo"}
    elsewhere = answer(
        client, notice, {"answer": "removed"}, platform=other[notice["details"]["platform"]]
    )
    assert elsewhere.status_code == 404
    nonsense = answer(client, notice, b"not json")
    assert nonsense.status_code == 422 and nonsense.json()["rule"] == "answer_json"
    assert client.get(f"/api/v1/clues/{notice['clue_id']}").json() == before


def _notice_text(client: TestClient, notice: dict[str, Any]) -> str:
    with client.app.state.container.uow() as uow:  # type: ignore[attr-defined]
        message = next(m for m in uow.outbox.all() if m.id == notice["details"]["message_id"])
        return message.text


def test_the_officer_sees_the_answers_and_answers_the_question_in_the_console(
    client: TestClient, container: Container
) -> None:
    refused, asked = takedowns(client, 2)
    answer(
        client,
        refused,
        {"answer": "refused", "reason": "insufficient_evidence", "text": "证据不足"},
    )
    answer(client, asked, {"answer": "needs_more", "text": "请说明违法依据"})
    with TestClient(create_app(container.settings, container)) as browser:
        csrf = sign_in(browser, container, "officer-console", "national_desk", "000000")
        page = browser.get(f"/console/clues/{asked['clue_id']}").text
        assert (
            "请说明违法依据" in page
            and f"/console/measures/{asked['id']}/platform-question" in page
        )
        sent = browser.post(
            f"/console/measures/{asked['id']}/platform-question",
            data={"csrf_token": csrf, "text": "依据见证据二"},
            follow_redirects=False,
        )
        assert sent.status_code == 303
        page = browser.get(f"/console/clues/{asked['clue_id']}").text
        assert "依据见证据二" in page and "platform-question" not in page
        refused_page = browser.get(f"/console/clues/{refused['clue_id']}").text
        assert "证据不足" in refused_page
        dashboard = browser.get("/console/dashboard/takedowns.csv").text
        assert (
            "removed_share" in dashboard.splitlines()[0] and "insufficient_evidence 1" in dashboard
        )

    figures = client.get("/api/v1/transparency", params={"format": "csv"}).text
    assert ":refused:insufficient_evidence,1" in figures
    report = client.get("/transparency").text
    assert "Not enough evidence" in report or "证据不足" in report


def test_the_simulators_desk_answers_over_http(client: TestClient) -> None:
    notices = takedowns(client, 6)
    now = {"at": datetime.now(UTC)}

    def over_http(url: str, body: bytes, headers: dict[str, str]) -> int:
        return client.post(
            url.split("127.0.0.1:8000", 1)[1], content=body, headers=headers
        ).status_code

    secrets = {p: SECRET for p in ("weibo", "wechat", "tieba")}
    desk = TakedownDesk(secrets, clock=lambda: now["at"], send=over_http)
    for notice in notices:
        post = client.get(f"/api/v1/clues/{notice['clue_id']}").json()["post"]["external_id"]
        desk.receive(notice["details"]["platform"], post, _notice_text(client, notice))
    assert desk.answer_due() == 0  # a desk takes its time
    now["at"] += timedelta(minutes=1)
    assert desk.answer_due() == 6 and desk.errors == []
    now["at"] += timedelta(minutes=1)
    desk.answer_due()  # the notices it asked about are decided on the next round
    assert desk.errors == []
    statuses = [
        m["status"]
        for n in notices
        for m in client.get(f"/api/v1/clues/{n['clue_id']}").json()["measures"]
        if m["id"] == n["id"]
    ]
    assert statuses.count("confirmed") == desk.answered["removed"]
    assert statuses.count("refused") == desk.answered["refused"]
    assert "sent" not in statuses and "needs_more" not in statuses
