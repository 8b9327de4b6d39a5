"""The graduated measures over HTTP on both databases, and their statements of reasons."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from tests.factories import bearer

DSA_FIELDS = {
    "decision_visibility",
    "decision_ground",
    "illegal_content_legal_ground",
    "illegal_content_explanation",
    "category",
    "automated_detection",
    "automated_decision",
    "territorial_scope",
    "source_type",
    "content_date",
    "application_date",
    "puid",
}


@pytest.fixture
def client(patrolled_client: TestClient) -> TestClient:
    return patrolled_client


def open_clues(client: TestClient, n: int) -> list[int]:
    queue = client.get("/api/v1/clues", params={"status": "open", "limit": n}).json()
    assert len(queue) == n
    return [c["id"] for c in queue]


def fraud_clue(client: TestClient) -> int:
    """An open clue of fraud or phishing: the fraud article (CL-266) fits it."""
    queue = client.get("/api/v1/clues", params={"status": "open", "limit": 200}).json()
    return int(next(c["id"] for c in queue if c["category"] in ("fraud", "phishing")))


def test_takedown_case_referral_and_dismissal(client: TestClient, container: Container) -> None:
    case_clue = fraud_clue(client)
    takedown_clue, referral_clue, dismissed_clue = [
        c for c in open_clues(client, 4) if c != case_clue
    ][:3]

    def open_(clue: int, **body: object) -> dict[str, object]:
        response = client.post(f"/api/v1/clues/{clue}/measures", json=body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def move(measure: object, as_: str = "officer-1", **body: object) -> Any:
        url = f"/api/v1/measures/{measure}/transitions"
        return client.post(url, json=body, headers=bearer(container, as_))

    takedown = open_(takedown_clue, kind="takedown", legal_bases=["CSL-47"], deadline_hours=24)
    assert takedown["status"] == "sent" and takedown["details"]["message_id"]
    assert move(takedown["id"], to="confirmed").json()["status"] == "confirmed"

    case = open_(
        case_clue,
        kind="case",
        legal_bases=["CL-266"],
        reason="多名受害人报案，涉案金额较大",
    )
    assert case["status"] == "proposed"
    same = move(case["id"], to="approved")
    assert same.status_code == 422 and "second person" in same.json()["detail"]
    approved = move(case["id"], to="approved", as_="supervisor-2").json()
    assert approved["status"] == "approved" and approved["approver"] == "supervisor-2"

    free_text = client.post(
        f"/api/v1/clues/{referral_clue}/measures",
        json={"kind": "referral", "legal_bases": ["CSL-12"], "agency": "市场监管局"},
    )
    assert free_text.status_code == 422 and free_text.json()["rule"] == "agency_from_directory"
    admin = bearer(container, "admin-1", role="unit_admin")
    agency = {"name": "国家市场监督管理总局", "kind": "market_regulation", "channel": "email"}
    edited = client.put(
        "/api/v1/agencies/cn-market",
        json={**agency, "address": "xs@samr.example.cn"},
        headers=admin,
    )
    assert edited.status_code == 200, edited.text
    referral = open_(referral_clue, kind="referral", legal_bases=["CSL-12"], agency="cn-market")
    answered = move(referral["id"], to="answered", note={"answer": "已立案核查"}).json()
    assert answered["details"]["answer"] == "已立案核查"

    open_(dismissed_clue, kind="dismissal", reason="核实为正常讨论")
    assert client.get(f"/api/v1/clues/{dismissed_clue}").json()["status"] == "closed"
    closed = client.post(
        f"/api/v1/clues/{dismissed_clue}/measures",
        json={"kind": "takedown", "legal_bases": ["CSL-47"]},
    )
    assert closed.status_code == 422

    illegal = move(takedown["id"], to="proposed")
    assert illegal.status_code == 409
    audit = client.get(f"/api/v1/clues/{case_clue}").json()["audit"]
    # the clue moves on once the case is approved, not while it waits
    assert [a["action"] for a in audit][-2:] == ["measure.case.approved", "clue.status_changed"]


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "takedown", "legal_bases": []},
        {"kind": "takedown", "legal_bases": ["NOPE"]},
        {"kind": "case", "legal_bases": ["CL-266"]},  # no reason
        {"kind": "referral", "legal_bases": ["CSL-12"]},  # no agency
        {"kind": "warning", "legal_bases": ["CSL-12"]},
    ],
)
def test_refused_measures_change_nothing(client: TestClient, body: dict[str, object]) -> None:
    [clue] = open_clues(client, 1)
    before = client.get(f"/api/v1/clues/{clue}").json()
    response = client.post(f"/api/v1/clues/{clue}/measures", json=body)
    assert response.status_code == 422 and response.json()["detail"]
    assert client.get(f"/api/v1/clues/{clue}").json() == before


def test_statements_of_reasons_export(client: TestClient) -> None:
    clue = fraud_clue(client)
    body = {"kind": "takedown", "legal_bases": ["CSL-47", "CL-266"]}
    assert client.post(f"/api/v1/clues/{clue}/measures", json=body).status_code == 201
    result = CliRunner().invoke(cli, ["export", "dsa"])
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(record) >= DSA_FIELDS
    assert record["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert "第四十七条" in record["illegal_content_legal_ground"]
    assert record["automated_detection"] == "Yes"
    assert record["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert record["source_type"] == "SOURCE_VOLUNTARY"  # the unit's own patrol found it
    assert record["content_type"] == ["CONTENT_TYPE_TEXT"] and record["platform_name"]


def test_takedown_response_times_per_platform(client: TestClient, container: Container) -> None:
    start = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    clock = {"now": start}
    container.clock = lambda: clock["now"]
    clues = client.get("/api/v1/clues", params={"status": "open", "limit": 50}).json()
    weibo = [c["id"] for c in clues if c["post"]["platform"] == "weibo"][:3]
    notices = [
        client.post(
            f"/api/v1/clues/{c}/measures",
            json={
                "kind": "takedown",
                "legal_bases": ["CSL-47"],
                "deadline_hours": 24,
            },
        ).json()["id"]
        for c in weibo
    ]
    for hours, notice in zip((2, 6), notices, strict=False):
        clock["now"] = start + timedelta(hours=hours)
        client.post(
            f"/api/v1/measures/{notice}/transitions",
            json={"to": "confirmed"},
        )
    [row] = client.get("/api/v1/stats/takedowns").json()
    assert row == {
        "platform": "weibo",
        "notices": 3,
        "confirmed": 2,
        "overdue": 0,
        "waiting": 1,
        "median_hours": 4.0,
        "slowest_hours": 6.0,
        "refused": 0,
        "needs_more": 0,
        "removed_share": 1.0,
        "refusals": {},
    }
    table = CliRunner().invoke(cli, ["stats"])
    assert table.exit_code == 0 and "weibo\t3\t2\t0\t1\t4.0\t6.0\t0\t1.0" in table.output
