"""The console's rumour and publishing forms, and a typical-case bulletin from a closed
case, over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.sim.hoax import HoaxSpread
from netpatrol.web.app import create_app
from tests.factories import bearer


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container.settings, container), follow_redirects=False) as c:
        yield c


def notice(response: object) -> str:
    cookie = response.cookies.get("np_flash", "")  # type: ignore[attr-defined]
    return unquote(cookie)


def refusal(response: object) -> str:
    """A refused form's message: it comes back as an error, not as a notice."""
    assert not response.cookies.get("np_flash")  # type: ignore[attr-defined]
    cookie = response.cookies.get("np_refused", "")  # type: ignore[attr-defined]
    return unquote(cookie)


def test_check_and_debunk_through_the_console_forms(
    container: Container, client: TestClient
) -> None:
    officer = bearer(container, "desk.officer", "officer", "000000")
    supervisor = bearer(container, "desk.supervisor", "supervisor", "000000")
    hoax = HoaxSpread(seed=21)
    rows = hoax.wave(container.clock() - timedelta(hours=2), timedelta(hours=2), 12)
    result = patrol_batch(
        container.uow(),
        [parse_post(r) for r in rows],
        container.detection(),
        container.triage,
        container.clock,
    )
    [cid] = result.spread.created
    page = f"/console/clusters/{cid}"
    assert client.get("/console/rumours", headers=officer).status_code == 200

    empty = client.post(f"{page}/checks", data={"claim": " "}, headers=officer)
    assert empty.status_code == 303 and "claim" in refusal(empty)
    assert client.get(f"/api/v1/clusters/{cid}", headers=officer).json()["checks"] == []
    opened = client.post(f"{page}/checks", data={"claim": "网传抢孩子"}, headers=officer)
    assert opened.headers["location"] == page
    [check] = client.get(f"/api/v1/clusters/{cid}", headers=officer).json()["checks"]
    base = f"/console/checks/{check['id']}"
    source = {"kind": "agency", "value": "市公安局", "note": "无此警情"}
    assert client.post(f"{base}/sources", data=source, headers=officer).status_code == 303
    verdict = {"verdict": "false", "conclusion": "无此警情"}
    client.post(f"{base}/verdict", data=verdict, headers=officer)
    odd = client.post(f"{base}/decision", data={"decision": "maybe"}, headers=supervisor)
    assert "Unknown" in refusal(odd) or "未知" in refusal(odd)
    mine = client.post(f"{base}/decision", data={"decision": "approve"}, headers=officer)
    assert mine.status_code == 303 and "approve" in refusal(mine)  # an officer may not
    [still] = client.get(f"/api/v1/clusters/{cid}", headers=officer).json()["checks"]
    assert still["status"] == "submitted"
    client.post(f"{base}/decision", data={"decision": "approve"}, headers=supervisor)
    shown = client.get(page, headers=officer)
    assert 'id="debunk-form"' in shown.text

    with container.uow() as uow:
        cluster = uow.clusters.get(cid)
        unit = uow.units.get(cluster.unit_id)  # type: ignore[union-attr]
    assert unit is not None
    form = {
        "title": "网传抢孩子系谣言",
        "body": "经核实无此警情。",
        "targets": [f"{unit.code}:weibo"],
    }
    drafted = client.post(f"{page}/debunks", data=form, headers=officer)
    location = drafted.headers["location"]
    assert location.startswith("/console/publications/")
    approve = client.post(f"{location}/approve", headers=supervisor)
    assert approve.status_code == 303
    publication = client.get(location, headers=supervisor)
    assert "网传抢孩子系谣言" in publication.text and 'id="history"' in publication.text
    pid = int(location.rsplit("/", 1)[1])
    assert client.get(f"/debunks/{pid}").status_code == 200  # public, accounts still waiting
    assert client.get(f"{page}/export.json", headers=officer).json()["cluster"]["status"] == (
        "debunked"
    )
    withdrawn = client.post(f"{location}/withdraw", data={"reason": ""}, headers=supervisor)
    assert client.get(f"/debunks/{pid}").status_code == 200 and refusal(withdrawn)
    client.post(f"{location}/withdraw", data={"reason": "措辞需调整"}, headers=supervisor)
    assert client.get(f"/debunks/{pid}").status_code == 404


def test_a_bulletin_is_drafted_from_a_closed_case(container: Container, client: TestClient) -> None:
    officer = bearer(container, "gz.officer", "officer", "440100")
    supervisor = bearer(container, "gz.supervisor", "supervisor", "440100")
    post = {
        "platform": "weibo",
        "id": "case-post",
        "author": {"id": "u-555", "name": "赵某某", "region": "广东 广州"},
        "text": "高价回收银行卡，刷单返利日结，联系QQ 87654321 电话 13700001111",
        "created_at": container.clock().isoformat(),
    }
    [clue] = patrol_batch(
        container.uow(),
        [parse_post(post)],
        container.detection(),
        container.triage,
        container.clock,
    ).clues
    early = client.post(f"/api/v1/clues/{clue.id}/bulletin", headers=officer)
    assert early.status_code == 422
    bases = [
        b["code"] for b in client.get("/api/v1/legal-bases").json() if "fraud" in b["categories"]
    ]
    case = client.post(
        f"/api/v1/clues/{clue.id}/measures",
        json={"kind": "case", "legal_bases": bases[:1], "reason": "赵某某组织刷单诈骗"},
        headers=officer,
    ).json()
    for to, who in (("approved", supervisor), ("closed", officer)):
        moved = client.post(
            f"/api/v1/measures/{case['id']}/transitions", json={"to": to}, headers=who
        )
        assert moved.status_code == 200, moved.text
    drafted = client.post(f"/console/clues/{clue.id}/bulletin", headers=officer)
    location = drafted.headers["location"]
    pid = int(location.rsplit("/", 1)[1])
    bulletin = client.get(f"/api/v1/publications/{pid}", headers=officer).json()
    assert bulletin["kind"] == "case_bulletin" and bulletin["source_clue_id"] == clue.id
    for secret in ("赵某某", "u-555", "87654321", "13700001111"):
        assert secret not in bulletin["body"]
    assert [t["account"] for t in bulletin["targets"]] == ["@广州网警巡查执法", "广州网警巡查执法"]
