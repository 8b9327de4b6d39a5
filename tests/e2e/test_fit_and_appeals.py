"""Issue 13 over HTTP, on SQLite and PostgreSQL: legal bases that fit (a supervisor may
override, in writing), one live measure of a kind per clue, and appeals against warnings,
takedowns and dismissals decided by someone who had no hand in the measure."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.domain.reports import code_digest
from netpatrol.services.measures.timers import run_due
from tests.factories import bearer, form_token

SCAM = "兼职刷单，日赚三百，先垫付后返利，加微信 shuadan_777 领任务"


@pytest.fixture
def client(patrolled_client: TestClient) -> TestClient:
    return patrolled_client


def first_clue(client: TestClient) -> dict[str, Any]:
    return dict(client.get("/api/v1/clues", params={"status": "open", "limit": 1}).json()[0])


def bases(client: TestClient, category: str, kind: str, fit: bool) -> list[str]:
    return [
        b["code"]
        for b in client.get("/api/v1/legal-bases").json()
        if (category in b["categories"] and kind in b["measures"]) is fit
    ]


def snapshot(client: TestClient, clue_id: int) -> tuple[Any, Any]:
    return client.get(f"/api/v1/clues/{clue_id}").json(), client.get("/api/v1/measures").json()


def test_a_basis_that_does_not_fit_is_refused_unless_a_supervisor_overrides(
    client: TestClient, container: Container
) -> None:
    clue = first_clue(client)
    misfit = bases(client, clue["category"], "warning", fit=False)[0]
    url = f"/api/v1/clues/{clue['id']}/warnings"
    before = snapshot(client, clue["id"])
    refused = client.post(url, json={"legal_bases": [misfit]})
    assert refused.status_code == 422
    body = refused.json()
    assert body["rule"] == "legal_basis_fits" and misfit in body["detail"]
    assert "不适用" in body["detail_zh"]
    assert snapshot(client, clue["id"]) == before

    officer = bearer(container, "gz.officer-x", role="officer", unit="000000")
    reason = {"legal_bases": [misfit], "override_reason": "法制部门意见：本案适用该条"}
    assert client.post(url, json=reason, headers=officer).status_code == 403
    assert snapshot(client, clue["id"]) == before

    overridden = client.post(url, json=reason)
    assert overridden.status_code == 201, overridden.text
    note = overridden.json()["details"]["legal_basis_override"]
    assert note == {"by": "officer-1", "reason": "法制部门意见：本案适用该条"}
    audit = client.get(f"/api/v1/clues/{clue['id']}").json()["audit"]
    sent = next(a for a in audit if a["action"] == "measure.warning.sent")
    assert sent["after"]["legal_basis_override"]["reason"] == reason["override_reason"]


def test_the_citizens_warning_is_chinese_and_a_dismissal_cites_no_law(
    client: TestClient,
) -> None:
    clue = first_clue(client)
    fitting = bases(client, clue["category"], "warning", fit=True)
    sent = client.post(f"/api/v1/clues/{clue['id']}/warnings", json={"legal_bases": fitting})
    assert sent.status_code == 201
    text = sent.json()["body"].split("http")[0]  # the reply link aside
    assert not re.search(r"\([^)]*[A-Za-z]{3,}[^)]*\)", text), text

    other = client.get("/api/v1/clues", params={"status": "open", "limit": 1}).json()[0]
    url = f"/api/v1/clues/{other['id']}/measures"
    with_law = client.post(
        url, json={"kind": "dismissal", "legal_bases": ["CSL-12"], "reason": "x"}
    )
    assert with_law.status_code == 422 and with_law.json()["rule"] == "dismissal_cites_no_law"
    no_reason = client.post(url, json={"kind": "dismissal"})
    assert no_reason.status_code == 422 and no_reason.json()["rule"] == "reason_required"
    dismissed = client.post(url, json={"kind": "dismissal", "reason": "核实为正常讨论"})
    assert dismissed.status_code == 201 and dismissed.json()["legal_bases"] == []


def test_one_live_measure_of_a_kind_per_clue(client: TestClient) -> None:
    clue = first_clue(client)
    fitting = bases(client, clue["category"], "warning", fit=True)[:1]
    url = f"/api/v1/clues/{clue['id']}/warnings"
    assert client.post(url, json={"legal_bases": fitting}).status_code == 201
    before = snapshot(client, clue["id"])
    again = client.post(url, json={"legal_bases": fitting})
    assert again.status_code == 409 and again.json()["rule"] == "one_live_measure_per_kind"
    assert snapshot(client, clue["id"]) == before

    takedown = {"kind": "takedown", "legal_bases": ["CSL-47"], "deadline_hours": 24}
    measures_url = f"/api/v1/clues/{clue['id']}/measures"
    assert client.post(measures_url, json=takedown).status_code == 201
    assert client.post(measures_url, json=takedown).status_code == 409

    page = client.get(f"/console/clues/{clue['id']}")
    assert 'id="warning-form"' not in page.text and 'id="live-warning"' in page.text


def test_a_takedowns_author_appeals_and_the_appeal_times_out_then_is_decided(
    client: TestClient, container: Container
) -> None:
    start = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    clock = {"now": start}
    container.clock = lambda: clock["now"]
    clue = first_clue(client)
    opened = client.post(
        f"/api/v1/clues/{clue['id']}/measures",
        json={"kind": "takedown", "legal_bases": ["CSL-47"], "deadline_hours": 24},
    ).json()
    with container.uow() as uow:
        told = [m for m in uow.outbox.all() if m.channel == "private_message"][-1]
    assert told.recipient == clue["post"]["author_id"] and "申诉" in told.text
    token = re.search(r"/r/(\S+)", told.text)
    assert token
    reply = f"/api/v1/replies/{token.group(1)}"
    only_appeal = client.post(reply, json={"reply": "acknowledge"})
    assert only_appeal.status_code == 422
    appealed = client.post(reply, json={"reply": "appeal", "message": "内容是反诈宣传"})
    assert appealed.json() == {"status": "appealed"}

    clock["now"] = start + timedelta(days=8)
    assert run_due(container.uow(), container.clock).appeals_escalated == 1
    assert run_due(container.uow(), container.clock).appeals_escalated == 0
    inbox = client.get("/console/approvals")
    assert "已超期：已上报" in inbox.text
    with container.uow() as uow:
        reads = uow.audit.for_subject("measure", "approvals")
    assert reads[-1].actor == "officer-1" and opened["id"] in reads[-1].after["measures"]

    decision = f"/api/v1/measures/{opened['id']}/appeal-decision"
    supervisor = bearer(container, "supervisor-9")
    no_reasons = client.post(decision, json={"upheld": False, "reasons": ""}, headers=supervisor)
    assert no_reasons.status_code == 422 and no_reasons.json()["rule"] == "appeal_decision_reasons"
    kept = client.post(decision, json={"upheld": False, "reasons": "内容含诈骗联系方式"})
    assert kept.status_code == 403  # officer-1 took the measure
    kept = client.post(
        decision, json={"upheld": False, "reasons": "内容含诈骗联系方式"}, headers=supervisor
    )
    assert kept.status_code == 200 and kept.json()["status"] == "sent"
    page = client.get(f"/r/{token.group(1)}")
    assert "您的申诉不成立" in page.text and "内容含诈骗联系方式" in page.text
    assert "网络安全法" in page.text and "第四十七条" in page.text


def test_a_reporter_appeals_a_dismissal_on_the_receipt_page(
    client: TestClient, container: Container
) -> None:
    created = client.post("/api/v1/reports", json={"text": SCAM, "category": "fraud"})
    code = created.json()["receipt"]
    early = client.post(f"/api/v1/receipts/{code}/appeal", json={"grounds": "确有诈骗"})
    assert early.status_code == 422 and early.json()["rule"] == "appeal_dismissed_report"
    with container.uow() as uow:
        report = uow.reports.by_receipt(code_digest(code))
    assert report is not None and report.clue_id is not None
    dismissed = client.post(
        f"/api/v1/clues/{report.clue_id}/measures",
        json={"kind": "dismissal", "reason": "未发现违法"},
    )
    assert dismissed.status_code == 201
    form = client.get(f"/receipt/{code}")
    assert 'id="appeal-form"' in form.text
    token = form_token(client)
    empty = client.post(f"/receipt/{code}/appeal", data={"grounds": "", "form_token": token})
    assert empty.status_code == 422 and "申诉须说明理由" in empty.text
    filed = client.post(
        f"/receipt/{code}/appeal", data={"grounds": "对方已骗走我五百元", "form_token": token}
    )
    assert filed.status_code == 200 and "正在复核" in filed.text

    decision = f"/api/v1/measures/{dismissed.json()['id']}/appeal-decision"
    supervisor = bearer(container, "supervisor-8")
    upheld = client.post(
        decision, json={"upheld": True, "reasons": "复核认定涉嫌诈骗"}, headers=supervisor
    )
    assert upheld.json()["status"] == "withdrawn"
    assert client.get(f"/api/v1/clues/{report.clue_id}").json()["status"] == "open"
    receipt = client.get(f"/api/v1/receipts/{code}").json()
    assert (
        receipt["appeal"]["upheld"] is True and receipt["appeal"]["reasons"] == "复核认定涉嫌诈骗"
    )
    assert "您的申诉成立" in client.get(f"/receipt/{code}").text
