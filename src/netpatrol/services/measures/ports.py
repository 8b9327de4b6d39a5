"""Storage of measures, the legal-basis catalogue and the outbox of private messages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus


@dataclass
class OutgoingMessage:
    """A message for a channel to deliver: the transactional outbox (发件箱)."""

    channel: str
    platform: str
    sender_account: str
    recipient: str
    text: str
    created_at: datetime
    status: str = "queued"
    id: int | None = None
    subject: str | None = None
    external_ref: str | None = None
    attempts: int = 0
    sent_at: datetime | None = None


class MeasureRepository(Protocol):
    def add(self, measure: Measure) -> Measure: ...
    def add_reply_token(self, measure_id: int, token_sha256: str) -> None: ...
    def by_reply_token(self, token_sha256: str) -> Measure | None: ...
    def get(self, measure_id: int) -> Measure | None: ...
    def update(self, measure: Measure) -> None: ...
    def for_clue(self, clue_id: int) -> list[Measure]: ...
    def for_clues(self, clue_ids: Iterable[int]) -> dict[int, list[Measure]]:
        """The measures of each of these clues (a clue without any is left out)."""
        ...

    def all(self) -> list[Measure]: ...
    def with_status(
        self,
        statuses: Sequence[MeasureStatus],
        limit: int,
        unit_ids: Sequence[int] | None = None,
    ) -> list[Measure]:
        """Measures in any of these states (on clues of these units), oldest first."""
        ...

    def overdue(self, kind: MeasureKind, status: MeasureStatus, now: datetime) -> list[Measure]:
        """Measures of this kind and status whose deadline has passed."""
        ...


class LegalRepository(Protocol):
    def for_units(self, unit_ids: Sequence[int]) -> dict[int, list[LegalBasis]]: ...
    def upsert(self, unit_id: int, basis: LegalBasis, by: str, at: datetime) -> bool:
        """Store a unit's version of an entry; True if it was new for the unit."""
        ...


class Outbox(Protocol):
    def add(self, message: OutgoingMessage) -> OutgoingMessage: ...
    def all(self) -> list[OutgoingMessage]: ...
    def queued(self, limit: int) -> list[OutgoingMessage]: ...
    def update(self, message: OutgoingMessage) -> None: ...
