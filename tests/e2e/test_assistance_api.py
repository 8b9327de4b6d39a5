"""Assistance between units through the API (SQLite and PostgreSQL): a unit asks another for
help on its clue, the asked unit accepts and answers with an evidence item, the asker is
notified and reads the answer, closes the request, and a late answer is a 409. A clue that
touches a unit lets it read and comment, never work; a unit outside it still gets a 404."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from tests.factories import bearer


def _owned_by_guangzhou(client: TestClient, container: Container) -> dict[str, Any]:
    """A clue kept to its unit (sharing level 'unit'), handed to Guangzhou by the desk."""
    clues = client.get("/api/v1/clues", params={"limit": 200}).json()
    clue = next(
        c
        for c in clues
        if c["sharing_level"] == "unit" and c["unit_code"] not in ("440100", "440300", "110000")
    )
    moved = client.post(
        f"/api/v1/clues/{clue['id']}/reassign", json={"unit": "440100", "reason": "作者常住广州"}
    )
    assert moved.status_code == 200, moved.text
    return clue


def test_a_unit_asks_another_and_reads_its_answer(
    patrolled_client: TestClient, container: Container
) -> None:
    clue = _owned_by_guangzhou(patrolled_client, container)
    cid = clue["id"]
    gz = bearer(container, "gz.officer", "officer", "440100")
    sz = bearer(container, "sz.officer", "officer", "440300")
    bj = bearer(container, "bj.officer", "officer", "110000")
    former = bearer(container, "former.officer", "officer", clue["unit_code"])
    api = patrolled_client

    assert api.get(f"/api/v1/clues/{cid}", headers=sz).status_code == 404
    assert api.post(f"/api/v1/clues/{cid}/claim", headers=gz).status_code == 200
    items = api.get(f"/api/v1/clues/{cid}/evidence", headers=gz).json()
    ask = {
        "clue_id": cid,
        "units": ["440300"],
        "kind": "identify_holder",
        "note": "请协助依法调取该账号实名信息",
        "deadline_hours": 48,
        "sharing_level": "province",
        "evidence_ids": [items[0]["id"]],
    }
    refused = api.post("/api/v1/assistance", json={**ask, "units": ["999999"]}, headers=gz)
    assert refused.status_code == 422 and refused.json()["rule"] == "assistance.unknown_unit"
    assert api.get("/api/v1/assistance", headers=gz).json()["from_us"] == []
    made = api.post("/api/v1/assistance", json=ask, headers=gz)
    assert made.status_code == 201, made.text
    rid = made.json()[0]["id"]
    assert made.json()[0]["to_unit"] == "440300"

    inbox = api.get("/api/v1/assistance", headers=sz).json()
    assert [r["id"] for r in inbox["to_us"]] == [rid] and inbox["waiting"] == 1
    # asked for help, Shenzhen takes part: it reads the clue and comments, but never works it
    assert api.get(f"/api/v1/clues/{cid}", headers=sz).status_code == 200
    claim = api.post(f"/api/v1/clues/{cid}/claim", headers=sz)
    assert claim.status_code == 403 and claim.json()["rule"] == "clue.participant_does_not_work"
    note = api.post(f"/api/v1/clues/{cid}/notes", json={"text": "该号码在深圳注册"}, headers=sz)
    assert note.status_code == 201 and note.json()["unit_code"] == "440300"
    texts = [n["text"] for n in api.get(f"/api/v1/clues/{cid}/notes", headers=gz).json()]
    assert texts == ["该号码在深圳注册"]

    wrong_side = api.post(f"/api/v1/assistance/{rid}/accept", headers=gz)
    assert wrong_side.status_code == 403
    assert wrong_side.json()["rule"] == "assistance.asked_unit_decides"
    accepted = api.post(f"/api/v1/assistance/{rid}/accept", headers=sz)
    assert accepted.json()["status"] == "accepted"
    answer = {
        "text": "已依法调取，机主为深圳某公司员工",
        "evidence": [{"title": "调证回执", "content": "深公网调字〔2026〕118号"}],
    }
    answered = api.post(f"/api/v1/assistance/{rid}/answers", json=answer, headers=sz)
    assert answered.status_code == 201, answered.text

    mine = api.get("/api/v1/assistance", headers=gz).json()
    assert mine["from_us"][0]["unread"] is True and mine["unread"] == 1
    detail = api.get(f"/api/v1/assistance/{rid}", headers=gz).json()
    assert [a["text"] for a in detail["answers"]] == [answer["text"]]
    assert detail["answers"][0]["unit_code"] == "440300"
    assert api.get("/api/v1/assistance", headers=gz).json()["unread"] == 0
    kept = api.get(f"/api/v1/clues/{cid}/evidence", headers=gz).json()
    assert any(i["kind"] == "assistance" and i["intact"] for i in kept)

    assert api.post(f"/api/v1/assistance/{rid}/close", headers=gz).json()["status"] == "closed"
    late = api.post(f"/api/v1/assistance/{rid}/answers", json=answer, headers=sz)
    assert late.status_code == 409 and late.json()["rule"] == "assistance.closed"
    again = api.post(f"/api/v1/assistance/{rid}/accept", headers=sz)
    assert again.status_code == 409

    # a unit neither owner nor participant: the same 404 as before, for the request too
    assert api.get(f"/api/v1/clues/{cid}", headers=bj).status_code == 404
    assert api.get(f"/api/v1/assistance/{rid}", headers=bj).status_code == 404
    assert api.post(f"/api/v1/clues/{cid}/notes", json={"text": "x"}, headers=bj).status_code == 404
    # the former owner keeps reading, does not work it
    assert api.get(f"/api/v1/clues/{cid}", headers=former).status_code == 200
    assert api.post(f"/api/v1/clues/{cid}/release", headers=former).status_code == 403
    units = [
        p["unit_code"] for p in api.get(f"/api/v1/clues/{cid}/participants", headers=gz).json()
    ]
    assert set(units) == {clue["unit_code"], "440300"}

    with container.uow() as uow:
        trail = uow.audit.page_for_subjects([("assistance", str(rid))], 0, 50, skip="")
    actions = [e.action for e in trail]
    for action in ("requested", "accepted", "answered", "read", "closed"):
        assert f"assistance.{action}" in actions


def test_declining_needs_a_reason_and_ends_the_thread(
    patrolled_client: TestClient, container: Container
) -> None:
    clue = _owned_by_guangzhou(patrolled_client, container)
    gz = bearer(container, "gz.officer", "officer", "440100")
    desk = bearer(container, "desk.two", "national_desk", "000000")
    api = patrolled_client
    body = {"clue_id": clue["id"], "units": ["000000"], "kind": "take_over", "note": "请部局接管"}
    rid = api.post("/api/v1/assistance", json=body, headers=gz).json()[0]["id"]
    bare = api.post(f"/api/v1/assistance/{rid}/decline", json={"reason": " "}, headers=desk)
    assert bare.status_code == 422 and bare.json()["rule"] == "assistance.decline_reason"
    declined = api.post(
        f"/api/v1/assistance/{rid}/decline", json={"reason": "属地管辖，请自行办理"}, headers=desk
    )
    assert declined.json()["status"] == "declined"
    assert declined.json()["decision_reason"] == "属地管辖，请自行办理"
    late = api.post(f"/api/v1/assistance/{rid}/answers", json={"text": "补充"}, headers=gz)
    assert late.status_code == 409
    own = api.post("/api/v1/assistance", json={**body, "units": ["440100"]}, headers=gz)
    assert own.status_code == 422 and own.json()["rule"] == "assistance.own_unit"
