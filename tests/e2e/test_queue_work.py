"""Working the queue over HTTP on both databases: claim, release, reassign, escalate."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from tests.factories import bearer


@pytest.fixture
def client(patrolled_client: TestClient) -> TestClient:
    return patrolled_client


def guangzhou_clue(client: TestClient) -> dict[str, object]:
    queue = client.get("/api/v1/clues", params={"unit": "440100", "status": "open"}).json()
    assert queue
    clue: dict[str, object] = queue[0]
    return clue


def test_claim_release_and_a_claim_by_someone_else(
    client: TestClient, container: Container
) -> None:
    clue = guangzhou_clue(client)
    assert clue["due_at"] is not None
    url = f"/api/v1/clues/{clue['id']}"
    claimed = client.post(f"{url}/claim").json()
    assert claimed == {"id": clue["id"], "status": "claimed", "assignee": "officer-1"}
    detail = client.get(url).json()
    assert detail["assignee"] == "officer-1" and detail["claimed_at"]
    taken = client.post(f"{url}/claim", headers=bearer(container, "officer-2", "officer", "440100"))
    assert taken.status_code == 422 and "officer-1" in taken.json()["detail"]
    released = client.post(f"{url}/release").json()
    assert released["status"] == "open" and released["assignee"] is None
    assert client.post(f"{url}/release").status_code == 409
    actions = [a["action"] for a in client.get(url).json()["audit"]]
    assert actions[-3:] == ["clue.claimed", "evidence.captured", "clue.released"]


def test_reassign_and_escalate_move_the_clue_between_units(client: TestClient) -> None:
    clue = guangzhou_clue(client)
    url = f"/api/v1/clues/{clue['id']}"
    no_reason = client.post(f"{url}/escalate", json={})
    assert no_reason.status_code == 422
    up = client.post(f"{url}/escalate", json={"reason": "跨市团伙"})
    assert up.status_code == 200
    assert client.get(url).json()["unit_code"] == "440000"  # 广州 -> 广东
    moved = client.post(f"{url}/reassign", json={"unit": "330100", "reason": "作者在杭州"})
    assert moved.status_code == 200 and client.get(url).json()["unit_code"] == "330100"
    unknown = client.post(f"{url}/reassign", json={"unit": "999999", "reason": "x"})
    assert unknown.status_code == 404
    audit = client.get(url).json()["audit"]
    moves = [a for a in audit if a["action"] in ("clue.escalated", "clue.reassigned")]
    assert [(a["action"], a["before"], a["after"]) for a in moves] == [
        ("clue.escalated", {"unit": "440100"}, {"unit": "440000"}),
        ("clue.reassigned", {"unit": "440000"}, {"unit": "330100"}),
    ]
    # each former owner keeps reading the clue as a participant
    kept = client.get(f"{url}/participants").json()
    assert {p["unit_code"] for p in kept} >= {"440100", "440000"}


def test_reading_a_clue_is_audited_and_a_measure_suggested(
    client: TestClient, container: Container
) -> None:
    clue = guangzhou_clue(client)
    detail = client.get(f"/api/v1/clues/{clue['id']}", headers=bearer(container, "officer-9"))
    suggestion = detail.json()["suggested_measure"]
    assert suggestion["measure"] in {"warning", "takedown", "case"} and suggestion["rule"]
    with container.uow() as uow:
        reads = [e for e in uow.audit.entries() if e.action == "clue.read"]
    assert [(r.actor, r.subject_id) for r in reads] == [("officer-9", str(clue["id"]))]
    assert reads[0].after is not None and "author" in reads[0].after


def test_listing_the_queue_is_audited(client: TestClient, container: Container) -> None:
    listed = client.get(
        "/api/v1/clues", params={"limit": 5}, headers=bearer(container, "officer-3")
    ).json()
    with container.uow() as uow:
        [entry] = [e for e in uow.audit.entries() if e.action == "clues.listed"]
    assert entry.actor == "officer-3"
    assert entry.after == {"clues": [c["id"] for c in listed]}
