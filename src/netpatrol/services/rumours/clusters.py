"""Read models of spread clusters (M6): the rumour queue, a cluster's page with its time
series and the effect of its debunk, the export, and who may see or work a cluster."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.domain.checks import Check
from netpatrol.domain.errors import NotFound, PermissionDenied
from netpatrol.domain.posts import Post
from netpatrol.domain.publications import Publication
from netpatrol.domain.spread import (
    EFFECT_WINDOW,
    Cluster,
    ClusterMember,
    ClusterStatus,
    Effect,
    Hour,
    Rates,
    effect,
    series,
    series_start,
)
from netpatrol.domain.units import Unit
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.publishing.ports import PublicationQuery
from netpatrol.services.rumours.ports import ClusterQuery

MAX_PAGE = 200
MEMBERS_PAGE = 30  # the cluster's posts its page shows at first, and per "more"
CLUES_PAGE = 50  # the cluster's clues its page links at first, and per "more"
SERIES_COLUMNS = ["hour", "phase", "posts", "copies", "variants", "reach"]


@dataclass
class ClusterView:
    cluster: Cluster
    unit: Unit
    members: list[ClusterMember] = field(default_factory=list)
    posts: dict[int, Post] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    series: list[Hour] = field(default_factory=list)
    effect: Effect | None = None
    clue_ids: list[int] = field(default_factory=list)
    older_clues: int = 0  # the clue id to ask for older clues before; 0: none older

    @property
    def current_check(self) -> Check | None:
        return self.checks[0] if self.checks else None


def listing(
    uow: UnitOfWork,
    principal: Principal | None,
    statuses: list[ClusterStatus] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[tuple[Cluster, Unit]]:
    """Clusters the reader may see, fastest growing first."""
    query = ClusterQuery(visibility=principal.visibility if principal else None, statuses=statuses)
    with uow:
        units = {u.id: u for u in uow.units.all()}
        found = uow.clusters.listing(query, max(1, min(limit, MAX_PAGE)), max(0, offset))
        return [(c, units[c.unit_id]) for c in found]


def authorize_cluster(
    uow: UnitOfWork, principal: Principal, cluster_id: int, permission: Permission
) -> Cluster:
    """A cluster the user may not see reads as missing; working one needs it to belong to
    the user's unit or a unit below."""
    principal.require(permission)
    with uow:
        cluster = uow.clusters.get(cluster_id)
    if cluster is None or not principal.visibility.allows(cluster.unit_id, cluster.sharing_level):
        raise NotFound(f"cluster {cluster_id} does not exist")
    if permission is not Permission.READ and not principal.owns(cluster.unit_id):
        raise PermissionDenied(f"cluster {cluster_id} belongs to another unit")
    return cluster


def detail(
    uow: UnitOfWork, cluster_id: int, now: datetime, clues: int | None = None
) -> ClusterView:
    """The cluster with what its page shows; with `clues`, only that many of its newest
    clues (a cluster of a million posts may have gathered thousands), else all of them."""
    with uow:
        cluster = uow.clusters.get(cluster_id)
        if cluster is None:
            raise NotFound(f"cluster {cluster_id} does not exist")
        unit = next(u for u in uow.units.all() if u.id == cluster.unit_id)
        members = uow.clusters.latest_members(cluster_id, 0, MEMBERS_PAGE)
        view = ClusterView(
            cluster=cluster,
            unit=unit,
            members=members,
            posts=uow.posts.get_many(m.post_id for m in members),
            checks=uow.checks.for_cluster(cluster_id),
            publications=uow.publications.listing(PublicationQuery(cluster_id=cluster_id), 20, 0),
        )
        if clues is None:
            view.clue_ids = sorted(uow.clusters.clue_ids(cluster_id))
        else:
            view.clue_ids, view.older_clues = _clues_page(uow, cluster_id, 0, clues)
        # the series counted by the database: a big claim has a million posts
        last = max(now, cluster.last_seen_at) if cluster.debunked_at else cluster.last_seen_at
        since = series_start(cluster.first_seen_at, last)
        view.series = series(uow.clusters.hourly(cluster_id, since), cluster.first_seen_at, last)
        if cluster.debunked_at is not None:  # the posts within the window either side
            near = uow.clusters.members(cluster_id, since=cluster.debunked_at - EFFECT_WINDOW)
            view.effect = effect(near, cluster.debunked_at, now)
    return view


