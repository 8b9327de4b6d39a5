"""The in-memory twins of the cluster and check repositories."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from datetime import datetime

from netpatrol.adapters.memory.store import RumourStore, Store
from netpatrol.domain.checks import Check, CheckStatus
from netpatrol.domain.spread import (
    Cluster,
    ClusterMember,
    ClusterStatus,
    Hour,
    MemberKind,
    hourly,
)
from netpatrol.services.ports import Conflict
from netpatrol.services.rumours.ports import ClusterQuery, Wording

WORDINGS = (MemberKind.FIRST, MemberKind.VARIANT)


class MemoryClusters:
    def __init__(self, store: Store) -> None:
        self.s = store

    @property
    def r(self) -> RumourStore:
        return self.s.rumours

    def add(self, cluster: Cluster) -> Cluster:
        cluster.id = self.s.new_id()
        self.r.clusters[cluster.id] = copy.deepcopy(cluster)
        return cluster

    def get(self, cluster_id: int) -> Cluster | None:
        return copy.deepcopy(self.r.clusters.get(cluster_id))

    def get_many(self, cluster_ids: Iterable[int]) -> dict[int, Cluster]:
        found = self.r.clusters
        return {i: copy.deepcopy(found[i]) for i in set(cluster_ids) if i in found}

    def update(self, cluster: Cluster) -> None:
        if cluster.id not in self.r.clusters:
            raise LookupError(f"cluster {cluster.id} is not stored")
        self.r.clusters[cluster.id] = copy.deepcopy(cluster)

    def listing(self, query: ClusterQuery, limit: int, offset: int) -> list[Cluster]:
        chosen = [
            c
            for c in self.r.clusters.values()
            if (query.unit_ids is None or c.unit_id in query.unit_ids)
            and (query.statuses is None or c.status in query.statuses)
            and (query.visibility is None or query.visibility.allows(c.unit_id, c.sharing_level))
        ]
        chosen.sort(key=lambda c: (-c.growth, -c.last_seen_at.timestamp(), -(c.id or 0)))
        return copy.deepcopy(chosen[offset : offset + limit])

    def add_members(
        self, members: Sequence[tuple[ClusterMember, bytes | None, Sequence[int]]]
    ) -> None:
        for member, signature, band_keys in members:
            if any(m.post_id == member.post_id for m in self.r.members.values()):
                raise Conflict(f"post {member.post_id} is already in a cluster")
            member.id = self.s.new_id()
            self.r.members[member.id] = copy.deepcopy(member)
            if signature is not None:
                self.r.signatures[member.id] = signature
            for key in band_keys:
                self.r.bands.setdefault(key, set()).add(member.id)

    def members(self, cluster_id: int, since: datetime | None = None) -> list[ClusterMember]:
        found = [
            m
            for m in self.r.members.values()
            if m.cluster_id == cluster_id and (since is None or m.posted_at >= since)
        ]
        found.sort(key=lambda m: (m.posted_at, m.id or 0))
        return copy.deepcopy(found)

    def latest_members(self, cluster_id: int, before_id: int, limit: int) -> list[ClusterMember]:
        found = self.members(cluster_id)[::-1]
        if before_id:
            at = next((i for i, m in enumerate(found) if m.id == before_id), len(found))
            found = found[at + 1 :]
        return found[:limit]

    def hourly(self, cluster_id: int, since: datetime) -> list[Hour]:
        start = since.replace(minute=0, second=0, microsecond=0)  # the hour holding `since`
        return [h for h in hourly(self.members(cluster_id, start)) if h.posts]

    def members_of_posts(self, post_ids: Iterable[int]) -> dict[int, ClusterMember]:
        wanted = set(post_ids)
        return {m.post_id: copy.deepcopy(m) for m in self.r.members.values() if m.post_id in wanted}

    def members_by_post_keys(
        self, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], ClusterMember]:
        wanted = set(keys)
        found = {}
        for member in self.r.members.values():
            post = self.s.posts.get(member.post_id)
            if post is not None and post.key in wanted:
                found[post.key] = copy.deepcopy(member)
        return found

    def wordings_with_bands(self, band_keys: Iterable[int]) -> list[Wording]:
        ids = set().union(*(self.r.bands.get(k, set()) for k in set(band_keys)))
        return [
            Wording(i, self.r.members[i].cluster_id, self.r.signatures[i])
            for i in sorted(ids)
            if i in self.r.signatures
        ]

    def has_wording(self, cluster_id: int, text_sha256: str) -> bool:
        return any(
            m.cluster_id == cluster_id and m.text_sha256 == text_sha256
            for m in self.r.members.values()
        )

    def debunked_heads(self) -> dict[int, int]:
        heads: dict[int, int] = {}
        for member in self.r.members.values():
            cluster = self.r.clusters[member.cluster_id]
            if cluster.status is ClusterStatus.DEBUNKED and member.kind in WORDINGS:
                heads[member.cluster_id] = max(heads.get(member.cluster_id, 0), member.id or 0)
        return heads

    def wording_texts(self, cluster_id: int, after_member_id: int) -> list[tuple[int, str]]:
        return [
            (i, self.s.posts[m.post_id].text)
            for i, m in sorted(self.r.members.items())
            if m.cluster_id == cluster_id and m.kind in WORDINGS and i > after_member_id
        ]

    def clue_ids(self, cluster_id: int, before: int = 0, limit: int | None = None) -> list[int]:
        found = sorted(
            {
                m.clue_id
                for m in self.r.members.values()
                if m.cluster_id == cluster_id
                and m.clue_id is not None
                and (before <= 0 or m.clue_id < before)
            },
            reverse=True,
        )
        return found if limit is None else found[:limit]


class MemoryChecks:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, check: Check) -> Check:
        check.id = self.s.new_id()
        self.s.rumours.checks[check.id] = copy.deepcopy(check)
        return check

    def get(self, check_id: int) -> Check | None:
        return copy.deepcopy(self.s.rumours.checks.get(check_id))

    def update(self, check: Check) -> None:
        if check.id not in self.s.rumours.checks:
            raise LookupError(f"check {check.id} is not stored")
        self.s.rumours.checks[check.id] = copy.deepcopy(check)

    def for_cluster(self, cluster_id: int) -> list[Check]:
        found = [c for c in self.s.rumours.checks.values() if c.cluster_id == cluster_id]
        return copy.deepcopy(sorted(found, key=lambda c: -(c.id or 0)))

    def with_status(self, status: CheckStatus, unit_ids: Sequence[int] | None) -> list[Check]:
        found = [
            c
            for _, c in sorted(self.s.rumours.checks.items())
            if c.status is status and (unit_ids is None or c.unit_id in unit_ids)
        ]
        return copy.deepcopy(found)
