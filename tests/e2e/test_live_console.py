"""The live queue (server-sent events), the one approvals inbox and its registry of
waiting sources, and the keyboard's static script, over HTTP on both databases."""

from __future__ import annotations

import json
import re
import threading
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.domain.publications import PublicationKind
from netpatrol.domain.users import Role
from netpatrol.services.accounts.acting import Staff
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.publishing import publications
from netpatrol.sim.hoax import HoaxSpread
from netpatrol.web.app import create_app
from netpatrol.web.console import waiting
from tests.e2e.test_console import app_client, sign_in
from tests.factories import bearer

__all__ = ["app_client"]  # the fixture


def events(body: str) -> list[tuple[str, dict[str, object]]]:
    found = []
    for block in body.split("\n\n"):
        kind = re.search(r"^event: (\w+)$", block, re.M)
        data = re.search(r"^data: (.*)$", block, re.M)
        if kind and data:
            found.append((kind.group(1), json.loads(data.group(1))))
    return found


def new_clue(container: Container, n: int, text: str, region: str = "广东 广州") -> int:
    post = parse_post(
        {
            "platform": "tieba",
            "id": f"tb-live-{n}",
            "author": {"id": f"live{n}", "name": f"网友{n}", "region": region},
            "text": text,
            "created_at": "2026-11-30T08:00:00+00:00",
        }
    )
    found = patrol_batch(
        container.uow(), [post], container.detection(), container.triage, container.clock
    )
    return found.clues[0].id or 0


def test_the_live_feed_tells_an_arriving_clue_and_the_counts(
    app_client: TestClient, container: Container
) -> None:
    sign_in(app_client, container, "gz.officer", "officer", "440100")
    made: list[int] = []
    later = threading.Timer(
        1.0, lambda: made.append(new_clue(container, 1, "网上赌场百家乐稳赚不赔，加微信 bet991"))
    )
    later.start()
    answer = app_client.get("/console/live", params={"seconds": 4})
    later.join()
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    told = events(answer.text)
    assert told[0][0] == "counts" and {"mine", "unit", "shared", "approvals"} <= set(told[0][1])
    clues = [body for kind, body in told if kind == "clue"]
    assert [c["clue_id"] for c in clues] == made
    assert clues[0]["change"] == "arrived"
    assert told[-1][0] == "bye"  # the stream ends on its own; the browser reconnects
    row = app_client.get(f"/console/clues/{made[0]}/row")
    assert row.status_code == 200 and f'id="clue-{made[0]}"' in row.text


def test_the_feed_keeps_to_what_the_user_may_see(
    app_client: TestClient, container: Container
) -> None:
    sign_in(app_client, container, "hz.officer", "officer", "330100")
    later = threading.Timer(
        1.0, lambda: new_clue(container, 2, "网上赌场百家乐稳赚不赔，加微信 bet992")
    )
    later.start()
    told = events(app_client.get("/console/live", params={"seconds": 3}).text)
    later.join()
    assert [body for kind, body in told if kind == "clue"] == []
    assert app_client.get("/console/live", params={"seconds": 9999}).status_code == 422
    drugs = events(app_client.get("/console/live", params={"seconds": 1, "category": "drugs"}).text)
    everything = events(app_client.get("/console/live", params={"seconds": 1}).text)
    assert drugs[0][1]["shared"] <= everything[0][1]["shared"]  # the page's filters count


def test_signed_out_the_feed_sends_to_sign_in(app_client: TestClient) -> None:
    answer = app_client.get("/console/live", follow_redirects=False)
    assert answer.status_code == 303 and "/console/login" in answer.headers["location"]


