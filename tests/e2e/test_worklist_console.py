"""The queue's tabs, search, saved views, assignment and bulk actions over HTTP, on both
databases: what an officer sees and what a refusal looks like."""

from __future__ import annotations

import re
from urllib.parse import unquote

from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.domain.categories import SharingLevel
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from tests.e2e.test_console import app_client, clue_of_unit, sign_in, visitor
from tests.factories import bearer

__all__ = ["app_client"]  # the fixture


def counts(page: str) -> dict[str, int]:
    found = re.findall(r'data-tab="(\w+)"[^>]*>[^<]*<span class="count">(\d+)</span>', page)
    return {tab: int(n) for tab, n in found}


def ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-clue-id="(\d+)"', page)]


def refusal(response: object) -> str:
    cookie = getattr(response, "cookies", {}).get("np_refused", "")
    return unquote(cookie)


GUANGZHOU = [
    "高价回收银行卡，刷单返利日结，联系QQ 123456781",
    "网上赌场百家乐稳赚不赔，注册就送彩金，加微信 bet881",
    "出售仿真枪，气枪出售，包邮到家",
    "办证刻章，代办身份证，急件当天取",
]


def more_guangzhou_clues(container: Container) -> None:
    posts = [
        parse_post(
            {
                "platform": "tieba",
                "id": f"tb-gz-{n}",
                "author": {"id": f"gz{n}", "name": f"广州网友{n}", "region": "广东 广州"},
                "text": text,
                "created_at": "2026-11-30T08:00:00+00:00",
            }
        )
        for n, text in enumerate(GUANGZHOU)
    ]
    result = patrol_batch(
        container.uow(), posts, container.detection(), container.triage, container.clock
    )
    assert len(result.clues) == len(GUANGZHOU)


def share(container: Container, clue_id: int, level: SharingLevel) -> None:
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
        assert clue is not None
        clue.sharing_level = level
        uow.clues.update(clue)
        uow.commit()


def test_tabs_keep_a_city_officers_own_work_apart_from_shared_clues(
    app_client: TestClient, container: Container
) -> None:
    wuhan = clue_of_unit(app_client, container, "420100")
    share(container, wuhan, SharingLevel.NATIONAL)
    csrf = sign_in(app_client, container, "gz.officer", "officer", "440100")
    page = app_client.get("/console").text
    tabs = counts(page)
    assert set(tabs) == {"mine", "unit", "shared"} and tabs["mine"] == 0 and tabs["shared"] >= 1
    assert 'data-tab="unit" aria-current="page"' in page  # nothing of mine: my unit's first
    with container.uow() as uow:
        units = {u.id: u.code for u in uow.units.all()}
        listed = [uow.clues.get(i) for i in ids(page)]
    assert listed and all(c is not None and units[c.unit_id] == "440100" for c in listed)
    assert len(listed) == tabs["unit"] or len(listed) == 100
    shared = app_client.get("/console", params={"tab": "shared"}).text
    assert wuhan in ids(shared) and not set(ids(shared)) & set(ids(page))
    empty = app_client.get("/console", params={"tab": "mine"}).text
    assert 'id="empty-mine"' in empty and "认领" in empty
    app_client.post(
        f"/console/clues/{listed[0].id}/claim", data={"csrf_token": csrf}, follow_redirects=False
    )
    after = app_client.get("/console").text
    assert counts(after)["mine"] == 1 and ids(after) == [listed[0].id]
    assert counts(after)["unit"] == tabs["unit"] - 1


def test_search_from_the_box_stays_within_the_users_units(
    app_client: TestClient, container: Container
) -> None:
    hangzhou = clue_of_unit(app_client, container, "330100")
    share(container, hangzhou, SharingLevel.UNIT)
    with container.uow() as uow:
        clue = uow.clues.get(hangzhou)
        assert clue is not None
        post = uow.posts.get(clue.post_id)
        assert post is not None
    words = post.text[:6]
    sign_in(app_client, container, "gz.officer", "officer", "440100")
    for path in ("/console", "/console/dashboard", "/console/approvals"):
        assert 'action="/console/search"' in app_client.get(path).text
    gz_page = app_client.get("/console/search", params={"q": words}).text
    assert f"/console/clues/{hangzhou}" not in gz_page
    app_client.cookies.clear()
    sign_in(app_client, container, "hz.officer", "officer", "330100")
    hz_page = app_client.get("/console/search", params={"q": words}).text
    assert f"/console/clues/{hangzhou}" in hz_page and 'id="hits-post"' in hz_page
    nothing = app_client.get("/console/search", params={"q": "绝不会出现的词语组合"}).text
    assert 'id="no-hits"' in nothing
    api = app_client.get(
        "/api/v1/search",
        params={"q": words},
        headers=bearer(container, "gz.api", "officer", "440100"),
    ).json()
    assert all(h["clue_id"] != hangzhou for hits in api["groups"].values() for h in hits)
    spec = app_client.get("/openapi.json").json()
    assert "get" in spec["paths"]["/api/v1/search"]


