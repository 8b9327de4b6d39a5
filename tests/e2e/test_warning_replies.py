"""A warning's recipient answers through the link in the message; a supervisor who had no
hand in the warning answers appeals."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from tests.factories import bearer, form_token


@pytest.fixture
def client(patrolled_client: TestClient) -> TestClient:
    return patrolled_client


def send(client: TestClient, index: int) -> tuple[int, str]:
    clue = client.get("/api/v1/clues", params={"limit": 10}).json()[index]
    basis = next(
        b["code"]
        for b in client.get("/api/v1/legal-bases").json()
        if clue["category"] in b["categories"]
    )
    sent = client.post(f"/api/v1/clues/{clue['id']}/warnings", json={"legal_bases": [basis]}).json()
    link = re.search(r"http://127\.0\.0\.1:8000/r/(\S+)", sent["body"])
    assert link, sent["body"]
    return sent["id"], link.group(1)


def test_acknowledge_and_report_the_correction(client: TestClient) -> None:
    _, token = send(client, 0)
    shown = client.get(f"/api/v1/replies/{token}").json()
    assert shown["status"] == "sent" and shown["excerpt"]
    ack = client.post(f"/api/v1/replies/{token}", json={"reply": "acknowledge"})
    assert ack.json() == {"status": "acknowledged"}
    done = client.post(f"/api/v1/replies/{token}", json={"reply": "corrected", "message": "已删除"})
    assert done.json() == {"status": "acknowledged"}
    measures = client.get("/api/v1/measures").json()
    assert measures[0]["details"]["recipient_message"] == "已删除"
    assert "reported_corrected_at" in measures[0]["details"]


def test_an_appeal_is_upheld_by_another_supervisor(
    client: TestClient, container: Container
) -> None:
    measure_id, token = send(client, 1)
    no_grounds = client.post(f"/api/v1/replies/{token}", json={"reply": "appeal"})
    assert no_grounds.status_code == 422
    appealed = client.post(
        f"/api/v1/replies/{token}", json={"reply": "appeal", "message": "这是新闻转载，不是广告"}
    )
    assert appealed.json() == {"status": "appealed"}
    moved = client.post(
        f"/api/v1/measures/{measure_id}/transitions",
        json={"to": "withdrawn", "reason": "申诉成立"},
    )
    assert moved.status_code == 409 and moved.json()["rule"] == "appeal_decided_with_reasons"
    decision = f"/api/v1/measures/{measure_id}/appeal-decision"
    own = client.post(decision, json={"upheld": True, "reasons": "申诉成立"})
    assert own.status_code == 403 and own.json()["rule"] == "appeal_decided_by_another"
    other = bearer(container, "supervisor-2")
    upheld = client.post(decision, json={"upheld": True, "reasons": "申诉成立"}, headers=other)
    assert upheld.json()["status"] == "withdrawn"
    late = client.post(f"/api/v1/replies/{token}", json={"reply": "acknowledge"})
    assert late.status_code == 422
    assert client.get("/api/v1/replies/not-a-token").status_code == 404


def test_the_reply_page_works_in_html(client: TestClient) -> None:
    _, token = send(client, 2)
    page = client.get(f"/r/{token}")
    assert page.status_code == 200 and "警示提醒" in page.text and "提出申诉" in page.text
    refused = client.post(
        f"/r/{token}", data={"reply": "appeal", "message": "", "form_token": form_token(client)}
    )
    assert refused.status_code == 422 and "申诉须说明理由" in refused.text
    done = client.post(
        f"/r/{token}", data={"reply": "acknowledge", "form_token": form_token(client)}
    )
    assert done.status_code == 200 and "已收到您的回复" in done.text
    assert client.get("/r/nope").status_code == 404