def older_members(
    uow: UnitOfWork, cluster_id: int, before_id: int
) -> tuple[list[ClusterMember], dict[int, Post]]:
    """The next page of the cluster's posts, posted before member `before_id`."""
    with uow:
        members = uow.clusters.latest_members(cluster_id, max(before_id, 1), MEMBERS_PAGE)
        return members, uow.posts.get_many(m.post_id for m in members)


def _clues_page(uow: UnitOfWork, cluster_id: int, before: int, size: int) -> tuple[list[int], int]:
    page = uow.clusters.clue_ids(cluster_id, before, size + 1)
    return page[:size], page[size - 1] if len(page) > size else 0


def older_clues(uow: UnitOfWork, cluster_id: int, before: int) -> tuple[list[int], int]:
    """The cluster's clues older than clue `before`, newest first, and where the next page
    starts (0: none left)."""
    with uow:
        return _clues_page(uow, cluster_id, max(before, 1), CLUES_PAGE)


def clue_ids(uow: UnitOfWork, cluster_id: int) -> list[int]:
    """The clues a cluster's posts went to (for telling those who reported the claim)."""
    with uow:
        if uow.clusters.get(cluster_id) is None:
            raise NotFound(f"cluster {cluster_id} does not exist")
        return sorted(uow.clusters.clue_ids(cluster_id))


def phase(view: ClusterView, hour: Hour) -> str:
    debunked = view.cluster.debunked_at
    if debunked is None:
        return ""
    return (
        "after" if hour.start >= debunked.replace(minute=0, second=0, microsecond=0) else "before"
    )


def series_rows(view: ClusterView) -> list[list[object]]:
    return [
        [h.start.isoformat(), phase(view, h), h.posts, h.copies, h.variants, h.reach]
        for h in view.series
    ]


def export_json(view: ClusterView) -> dict[str, object]:
    """The cluster, its verdict and debunk, the hourly series and the effect: the figures
    that go out with a debunk."""
    c = view.cluster
    fx = view.effect
    return {
        "cluster": {
            "id": c.id,
            "unit": view.unit.code,
            "status": c.status.value,
            "verdict": c.verdict,
            "claim": c.claim,
            "posts": c.posts,
            "copies": c.copies,
            "variants": c.variants,
            "reach": c.reach,
            "growth": c.growth,
            "first_seen_at": c.first_seen_at.isoformat(),
            "last_seen_at": c.last_seen_at.isoformat(),
            "debunked_at": c.debunked_at.isoformat() if c.debunked_at else None,
        },
        "debunks": [
            {
                "id": p.id,
                "status": p.status.value,
                "title": p.title,
                "published_at": p.published_at.isoformat() if p.published_at else None,
                "accounts": [
                    {
                        "platform": t.platform,
                        "account": t.account,
                        "status": t.status.value,
                        "post_id": t.external_id,
                        "reach": t.reach,
                    }
                    for t in p.targets
                ],
            }
            for p in view.publications
        ],
        "series": [dict(zip(SERIES_COLUMNS, row, strict=True)) for row in series_rows(view)],
        "effect": None
        if fx is None
        else {
            "debunked_at": fx.debunked_at.isoformat(),
            "before": _rates(fx.before),
            "after": _rates(fx.after),
            "change_in_posts_per_hour": fx.change,
        },
    }


def _rates(rates: Rates) -> dict[str, object]:
    return {
        "hours": rates.hours,
        "posts": rates.posts,
        "variants": rates.variants,
        "reach": rates.reach,
        "posts_per_hour": rates.posts_per_hour,
        "reach_per_hour": rates.reach_per_hour,
    }


def export_csv(view: ClusterView) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SERIES_COLUMNS)
    writer.writerows(series_rows(view))
    return out.getvalue()
