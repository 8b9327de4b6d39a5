"""The rumour issue end to end, over HTTP, with the platform simulator: a hoax is seeded and
spreads in variants, its cluster is detected and rises in the queue, an officer checks it,
a supervisor approves the verdict and the debunk, which appears on three units' simulated
accounts and on the public page; later variants join the cluster, and its chart and
export show the spread before and after."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from netpatrol import data
from netpatrol.bootstrap import Container
from netpatrol.domain.posts import Post
from netpatrol.services.patrol.batch import PatrolResult, patrol_batch
from netpatrol.services.patrol.post_input import parse_post, read_jsonl
from netpatrol.services.patrol.spread import FAST_SPREAD
from netpatrol.sim.hoax import HoaxSpread
from netpatrol.sim.platforms import PLATFORMS, SimulatedPlatform
from netpatrol.web.app import create_app
from tests.factories import bearer


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def world(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, Clock, dict[str, SimulatedPlatform]]]:
    clock = Clock()
    monkeypatch.setattr(container, "clock", clock)
    platforms = {p: SimulatedPlatform(p, clock) for p in PLATFORMS}
    monkeypatch.setattr(container, "connectors", lambda: platforms)
    lines = data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    sample = [p for _, p in read_jsonl(lines) if isinstance(p, Post)]
    patrol_batch(container.uow(), sample, container.detection(), container.triage, clock)
    with TestClient(create_app(container.settings, container)) as client:
        yield client, clock, platforms


def spread(
    container: Container,
    clock: Clock,
    platforms: dict[str, SimulatedPlatform],
    hoax: HoaxSpread,
    count: int,
) -> PatrolResult:
    rows = hoax.wave(clock.now, timedelta(hours=1), count)
    for platform in platforms.values():
        platform.add_posts(rows)
    clock.now += timedelta(hours=1)
    posts = [parse_post(r) for r in rows]
    return patrol_batch(container.uow(), posts, container.detection(), container.triage, clock)


def rank(client: TestClient, headers: dict[str, str], clue_ids: set[int]) -> int:
    queue = client.get("/api/v1/clues?status=open&limit=500", headers=headers).json()
    return next(i for i, c in enumerate(queue, 1) if c["id"] in clue_ids)


def cluster_place(client: TestClient, headers: dict[str, str], cluster_id: int) -> int:
    listed = client.get("/api/v1/clusters", headers=headers).json()
    return next(i for i, c in enumerate(listed, 1) if c["id"] == cluster_id)


def test_a_hoax_is_checked_debunked_on_three_accounts_and_tracked_before_and_after(
    container: Container, world: tuple[TestClient, Clock, dict[str, SimulatedPlatform]]
) -> None:
    client, clock, platforms = world
    officer = bearer(container, "desk.officer", "officer", "000000")
    supervisor = bearer(container, "desk.supervisor", "supervisor", "000000")
    hoax = HoaxSpread(seed=11)

    first = spread(container, clock, platforms, hoax, 3)
    [cluster_id] = first.spread.created
    clues = set(client.get(f"/api/v1/clusters/{cluster_id}/clues", headers=officer).json())
    rank_first = rank(client, officer, clues)
    place_first = cluster_place(client, officer, cluster_id)
    for count in (6, 12, 20, 30):
        assert not spread(container, clock, platforms, hoax, count).spread.created
    listed = client.get("/api/v1/clusters", headers=officer).json()
    [mine] = [c for c in listed if c["id"] == cluster_id]
    assert mine["posts"] == 71 and mine["variants"] > 0 and mine["copies"] > 0
    assert cluster_place(client, officer, cluster_id) < place_first  # fast growth: up it goes
    clues = set(client.get(f"/api/v1/clusters/{cluster_id}/clues", headers=officer).json())
    risen = rank(client, officer, clues)
    assert risen < rank_first  # and its clue rose in the queue
    assert mine["growth"] >= FAST_SPREAD  # spreading fast: its clue is now high severity
    queue = client.get("/api/v1/clues?status=open&limit=500", headers=officer).json()
    assert queue[risen - 1]["severity"] == "high"
    assert {c["severity"] for c in queue[: risen - 1]} <= {"high", "critical"}

    check = client.post(
        f"/api/v1/clusters/{cluster_id}/checks",
        json={"claim": "网传有人开面包车在小区门口抢孩子"},
        headers=officer,
    ).json()
    for source in (
        {"kind": "agency", "value": "北京市公安局朝阳分局", "note": "未接到相关报警"},
        {"kind": "link", "value": "https://www.piyao.org.cn/", "note": "旧谣"},
    ):
        assert (
            client.post(
                f"/api/v1/checks/{check['id']}/sources", json=source, headers=officer
            ).status_code
            == 200
        )
    verdict = {"verdict": "false", "conclusion": "经核实无此警情，系旧谣翻新。"}
    assert (
        client.post(
            f"/api/v1/checks/{check['id']}/verdict", json=verdict, headers=officer
        ).status_code
        == 200
    )
    decision = {"approve": True, "note": "同意"}
    refused = client.post(f"/api/v1/checks/{check['id']}/decision", json=decision, headers=officer)
    assert refused.status_code == 403  # an officer does not approve
    approved = client.post(
        f"/api/v1/checks/{check['id']}/decision", json=decision, headers=supervisor
    )
    assert (
        approved.json()["status"] == "approved" and approved.json()["approver"] == "desk.supervisor"
    )

    suggestion = client.get(
        f"/api/v1/clusters/{cluster_id}/debunk-suggestion", headers=officer
    ).json()
    three = suggestion["units"][:3]
    assert len(three) == 3
    draft = client.post(
        f"/api/v1/clusters/{cluster_id}/debunks",
        json={"targets": [{"unit": u, "platform": "weibo"} for u in three]},
        headers=officer,
    ).json()
    assert draft["status"] == "draft" and draft["kind"] == "debunk"
    own = client.post(f"/api/v1/publications/{draft['id']}/approve", headers=officer)
    assert own.status_code == 403
    published = client.post(
        f"/api/v1/publications/{draft['id']}/approve", headers=supervisor
    ).json()
    assert published["status"] == "published"
    assert {t["status"] for t in published["targets"]} == {"published"}
    assert all(t["reach"] and t["live"] for t in published["targets"])

    on_platform = [
        p.data for p in platforms["weibo"].state.posts.values() if p.id.startswith("weibo-own")
    ]
    accounts = {p["author"]["id"] for p in on_platform}
    units = {u["code"]: u for u in client.get("/api/v1/units").json()}
    assert accounts == {units[code]["channel_accounts"]["weibo"] for code in three}
    assert all(draft["title"] in p["text"] for p in on_platform)

    page = client.get(f"/debunks/{draft['id']}")
    assert page.status_code == 200 and draft["title"] in page.text
    for account in accounts:
        assert account in page.text
    assert draft["title"] in client.get("/debunks").text
    feed = client.get("/debunks.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert f"/debunks/{draft['id']}</id>" in feed.text

    later = [spread(container, clock, platforms, hoax, n) for n in (8, 4, 2)]
    assert sum(r.spread.joined for r in later) == 14
    assert not any(r.spread.created for r in later)

    detail = client.get(f"/api/v1/clusters/{cluster_id}", headers=officer).json()
    assert detail["cluster"]["status"] == "debunked" and detail["cluster"]["posts"] == 85
    effect = detail["effect"]
    assert effect["before"]["posts"] == 71 and effect["after"]["posts"] == 14
    assert effect["after"]["posts_per_hour"] < effect["before"]["posts_per_hour"]
    assert {h["phase"] for h in detail["series"]} == {"before", "after"}

    exported = client.get(f"/api/v1/clusters/{cluster_id}/export?format=csv", headers=officer)
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert sum(int(r["posts"]) for r in rows if r["phase"] == "after") >= 14
    console = client.get(f"/console/clusters/{cluster_id}", headers=officer)
    assert 'id="spread-chart"' in console.text and '"debunked_at": "2026' in console.text


def test_bad_requests_change_nothing(
    container: Container, world: tuple[TestClient, Clock, dict[str, SimulatedPlatform]]
) -> None:
    client, clock, platforms = world
    officer = bearer(container, "gz.officer", "officer", "440100")
    desk = bearer(container, "desk.officer", "officer", "000000")
    [cluster_id] = spread(container, clock, platforms, HoaxSpread(seed=12), 4).spread.created
    assert client.get("/api/v1/clusters/999999", headers=desk).status_code == 404
    blank = client.post(f"/api/v1/clusters/{cluster_id}/checks", json={"claim": ""}, headers=desk)
    assert blank.status_code == 422
    check = client.post(
        f"/api/v1/clusters/{cluster_id}/checks", json={"claim": "网传抢孩子"}, headers=desk
    ).json()
    bad_link = {"kind": "link", "value": "ftp://example.com/x"}
    assert (
        client.post(
            f"/api/v1/checks/{check['id']}/sources", json=bad_link, headers=desk
        ).status_code
        == 422
    )
    early = {"verdict": "false", "conclusion": "x"}
    assert (
        client.post(f"/api/v1/checks/{check['id']}/verdict", json=early, headers=desk).status_code
        == 422
    )
    wrong = {"verdict": "maybe", "conclusion": "x"}
    assert (
        client.post(f"/api/v1/checks/{check['id']}/verdict", json=wrong, headers=desk).status_code
        == 422
    )
    no_debunk = client.post(f"/api/v1/clusters/{cluster_id}/debunks", json={}, headers=desk)
    assert no_debunk.status_code == 422
    detail = client.get(f"/api/v1/clusters/{cluster_id}", headers=desk).json()
    assert detail["checks"][0]["sources"] == [] and detail["debunks"] == []
    # a Guangzhou officer sees only Guangzhou's clusters and publications
    with container.uow() as uow:
        cluster = uow.clusters.get(cluster_id)
        unit = uow.units.get(cluster.unit_id)  # type: ignore[union-attr]
    if unit is not None and unit.code != "440100":
        assert client.get(f"/api/v1/clusters/{cluster_id}", headers=officer).status_code == 404
    alert = {
        "kind": "fraud_alert",
        "title": "警惕",
        "body": "正文",
        "targets": [{"unit": "110000", "platform": "weibo"}],
    }
    assert client.post("/api/v1/publications", json=alert, headers=officer).status_code == 403
    alert["targets"] = [{"unit": "440100", "platform": "myspace"}]
    assert client.post("/api/v1/publications", json=alert, headers=officer).status_code == 422
    alert["targets"] = [{"unit": "440100", "platform": "weibo"}]
    alert["publish_at"] = "2026-12-01T08:00:00"  # no offset
    assert client.post("/api/v1/publications", json=alert, headers=officer).status_code == 422
    assert client.get("/api/v1/publications", headers=officer).json() == []
    assert client.get("/alerts/1").status_code == 404


def test_a_scheduled_alert_is_published_by_the_timers_and_edits_are_audited(
    container: Container, world: tuple[TestClient, Clock, dict[str, SimulatedPlatform]]
) -> None:
    client, clock, _ = world
    officer = bearer(container, "gz.officer", "officer", "440100")
    supervisor = bearer(container, "gz.supervisor", "supervisor", "440100")
    at = (clock.now + timedelta(hours=3)).isoformat()
    created = client.post(
        "/api/v1/publications",
        json={
            "kind": "fraud_alert",
            "title": "警惕冒充客服退款",
            "body": "骗子冒充客服，让你拨打 400-123-4567 退款，不要理会。",
            "targets": [
                {"unit": "440100", "platform": "weibo"},
                {"unit": "440100", "platform": "wechat"},
            ],
            "publish_at": at,
        },
        headers=officer,
    ).json()
    pid = created["id"]
    edited = client.put(
        f"/api/v1/publications/{pid}",
        json={
            "title": "警惕冒充客服退款骗局",
            "body": "骗子冒充客服要你转账退款，挂断。",
            "publish_at": at,
        },
        headers=officer,
    ).json()
    assert edited["version"] == 2
    approved = client.post(f"/api/v1/publications/{pid}/approve", headers=supervisor).json()
    assert approved["status"] == "approved"  # its time has not come
    assert "警惕冒充客服退款骗局" not in client.get("/alerts").text
    clock.now += timedelta(hours=3)
    ran = client.post("/api/v1/publishing/run", headers=supervisor).json()
    assert ran == {"published": 1, "posted": 2, "failed": 0}
    assert "警惕冒充客服退款骗局" in client.get("/alerts").text
    assert client.get(f"/alerts/{pid}").status_code == 200
    history = client.get(f"/api/v1/publications/{pid}/history", headers=officer).json()
    actions = [e["action"] for e in history]
    assert actions[:4] == [
        "publication.drafted",
        "publication.edited",
        "publication.approved",
        "publication.published",
    ]
    edit = history[1]
    assert edit["before"]["title"] == "警惕冒充客服退款" and edit["after"]["version"] == 2
    assert actions.count("publication.posted") == 2
    nanjing = bearer(container, "nj.officer", "officer", "320100")
    assert client.get(f"/api/v1/publications/{pid}", headers=nanjing).status_code == 200
    hidden = client.get(f"/api/v1/publications/{pid}/history", headers=nanjing)
    assert hidden.status_code == 404  # the drafts and edits stay with the publishing unit
