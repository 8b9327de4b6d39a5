"""The console's longest lists show their latest page and read older ones on demand: a
clue's findings and audit trail, a cluster's posts and the clues its posts went to, each
with a "more" button in the reader's language that asks for the next page by keyset."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clues import Clue
from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Author, Platform, Post
from netpatrol.domain.spread import Cluster, ClusterMember, MemberKind
from netpatrol.services.clues.queries import DETAIL_PAGE
from netpatrol.services.oversight.audit import SYSTEM_ACTOR, record
from netpatrol.services.rumours.clusters import CLUES_PAGE, MEMBERS_PAGE
from netpatrol.web.app import create_app
from tests.factories import bearer

T0 = datetime(2026, 11, 1, tzinfo=UTC)
FINDINGS = DETAIL_PAGE + 7
MEMBERS = MEMBERS_PAGE + 5
CLUES = CLUES_PAGE + 3
MORE = re.compile(r'hx-get="([^"]+\?before=\d+)"')


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container.settings, container)) as c:
        c.headers.update(bearer(container, "reader"))
        yield c


def _fill(container: Container) -> tuple[int, int]:
    """A clue of FINDINGS findings and merges, and a cluster of MEMBERS posts that went to
    CLUES clues; (clue id, cluster id)."""
    with container.uow() as uow:
        unit = uow.units.all()[0].id or 0
        posts = [
            Post(Platform.WEIBO, f"p{i}", Author(f"a{i}", "n"), f"谣言 {i}", T0 + timedelta(i))
            for i in range(max(FINDINGS, CLUES))
        ]
        uow.posts.add_many(posts)
        clues = [
            Clue(unit, Category.RUMOUR, Severity.HIGH, p.id or 0, 1, SharingLevel.NATIONAL, T0, T0)
            for p in posts[:CLUES]
        ]
        uow.clues.add_many(clues)
        big = clues[0].id or 0
        uow.findings.add_many(
            [
                Finding(Category.RUMOUR, 0.9, Severity.HIGH, [], "lexicon", "1", p.id, big, T0)
                for p in posts[:FINDINGS]
            ]
        )
        for p in posts[:FINDINGS]:
            record(
                uow,
                actor=SYSTEM_ACTOR,
                action="clue.merged",
                subject_type="clue",
                subject_id=big,
                at=T0,
                after={"post_id": p.id},
            )
        cluster = uow.clusters.add(
            Cluster(
                unit, Category.RUMOUR, SharingLevel.NATIONAL, posts[0].id or 0, "c", T0, T0, T0, T0
            )
        )
        members = [
            ClusterMember(
                cluster.id or 0,
                p.id or 0,
                MemberKind.COPY,
                "h",
                p.created_at,
                3,
                T0,
                clue_id=clues[i].id if i < CLUES else None,
            )
            for i, p in enumerate(posts)
        ]
        uow.clusters.add_members([(m, None, []) for m in members[: max(MEMBERS, CLUES)]])
        uow.commit()
        return big, cluster.id or 0


def _follow(client: TestClient, first: str, path: str) -> tuple[int, list[str]]:
    """Ask for older pages of `path` until none is offered: (pages read, bodies)."""
    bodies, html, pages = [], first, 0
    while True:
        more = [m for m in MORE.findall(html) if m.startswith(path)]
        if not more:
            return pages, bodies
        assert len(more) == 1
        response = client.get(more[0])
        assert response.status_code == 200
        html, pages = response.text, pages + 1
        bodies.append(html)


def test_a_clues_findings_and_trail_read_older_pages_on_demand(
    container: Container, client: TestClient
) -> None:
    clue_id, _ = _fill(container)
    page = client.get(f"/console/clues/{clue_id}")
    assert page.status_code == 200
    assert "更早的发现" in page.text and "更早的记录" in page.text  # the default: Chinese
    pages, bodies = _follow(client, page.text, f"/console/clues/{clue_id}/findings")
    assert pages == 1 and all("更早的发现" not in b for b in bodies)
    pages, bodies = _follow(client, page.text, f"/console/clues/{clue_id}/audit")
    assert pages >= 1
    client.cookies.set("np_lang", "en")
    english = client.get(f"/console/clues/{clue_id}")
    assert "Older findings" in english.text and "Older entries" in english.text


def test_a_clusters_posts_and_clues_read_older_pages_on_demand(
    container: Container, client: TestClient
) -> None:
    _, cluster_id = _fill(container)
    page = client.get(f"/console/clusters/{cluster_id}")
    assert page.status_code == 200
    links = re.findall(r'href="/console/clues/(\d+)"', page.text)
    assert len(links) == CLUES_PAGE and "更早的线索" in page.text and "更早的帖子" in page.text
    pages, bodies = _follow(client, page.text, f"/console/clusters/{cluster_id}/clues")
    older = [i for b in bodies for i in re.findall(r'href="/console/clues/(\d+)"', b)]
    assert pages == 1 and len(older) == CLUES - CLUES_PAGE
    assert set(links).isdisjoint(older) and max(map(int, older)) < min(map(int, links))
    pages, bodies = _follow(client, page.text, f"/console/clusters/{cluster_id}/members")
    rows = sum(b.count("<tr><td>") for b in bodies)
    assert pages >= 1 and rows == max(MEMBERS, CLUES) - MEMBERS_PAGE
    client.cookies.set("np_lang", "en")
    english = client.get(f"/console/clusters/{cluster_id}")
    assert "Older clues" in english.text and "Older posts" in english.text


def test_the_older_pages_refuse_malformed_ids_and_offsets_and_never_fail(
    container: Container, client: TestClient
) -> None:
    clue_id, cluster_id = _fill(container)
    pagers = (
        f"/console/clusters/{cluster_id}/clues",
        f"/console/clusters/{cluster_id}/members",
        f"/console/clues/{clue_id}/findings",
        f"/console/clues/{clue_id}/audit",
    )
    for path in pagers:
        for before in ("abc", "1.5", "-1", str(2**31), str(2**63), str(10**30)):
            answer = client.get(path, params={"before": before})
            assert answer.status_code == 422, (path, before)
            [field] = answer.json()["detail"]
            assert field["loc"] == ["query", "before"], (path, before)
        assert client.get(path).json()["detail"][0]["type"] == "missing"
    for cluster in ("abc", "0", "-3", str(2**31), str(2**63)):
        answer = client.get(f"/console/clusters/{cluster}/clues", params={"before": 5})
        assert answer.status_code == 422, cluster
        assert answer.json()["detail"][0]["loc"] == ["path", "cluster_id"]
    missing = client.get(f"/console/clusters/{cluster_id + 1000}/clues", params={"before": 5})
    assert missing.status_code == 404 and "无法完成" in missing.text
