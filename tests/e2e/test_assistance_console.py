"""Assistance in the console on both databases: Guangzhou asks Shenzhen from the clue page,
Shenzhen sees the badge and the request, accepts and answers; Guangzhou sees the news, reads
the answer, and the dashboard counts it. A participant's page has the notes form and no
measure forms; a unit outside the clue still gets a 404."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.web.app import create_app
from tests.e2e.test_console import sign_in


@pytest.fixture
def browsers(
    patrolled_client: TestClient, container: Container
) -> Iterator[tuple[TestClient, TestClient, TestClient]]:
    with (
        TestClient(create_app(container.settings, container)) as gz,
        TestClient(create_app(container.settings, container)) as sz,
        TestClient(create_app(container.settings, container)) as tj,
    ):
        yield gz, sz, tj


def _guangzhou_clue(api: TestClient, container: Container) -> int:
    clues = api.get("/api/v1/clues", params={"limit": 200}).json()
    clue = next(c for c in clues if c["sharing_level"] == "unit" and c["unit_code"] == "110000")
    api.post(f"/api/v1/clues/{clue['id']}/reassign", json={"unit": "440100", "reason": "属地"})
    return int(clue["id"])


def test_ask_accept_answer_and_read_in_the_console(
    patrolled_client: TestClient,
    container: Container,
    browsers: tuple[TestClient, TestClient, TestClient],
) -> None:
    gz, sz, tj = browsers
    cid = _guangzhou_clue(patrolled_client, container)
    gz_csrf = sign_in(gz, container, "gz.officer", "officer", "440100")
    sz_csrf = sign_in(sz, container, "sz.officer", "officer", "440300")
    sign_in(tj, container, "tj.officer", "officer", "120000")

    page = gz.get(f"/console/clues/{cid}").text
    assert 'id="ask-form"' in page and "请求其他单位协查" in page
    asked = gz.post(
        "/console/assistance",
        data={
            "csrf_token": gz_csrf,
            "clue_id": str(cid),
            "units": ["440300"],
            "kind": "check_lead",
            "note": "请核查该账号在深圳的活动",
            "deadline_hours": "24",
            "sharing_level": "province",
        },
        follow_redirects=False,
    )
    assert asked.status_code == 303
    after = gz.get(f"/console/clues/{cid}").text
    assert "已向 1 个单位发起协查" in after
    units = after.split('id="participants"')[1].split("</ul>")[0]
    assert '北京 <small class="muted">(原主办单位)' in units and "深圳" in units
    assert "被请求协查" in units

    queue = sz.get("/console").text
    assert re.search(r'id="assistance-badge"[^>]*>1</span>', queue)
    listing = sz.get("/console/assistance").text
    rid = int(re.findall(r'data-request="(\d+)"', listing)[0])
    assert "核查线索" in listing and "新" in listing
    assert f'href="/console/clues/{cid}"' in listing.split('id="taking-part"')[1]
    shown = sz.get(f"/console/assistance/{rid}").text
    assert "请核查该账号在深圳的活动" in shown and "受理" in shown
    # Shenzhen takes part now: the clue page shows it the notes form, not the measures
    clue_page = sz.get(f"/console/clues/{cid}").text
    assert 'id="note-form"' in clue_page and 'id="warning-form"' not in clue_page
    noted = sz.post(
        f"/console/clues/{cid}/notes",
        data={"csrf_token": sz_csrf, "text": "深圳已布控"},
        follow_redirects=False,
    )
    assert noted.status_code == 303
    assert "深圳已布控" in gz.get(f"/console/clues/{cid}").text

    for step, data in (
        ("accept", {}),
        (
            "answers",
            {"text": "已核实，账号由深圳某公司使用", "item_title": "回函", "item_content": "118号"},
        ),
    ):
        done = sz.post(
            f"/console/assistance/{rid}/{step}",
            data={"csrf_token": sz_csrf, **data},
            follow_redirects=False,
        )
        assert done.status_code == 303
    assert re.search(r'id="assistance-badge"[^>]*>1</span>', gz.get("/console").text)
    mine = gz.get("/console/assistance").text
    assert re.search(rf'class="unread" data-request="{rid}"', mine)
    answer = gz.get(f"/console/assistance/{rid}").text
    assert "已核实，账号由深圳某公司使用" in answer and "已受理" in answer
    assert f'class="unread" data-request="{rid}"' not in gz.get("/console/assistance").text
    closed = gz.post(
        f"/console/assistance/{rid}/close", data={"csrf_token": gz_csrf}, follow_redirects=False
    )
    assert closed.status_code == 303
    late = sz.post(
        f"/console/assistance/{rid}/answers",
        data={"csrf_token": sz_csrf, "text": "补充"},
        follow_redirects=True,
    )
    assert "不能再答复" in late.text

    dashboard = gz.get("/console/dashboard").text
    assert 'id="assistance-figures"' in dashboard
    assert tj.get(f"/console/assistance/{rid}").status_code == 404
    assert tj.get(f"/console/clues/{cid}").status_code == 404
    assert sz.get("/console/dashboard").text.count("<td>深圳</td><td>1</td><td>1</td>") == 1
