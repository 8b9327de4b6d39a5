"""Storage protocol for publications (M8); a SQL and an in-memory twin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from netpatrol.domain.publications import (
    Publication,
    PublicationKind,
    PublicationStatus,
    Target,
)


@dataclass(frozen=True)
class PublicationQuery:
    kinds: Sequence[PublicationKind] | None = None
    statuses: Sequence[PublicationStatus] | None = None
    unit_ids: Sequence[int] | None = None
    cluster_id: int | None = None


class PublicationRepository(Protocol):
    def add(self, publication: Publication) -> Publication:
        """Store it with its targets and indicators."""
        ...

    def get(self, publication_id: int) -> Publication | None: ...
    def update(self, publication: Publication) -> None:
        """Store its fields, targets and indicators as they now stand."""
        ...

    def listing(self, query: PublicationQuery, limit: int, offset: int) -> list[Publication]:
        """Newest first (by publication time, then creation)."""
        ...

    def due(self, now: datetime, limit: int) -> list[Publication]:
        """Approved publications whose time has come, earliest first."""
        ...

    def with_pending_targets(self, limit: int) -> list[Publication]:
        """Published publications with accounts not yet posted to."""
        ...

    def stale_reach(self, checked_before: datetime, limit: int) -> list[Target]:
        """Posted targets whose reach was last asked before that time (or never)."""
        ...

    def update_target(self, target: Target) -> None: ...
    def mentioning(self, kind: str, value: str, limit: int) -> list[Publication]:
        """Published publications that mention this indicator (canonical value)."""
        ...
