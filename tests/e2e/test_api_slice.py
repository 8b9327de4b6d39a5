"""The slice end to end over HTTP: patrol -> clue -> warning -> audit, on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner

from netpatrol.adapters.db.tables.core import AuditRow
from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.web.app import create_app
from tests.factories import bearer


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container.settings, container)) as client:
        client.headers.update(bearer(container, "officer-1"))
        yield client


@pytest.fixture
def patrolled(container: Container, monkeypatch: pytest.MonkeyPatch) -> Container:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    result = CliRunner().invoke(cli, ["patrol", "--sample"])
    assert result.exit_code == 0, result.output
    return container


def test_from_patrol_to_warning_with_an_audit_entry_for_each_step(
    patrolled: Container, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = client.get("/api/v1/clues", params={"limit": 500}).json()
    assert len(queue) >= 40
    ranks = ["low", "medium", "high", "critical"]
    assert [ranks.index(c["severity"]) for c in queue] == sorted(
        (ranks.index(c["severity"]) for c in queue), reverse=True
    )
    shenzhen = client.get("/api/v1/clues", params={"unit": "440000"}).json()
    assert shenzhen and all(c["unit_code"] in {"440000", "440100", "440300"} for c in shenzhen)

    clue = next(c for c in queue if c["unit_code"] != "000000")
    basis = next(
        b["code"]
        for b in client.get("/api/v1/legal-bases").json()
        if clue["category"] in b["categories"]
    )
    body = {"legal_bases": [basis], "deadline_hours": 24}
    preview = client.post(f"/api/v1/clues/{clue['id']}/warning-preview", json=body)
    assert preview.status_code == 200 and clue["unit_name"] in preview.json()["body"]

    sent = client.post(f"/api/v1/clues/{clue['id']}/warnings", json=body)
    assert sent.status_code == 201, sent.text
    assert sent.json()["status"] == "sent" and sent.json()["legal_bases"] == [basis]

    detail = client.get(f"/api/v1/clues/{clue['id']}").json()
    assert detail["status"] == "actioned"
    assert detail["findings"][0]["evidence"]
    assert [m["kind"] for m in detail["measures"]] == ["warning"]
    assert [a["action"] for a in detail["audit"]] == [
        "clue.routed",
        "measure.warning.sent",
        "clue.status_changed",
    ]

    monkeypatch.setenv("NETPATROL_DATABASE_URL", patrolled.settings.database_url)
    verified = CliRunner().invoke(cli, ["audit", "verify"])
    assert verified.exit_code == 0 and "intact" in verified.output
    with patrolled.engine.begin() as conn:
        conn.execute(update(AuditRow).where(AuditRow.seq == 5).values(actor="someone-else"))
    broken = CliRunner().invoke(cli, ["audit", "verify"])
    assert broken.exit_code == 1 and "broken at entry 5" in broken.output


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("get", "/api/v1/clues/99999", None, 404),
        ("get", "/api/v1/clues?status=bogus", None, 422),
        ("get", "/api/v1/clues?unit=999999", None, 404),
        ("post", "/api/v1/clues/1/warnings", {"legal_bases": []}, 422),
        ("post", "/api/v1/clues/1/warnings", {"legal_bases": ["NOPE"]}, 422),
        ("post", "/api/v1/clues/1/warnings", {"legal_bases": ["CL-266"], "deadline_hours": 0}, 422),
        ("post", "/api/v1/clues/99999/warnings", {"legal_bases": ["CL-266"]}, 404),
    ],
)
def test_bad_requests_get_a_4xx_with_a_json_reason_and_change_nothing(
    patrolled: Container, client: TestClient, method: str, path: str, body: object, status: int
) -> None:
    before = client.get("/api/v1/clues/1").json()
    response = client.request(method.upper(), path, json=body)
    assert response.status_code == status
    assert response.json()["detail"]
    assert client.get("/api/v1/clues/1").json() == before


def test_openapi_and_health(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/clues/{clue_id}/warnings" in paths
    assert len(client.get("/api/v1/units").json()) == 62


def test_indicators_through_the_api(client: TestClient) -> None:
    body = {
        "kind": "domain",
        "value": "WWW.Evil-Shop.COM",
        "category": "phishing",
    }
    created = client.post("/api/v1/indicators", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["value"] == "evil-shop.com" and created.json()["review"] == "proposed"
    assert client.post("/api/v1/indicators", json=body).status_code == 409
    bad = client.post("/api/v1/indicators", json={**body, "kind": "fax"})
    assert bad.status_code == 422 and "fax" in bad.json()["detail"]
    assert [i["value"] for i in client.get("/api/v1/indicators").json()] == ["evil-shop.com"]


def test_the_api_wants_a_signed_in_user(patrolled: Container, client: TestClient) -> None:
    anonymous = {"Authorization": ""}
    refused = client.get("/api/v1/clues", headers=anonymous)
    assert refused.status_code == 401 and refused.json()["detail"]
    forged = client.get("/api/v1/clues", headers={"Authorization": "Bearer not-a-token"})
    assert forged.status_code == 401
    post = client.post("/api/v1/clues/1/claim", headers=anonymous)
    assert post.status_code == 401
    assert client.get("/api/v1/clues/1").json()["status"] == "open"
    token = client.post(
        "/api/v1/auth/token", json={"username": "officer-1", "password": "password-for-tests"}
    )
    assert token.status_code == 201
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json()['token']}"})
    assert me.json()["username"] == "officer-1" and me.json()["unit"] == "000000"
    wrong = client.post("/api/v1/auth/token", json={"username": "officer-1", "password": "nope"})
    assert wrong.status_code == 401
