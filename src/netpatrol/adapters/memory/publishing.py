"""The in-memory twin of the publication repository."""

from __future__ import annotations

import copy
from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.publications import Publication, PublicationStatus, Target, TargetStatus
from netpatrol.services.publishing.ports import PublicationQuery


class MemoryPublications:
    def __init__(self, store: Store) -> None:
        self.s = store

    @property
    def p(self) -> dict[int, Publication]:
        return self.s.rumours.publications

    def add(self, publication: Publication) -> Publication:
        publication.id = self.s.new_id()
        self._number_targets(publication)
        self.p[publication.id] = copy.deepcopy(publication)
        return publication

    def _number_targets(self, publication: Publication) -> None:
        for target in publication.targets:
            if target.id is None:
                target.id = self.s.new_id()
            target.publication_id = publication.id

    def get(self, publication_id: int) -> Publication | None:
        return copy.deepcopy(self.p.get(publication_id))

    def update(self, publication: Publication) -> None:
        if publication.id not in self.p:
            raise LookupError(f"publication {publication.id} is not stored")
        self._number_targets(publication)
        publication.indicators = sorted(set(publication.indicators))
        self.p[publication.id] = copy.deepcopy(publication)

    def listing(self, query: PublicationQuery, limit: int, offset: int) -> list[Publication]:
        chosen = [
            p
            for p in self.p.values()
            if (query.kinds is None or p.kind in query.kinds)
            and (query.statuses is None or p.status in query.statuses)
            and (query.unit_ids is None or p.unit_id in query.unit_ids)
            and (query.cluster_id is None or p.cluster_id == query.cluster_id)
        ]
        chosen.sort(
            key=lambda p: (
                p.published_at is not None,
                -(p.published_at.timestamp() if p.published_at else 0),
                -p.created_at.timestamp(),
                -(p.id or 0),
            )
        )
        return copy.deepcopy(chosen[offset : offset + limit])

    def due(self, now: datetime, limit: int) -> list[Publication]:
        found = [p for p in self.p.values() if p.due(now)]
        found.sort(key=lambda p: (p.publish_at is not None, p.publish_at or now, p.id or 0))
        return copy.deepcopy(found[:limit])

    def with_pending_targets(self, limit: int) -> list[Publication]:
        found = [
            p
            for _, p in sorted(self.p.items())
            if p.status is PublicationStatus.PUBLISHED
            and any(t.status is TargetStatus.PENDING for t in p.targets)
        ]
        return copy.deepcopy(found[:limit])

    def stale_reach(self, checked_before: datetime, limit: int) -> list[Target]:
        found = [
            t
            for _, p in sorted(self.p.items())
            for t in p.targets
            if t.status is TargetStatus.PUBLISHED
            and (t.checked_at is None or t.checked_at < checked_before)
        ]
        return copy.deepcopy(found[:limit])

    def update_target(self, target: Target) -> None:
        publication = self.p.get(target.publication_id or 0)
        if publication is None or all(t.id != target.id for t in publication.targets):
            raise LookupError(f"target {target.id} is not stored")
        publication.targets = [
            copy.deepcopy(target) if t.id == target.id else t for t in publication.targets
        ]

    def mentioning(self, kind: str, value: str, limit: int) -> list[Publication]:
        found = [
            p
            for p in self.p.values()
            if p.status is PublicationStatus.PUBLISHED and (kind, value) in p.indicators
        ]
        found.sort(key=lambda p: -(p.published_at.timestamp() if p.published_at else 0))
        return copy.deepcopy(found[:limit])
