"""Pages read a page at a time: a clue's findings and audit trail, a cluster's posts by
keyset (newest first, "before" the last one shown), and the cluster's hourly series
counted by the database; on the in-memory twin, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from netpatrol.domain.audit import AuditEntry
from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clues import Clue
from netpatrol.domain.findings import Finding
from netpatrol.domain.spread import Cluster, ClusterMember, Hour, MemberKind
from netpatrol.services.ports import UnitOfWork
from tests.integration.test_repositories import NOW, _posts


def _finding(post_id: int, clue_id: int) -> Finding:
    return Finding(Category.RUMOUR, 0.9, Severity.MEDIUM, [], "lexicon", "1", post_id, clue_id, NOW)


def _clue(unit_id: int, post_id: int) -> Clue:
    return Clue(unit_id, Category.RUMOUR, Severity.MEDIUM, post_id, 1, SharingLevel.UNIT, NOW, NOW)


def _cluster(unit_id: int, post_id: int) -> Cluster:
    return Cluster(unit_id, Category.RUMOUR, SharingLevel.UNIT, post_id, "c", NOW, NOW, NOW, NOW)


def test_a_clues_findings_and_trail_come_a_page_at_a_time(uow: UnitOfWork) -> None:
    posts = _posts(3)
    with uow:
        uow.posts.add_many(posts)
        unit_id = uow.units.all()[0].id or 0
        clue = _clue(unit_id, posts[0].id or 0)
        uow.clues.add_many([clue])
        uow.findings.add_many([_finding(posts[i % 3].id or 0, clue.id or 0) for i in range(120)])
        for i in range(70):
            action = "clue.read" if i % 2 else "clue.merged"
            uow.audit.append(AuditEntry("t", action, "clue", str(clue.id), NOW, after={"i": i}))
        uow.commit()
    with uow:
        pages, before = [], 0
        while True:
            page = uow.findings.page_for_clue(clue.id or 0, before, 50)
            if not page:
                break
            pages.append(len(page))
            before = page[-1].id or 0
        assert pages == [50, 50, 20]
        newest = uow.findings.page_for_clue(clue.id or 0, 0, 50)
        assert [f.id for f in newest] == sorted((f.id or 0 for f in newest), reverse=True)
        assert len(uow.findings.for_post(posts[0].id or 0)) == 40
        trail = uow.audit.page_for_subjects([("clue", str(clue.id))], 0, 20, skip=".read")
        assert len(trail) == 20 and {e.action for e in trail} == {"clue.merged"}
        rest = uow.audit.page_for_subjects(
            [("clue", str(clue.id))], trail[-1].seq or 0, 50, ".read"
        )
        assert len(rest) == 15 and (rest[0].seq or 0) < (trail[-1].seq or 0)


def test_a_clusters_posts_by_keyset_and_its_hours_counted_by_the_database(uow: UnitOfWork) -> None:
    posts = _posts(5)
    with uow:
        uow.posts.add_many(posts)
        unit_id = uow.units.all()[0].id or 0
        cluster = uow.clusters.add(_cluster(unit_id, posts[0].id or 0))
        kinds = [
            MemberKind.FIRST,
            MemberKind.COPY,
            MemberKind.VARIANT,
            MemberKind.COPY,
            MemberKind.COPY,
        ]
        minutes = [0, 20, 70, 75, 190]
        members = [
            ClusterMember(
                cluster.id or 0, p.id or 0, k, str(i), NOW + timedelta(minutes=m), 10, NOW
            )
            for i, (p, k, m) in enumerate(zip(posts, kinds, minutes, strict=True))
        ]
        uow.clusters.add_members([(m, None, []) for m in members])
        uow.commit()
    with uow:
        first = uow.clusters.latest_members(cluster.id or 0, 0, 2)
        assert [m.post_id for m in first] == [posts[4].id, posts[3].id]
        second = uow.clusters.latest_members(cluster.id or 0, first[-1].id or 0, 2)
        assert [m.post_id for m in second] == [posts[2].id, posts[1].id]
        hours = sorted(uow.clusters.hourly(cluster.id or 0, NOW), key=lambda h: h.start)
        assert hours == [
            Hour(NOW, 2, 1, 0, 20),
            Hour(NOW + timedelta(hours=1), 2, 1, 1, 20),
            Hour(NOW + timedelta(hours=3), 1, 1, 0, 10),
        ]
        assert uow.clusters.hourly(cluster.id or 0, NOW + timedelta(hours=2)) == hours[-1:]


def test_a_clusters_clues_come_newest_first_a_page_at_a_time(uow: UnitOfWork) -> None:
    posts = _posts(12)
    with uow:
        uow.posts.add_many(posts)
        unit_id = uow.units.all()[0].id or 0
        clues = [_clue(unit_id, p.id or 0) for p in posts[:5]]
        uow.clues.add_many(clues)
        cluster = uow.clusters.add(_cluster(unit_id, posts[0].id or 0))
        members = [  # five clues, some with several posts, two posts on no clue
            ClusterMember(
                cluster.id or 0,
                p.id or 0,
                MemberKind.COPY,
                str(i),
                NOW + timedelta(minutes=i),
                1,
                NOW,
                clue_id=clues[i % 5].id if i < 10 else None,
            )
            for i, p in enumerate(posts)
        ]
        uow.clusters.add_members([(m, None, []) for m in members])
        uow.commit()
    ids = sorted((c.id or 0 for c in clues), reverse=True)
    with uow:
        assert uow.clusters.clue_ids(cluster.id or 0) == ids
        first = uow.clusters.clue_ids(cluster.id or 0, 0, 2)
        assert first == ids[:2]
        assert uow.clusters.clue_ids(cluster.id or 0, first[-1], 2) == ids[2:4]
        assert uow.clusters.clue_ids(cluster.id or 0, ids[3], 2) == ids[4:]
        assert uow.clusters.clue_ids(cluster.id or 0, ids[4]) == []
        assert uow.clusters.clue_ids((cluster.id or 0) + 1) == []