def test_one_inbox_lists_every_source_with_counts_in_the_nav(
    app_client: TestClient, container: Container
) -> None:
    assert list(waiting.SOURCES) == [
        "cases",
        "appeals",
        "checks",
        "debunks",
        "publications",
        "indicators",
    ]
    with pytest.raises(ValueError, match="registered already"):
        waiting.register(waiting.SOURCES["cases"])
    sign_in(app_client, container, "gz.supervisor", "supervisor", "440100")
    before = app_client.get("/console/approvals").text
    shown = re.search(r'id="approvals-badge" data-count="(\d+)"', before)
    assert shown
    officer = Staff("gz.officer", Role.OFFICER)
    text = publications.Draft(
        PublicationKind.FRAUD_ALERT,
        "440100",
        "冒充客服退款的骗局",
        "接到自称客服的电话要求转账，请挂断。",
        [("440100", "weibo")],
    )
    draft = publications.draft(container.uow(), text, officer, container.clock)
    page = app_client.get("/console/approvals").text
    after = re.search(r'id="approvals-badge" data-count="(\d+)"', page)
    assert after and int(after.group(1)) == int(shown.group(1)) + 1
    assert f'data-publication="{draft.id}"' in page and "待审批的发布" in page
    approve = f'action="/console/publications/{draft.id}/approve"'
    assert approve in page
    queue = app_client.get("/console").text  # the count shows on every page
    assert re.search(r'id="approvals-badge" data-count="(\d+)"', queue)


def test_the_keys_and_the_live_script_are_static_files(
    app_client: TestClient, container: Container
) -> None:
    sign_in(app_client, container, "gz.officer", "officer", "440100")
    page = app_client.get("/console").text
    assert '<script src="/console/static/keys.js" defer></script>' in page
    assert '<script src="/console/static/live.js" defer></script>' in page
    assert 'id="keys-help"' in page and "<kbd>j</kbd>" in page
    assert re.search(r"<script>|\son[a-z]+=", page) is None  # nothing inline for the CSP
    for name in ("keys.js", "live.js"):
        script = app_client.get(f"/console/static/{name}")
        assert script.status_code == 200
    assert '"/console/live"' in app_client.get("/console/static/live.js").text


def waiting_count(page: str, source: str) -> int:
    found = re.search(rf'data-waiting="{source}">[^<]*<span class="count">(\d+)</span>', page)
    assert found, source
    return int(found.group(1))


def test_a_check_then_its_debunk_wait_in_the_one_inbox(container: Container) -> None:
    officer = bearer(container, "desk.officer", "officer", "000000")
    supervisor = bearer(container, "desk.supervisor", "supervisor", "000000")
    rows = HoaxSpread(seed=21).wave(container.clock() - timedelta(hours=2), timedelta(hours=2), 12)
    posts = [parse_post(r) for r in rows]
    c = container
    [cid] = patrol_batch(c.uow(), posts, c.detection(), c.triage, c.clock).spread.created
    with TestClient(create_app(c.settings, c), follow_redirects=False) as client:
        client.post(
            f"/console/clusters/{cid}/checks", data={"claim": "网传抢孩子"}, headers=officer
        )
        [check] = client.get(f"/api/v1/clusters/{cid}", headers=officer).json()["checks"]
        base = f"/console/checks/{check['id']}"
        source = {"kind": "agency", "value": "市公安局", "note": "无此警情"}
        client.post(f"{base}/sources", data=source, headers=officer)
        client.post(
            f"{base}/verdict", data={"verdict": "false", "conclusion": "无此警情"}, headers=officer
        )
        inbox = client.get("/console/approvals", headers=supervisor).text
        assert waiting_count(inbox, "checks") == 1
        assert f'data-check="{check["id"]}"' in inbox
        client.post(f"{base}/decision", data={"decision": "approve"}, headers=supervisor)
        assert (
            waiting_count(client.get("/console/approvals", headers=supervisor).text, "checks") == 0
        )

        with c.uow() as uow:
            cluster = uow.clusters.get(cid)
            unit = uow.units.get(cluster.unit_id)  # type: ignore[union-attr]
        assert unit is not None
        form = {
            "title": "网传抢孩子系谣言",
            "body": "经核实无此警情。",
            "targets": [f"{unit.code}:weibo"],
        }
        drafted = client.post(f"/console/clusters/{cid}/debunks", data=form, headers=officer)
        pid = drafted.headers["location"].rsplit("/", 1)[1]
        inbox = client.get("/console/approvals", headers=supervisor).text
        assert waiting_count(inbox, "debunks") == 1
        assert waiting_count(inbox, "publications") == 0
        assert f'data-publication="{pid}"' in inbox and "待审批的辟谣" in inbox
        approved = client.post(f"/console/publications/{pid}/approve", headers=supervisor)
        assert approved.status_code == 303
        assert (
            waiting_count(client.get("/console/approvals", headers=supervisor).text, "debunks") == 0
        )
