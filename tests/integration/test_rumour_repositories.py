"""One contract for the cluster, check and publication stores: in memory, SQLite and
PostgreSQL answer alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.checks import Check, CheckStatus, Source, SourceKind
from netpatrol.domain.posts import Author, Platform, Post
from netpatrol.domain.publications import (
    Publication,
    PublicationKind,
    PublicationStatus,
    Target,
    TargetStatus,
)
from netpatrol.domain.spread import Cluster, ClusterMember, ClusterStatus, MemberKind
from netpatrol.domain.users import Visibility
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.publishing.ports import PublicationQuery
from netpatrol.services.rumours.ports import ClusterQuery

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def _setup(uow: UnitOfWork) -> tuple[int, int, list[int]]:
    """Two units and three posts; returns (unit a, unit b, post ids)."""
    with uow:
        units = {u.code: u.id or 0 for u in uow.units.all()}
        posts = [
            Post(
                Platform.WEIBO, f"p{i}", Author(f"a{i}", "n"), f"text {i}", T0 + timedelta(hours=i)
            )
            for i in range(3)
        ]
        uow.posts.add_many(posts)
        uow.commit()
    return units["440100"], units["110000"], [p.id or 0 for p in posts]


def test_clusters_members_and_band_lookups(uow_factory: Callable[[], UnitOfWork]) -> None:
    uow = uow_factory()
    gz, bj, posts = _setup(uow)
    with uow:
        fast = uow.clusters.add(
            Cluster(gz, Category.RUMOUR, SharingLevel.UNIT, posts[0], "claim", T0, T0, T0, T0)
        )
        slow = uow.clusters.add(
            Cluster(bj, Category.RUMOUR, SharingLevel.NATIONAL, posts[2], "other", T0, T0, T0, T0)
        )
        fast.growth, slow.growth = 50.0, 5.0
        uow.clusters.update(fast)
        uow.clusters.update(slow)
        sig = bytes(range(48)) * 8
        first = ClusterMember(
            fast.id or 0, posts[0], MemberKind.FIRST, "h1", T0, 7, T0, clue_id=None
        )
        copy = ClusterMember(
            fast.id or 0, posts[1], MemberKind.COPY, "h1", T0 + timedelta(hours=1), 3, T0
        )
        uow.clusters.add_members([(first, sig, [11, -22, 33]), (copy, None, [])])
        uow.commit()
    with uow:
        assert [c.id for c in uow.clusters.listing(ClusterQuery(), 10, 0)] == [fast.id, slow.id]
        seen = Visibility(frozenset({bj}), frozenset())
        visible = uow.clusters.listing(ClusterQuery(visibility=seen), 10, 0)
        assert [c.id for c in visible] == [slow.id]  # its own, and the nationally shared one
        only = ClusterQuery(statuses=[ClusterStatus.DEBUNKED])
        assert uow.clusters.listing(only, 10, 0) == []
        [wording] = uow.clusters.wordings_with_bands([-22, 99])
        assert (wording.cluster_id, wording.signature) == (fast.id, sig)
        assert uow.clusters.wordings_with_bands([99]) == []
        assert uow.clusters.has_wording(fast.id or 0, "h1")
        assert not uow.clusters.has_wording(slow.id or 0, "h1")
        members = uow.clusters.members(fast.id or 0)
        assert [m.kind for m in members] == [MemberKind.FIRST, MemberKind.COPY]
        assert [
            m.post_id for m in uow.clusters.members(fast.id or 0, since=T0 + timedelta(minutes=1))
        ] == [posts[1]]
        by_key = uow.clusters.members_by_post_keys([("weibo", "p1"), ("weibo", "nope")])
        assert list(by_key) == [("weibo", "p1")] and by_key[("weibo", "p1")].cluster_id == fast.id
        assert set(uow.clusters.members_of_posts(posts)) == {posts[0], posts[1]}
        assert uow.clusters.debunked_heads() == {}
        fast.status = ClusterStatus.DEBUNKED
        uow.clusters.update(fast)
        assert uow.clusters.debunked_heads() == {fast.id: first.id}
        assert uow.clusters.wording_texts(fast.id or 0, 0) == [(first.id, "text 0")]
        assert uow.clusters.wording_texts(fast.id or 0, first.id or 0) == []


def test_checks_keep_their_sources(uow_factory: Callable[[], UnitOfWork]) -> None:
    uow = uow_factory()
    gz, _, posts = _setup(uow)
    with uow:
        cluster = uow.clusters.add(
            Cluster(gz, Category.RUMOUR, SharingLevel.UNIT, posts[0], "c", T0, T0, T0, T0)
        )
        check = uow.checks.add(Check(cluster.id or 0, gz, "claim", "officer", T0, T0))
        check.sources.append(Source(SourceKind.AGENCY, "市公安局", "无此警情"))
        check.status = CheckStatus.SUBMITTED
        uow.checks.update(check)
        uow.commit()
    with uow:
        [stored] = uow.checks.for_cluster(cluster.id or 0)
        assert stored.sources == [Source(SourceKind.AGENCY, "市公安局", "无此警情")]
        assert [c.id for c in uow.checks.with_status(CheckStatus.SUBMITTED, [gz])] == [check.id]
        assert uow.checks.with_status(CheckStatus.SUBMITTED, [gz + 1000]) == []


def test_publications_targets_and_indicators(uow_factory: Callable[[], UnitOfWork]) -> None:
    uow = uow_factory()
    gz, bj, _ = _setup(uow)
    with uow:
        alert = Publication(
            PublicationKind.FRAUD_ALERT,
            gz,
            "title",
            "body",
            "author",
            T0,
            T0,
            targets=[Target(gz, "weibo", "@gz"), Target(bj, "wechat", "bj")],
            indicators=[("phone", "13812345678")],
        )
        uow.publications.add(alert)
        later = Publication(PublicationKind.SAFETY_TIP, bj, "t2", "b2", "a", T0, T0)
        later.status, later.publish_at = PublicationStatus.APPROVED, T0 + timedelta(hours=3)
        uow.publications.add(later)
        uow.commit()
    with uow:
        due = uow.publications.due(T0 + timedelta(hours=1), 10)
        assert due == []
        assert [p.id for p in uow.publications.due(T0 + timedelta(hours=3), 10)] == [later.id]
        stored = uow.publications.get(alert.id or 0)
        assert stored is not None and [t.account for t in stored.targets] == ["@gz", "bj"]
        stored.status, stored.published_at = PublicationStatus.PUBLISHED, T0
        uow.publications.update(stored)
        assert [p.id for p in uow.publications.with_pending_targets(10)] == [alert.id]
        target = stored.targets[0]
        target.status, target.external_id, target.reach = TargetStatus.PUBLISHED, "x1", 900
        uow.publications.update_target(target)
        assert [t.id for t in uow.publications.stale_reach(T0, 10)] == [target.id]
        target.checked_at = T0
        uow.publications.update_target(target)
        assert uow.publications.stale_reach(T0, 10) == []
        assert [p.id for p in uow.publications.mentioning("phone", "13812345678", 5)] == [alert.id]
        assert uow.publications.mentioning("phone", "13800000000", 5) == []
        query = PublicationQuery(kinds=[PublicationKind.FRAUD_ALERT], unit_ids=[gz])
        [listed] = uow.publications.listing(query, 10, 0)
        assert listed.reach == 900 and listed.indicators == [("phone", "13812345678")]
        stored.indicators = []
        stored.targets = stored.targets[:1]
        uow.publications.update(stored)
        uow.commit()
    with uow:
        again = uow.publications.get(alert.id or 0)
        assert again is not None and len(again.targets) == 1 and again.indicators == []
        assert uow.publications.mentioning("phone", "13812345678", 5) == []