def test_saved_views_are_made_listed_and_deleted_from_the_queue(
    app_client: TestClient, container: Container
) -> None:
    csrf = sign_in(app_client, container, "gz.officer", "officer", "440100")
    form = {"csrf_token": csrf, "name": "赌博线索", "tab": "unit", "category": "gambling"}
    made = app_client.post("/console/views", data=form, follow_redirects=False)
    assert made.status_code == 303 and "category=gambling" in made.headers["location"]
    page = app_client.get("/console").text
    assert re.search(r'<a href="/console\?category=gambling&amp;tab=unit">赌博线索</a>', page)
    again = app_client.post("/console/views", data=form, follow_redirects=False)
    assert "已有名为" in refusal(again)
    view_id = re.findall(r'data-view-id="(\d+)"', page)[0]
    app_client.post(f"/console/views/{view_id}/delete", data={"csrf_token": csrf})
    assert "赌博线索" not in app_client.get("/console").text


def test_bulk_claim_assign_and_escalate_with_refusals_in_red(
    app_client: TestClient, container: Container
) -> None:
    more_guangzhou_clues(container)
    bearer(container, "gz.colleague", "officer", "440100")
    bearer(container, "hz.officer", "officer", "330100")
    csrf = sign_in(app_client, container, "gz.officer", "officer", "440100")
    unit_ids = ids(app_client.get("/console", params={"tab": "unit"}).text)
    assert len(unit_ids) >= 4
    claim, hand, up = unit_ids[:2], unit_ids[2:3], unit_ids[3:4]

    def bulk(action: str, clues: list[int], **more: str) -> object:
        data = {"csrf_token": csrf, "action": action, "clue_ids": clues, **more}
        return app_client.post("/console/bulk", data=data, follow_redirects=False)

    assert not refusal(bulk("claim", claim))
    assert set(claim) <= set(ids(app_client.get("/console", params={"tab": "mine"}).text))
    # another officer's claim is refused clue by clue, in Chinese, as a refusal
    app_client.cookies.clear()
    other = sign_in(app_client, container, "gz.colleague", "officer", "440100")
    taken = app_client.post(
        "/console/bulk",
        data={"csrf_token": other, "action": "claim", "clue_ids": claim},
        follow_redirects=False,
    )
    said = refusal(taken)
    assert f"#{claim[0]}" in said and "已由 gz.officer 认领" in said
    assert "np_flash" not in taken.cookies
    page = app_client.get("/console").text  # the banner is the red one, in Chinese
    assert 'class="flash refused" role="alert"' in page and "已由 gz.officer 认领" in page
    app_client.post(
        "/console/language", data={"locale": "en", "next": "/console", **visitor(app_client)}
    )
    english = app_client.post(
        "/console/bulk",
        data={"csrf_token": other, "action": "claim", "clue_ids": claim},
        follow_redirects=False,
    )
    assert f"Refused: #{claim[0]}: clue {claim[0]} is claimed by gz.officer" in refusal(english)
    app_client.cookies.clear()
    csrf = sign_in(app_client, container, "gz.officer", "officer", "440100")
    stranger = bulk("assign", hand, assignee="hz.officer")
    assert "不属于线索" in refusal(stranger)
    assert not refusal(bulk("assign", hand, assignee="gz.colleague"))
    assert "理由" in refusal(bulk("escalate", up))
    assert not refusal(bulk("escalate", up, reason="跨市团伙"))
    with container.uow() as uow:
        handed, raised = uow.clues.get(hand[0]), uow.clues.get(up[0])
        units = {u.id: u.code for u in uow.units.all()}
        audit = [(e.action, e.subject_id) for e in uow.audit.entries()]
    assert handed is not None and handed.assignee == "gz.colleague"
    assert raised is not None and units[raised.unit_id] == "440000"
    assert ("clue.assigned", str(hand[0])) in audit and ("clue.escalated", str(up[0])) in audit
    mine = ids(app_client.get("/console", params={"tab": "mine"}).text)
    assert hand[0] not in mine
    app_client.cookies.clear()
    sign_in(app_client, container, "gz.colleague", "officer", "440100")
    assert hand[0] in ids(app_client.get("/console", params={"tab": "mine"}).text)


def test_assigning_from_the_clue_page(app_client: TestClient, container: Container) -> None:
    bearer(container, "gz.colleague", "officer", "440100")
    csrf = sign_in(app_client, container, "gz.officer", "officer", "440100")
    clue_id = ids(app_client.get("/console", params={"tab": "unit"}).text)[0]
    page = app_client.get(f"/console/clues/{clue_id}").text
    assert 'value="gz.colleague"' in page and f'action="/console/clues/{clue_id}/assign"' in page
    done = app_client.post(
        f"/console/clues/{clue_id}/assign",
        data={"csrf_token": csrf, "assignee": "gz.colleague"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and not refusal(done)
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
    assert clue is not None and clue.assignee == "gz.colleague"
