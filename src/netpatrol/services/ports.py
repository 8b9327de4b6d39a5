"""What the services need from storage: small protocols with a SQL and an in-memory twin."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from netpatrol.domain.audit import AuditEntry
from netpatrol.domain.categories import Category
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.domain.findings import Finding
from netpatrol.domain.indicators import KnownIndicator
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.domain.posts import Post
from netpatrol.domain.reports import Report, Volunteer
from netpatrol.domain.units import Unit
from netpatrol.domain.users import User, UserSession, Visibility
from netpatrol.services.rumour_ports import (
    CheckRepository,
    ClusterRepository,
    PublicationRepository,
)


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


class UnitRepository(Protocol):
    def all(self) -> list[Unit]: ...
    def get(self, unit_id: int) -> Unit | None: ...
    def upsert(self, units: Sequence[Unit]) -> tuple[int, int]:
        """Insert new units, update changed ones (by code): (added, updated)."""
        ...


class PostRepository(Protocol):
    def existing_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]: ...
    def add_many(self, posts: Sequence[Post]) -> None:
        """Store new posts and give each its id."""
        ...

    def get(self, post_id: int) -> Post | None: ...
    def get_many(self, post_ids: Iterable[int]) -> dict[int, Post]: ...
    def count(self) -> int: ...
    def latest(self, platform: str) -> datetime | None:
        """When the newest stored post of a platform was posted."""
        ...


class FindingRepository(Protocol):
    def add_many(self, findings: Sequence[Finding]) -> None: ...
    def for_clue(self, clue_id: int) -> list[Finding]: ...
    def count(self) -> int: ...


@dataclass(frozen=True)
class ClueQuery:
    """Which clues a queue shows: a unit subtree, what the reader may see, and filters."""

    unit_ids: Sequence[int] | None = None
    visibility: Visibility | None = None
    status: ClueStatus | None = None
    statuses: Sequence[ClueStatus] | None = None
    category: Category | None = None
    platform: str | None = None
    assignee: str | None = None


class ClueRepository(Protocol):
    def add_many(self, clues: Sequence[Clue]) -> None: ...
    def get(self, clue_id: int) -> Clue | None: ...
    def get_many(self, clue_ids: Iterable[int]) -> dict[int, Clue]: ...
    def update(self, clue: Clue) -> None: ...
    def queue(self, query: ClueQuery, limit: int, offset: int) -> list[Clue]:
        """Clues by severity, then reliable reporters' priority, then spread speed, then
        reach, then age (oldest first)."""
        ...

    def with_keys(self, keys: Iterable[str], limit: int) -> list[Clue]:
        """Clues in any state that share one of these keys, newest first."""
        ...

    def keys_of(self, clue_id: int) -> set[str]: ...

    def count(self) -> int: ...
    def open_by_keys(self, keys: Iterable[str]) -> list[Clue]:
        """Open or claimed clues that share any of these keys, oldest first."""
        ...

    def add_keys(self, clue_id: int, keys: Iterable[str]) -> None: ...
    def count_with_key(self, key: str) -> int:
        """Clues, in any state, about this post, author, indicator or known item."""
        ...

    def past_due(self, now: datetime, limit: int) -> list[Clue]:
        """Open clues whose service level ran out and that are not yet marked breached."""
        ...


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


class AuditLog(Protocol):
    def append(self, entry: AuditEntry) -> AuditEntry:
        """Seal the entry onto the end of the chain and store it."""
        ...

    def entries(self, after_seq: int = 0, limit: int | None = None) -> list[AuditEntry]: ...
    def for_subject(self, subject_type: str, subject_id: str) -> list[AuditEntry]: ...
    def recent(
        self, unit_ids: Sequence[int] | None, action: str, actor: str, before_seq: int, limit: int
    ) -> list[AuditEntry]:
        """Newest first, before `before_seq` (0: from the end), of these units (None: all,
        entries without a unit included), whose action starts with `action` and whose actor
        is `actor` (empty: any)."""
        ...


class IndicatorRepository(Protocol):
    def add(self, indicator: KnownIndicator) -> KnownIndicator:
        """Store it; Conflict if the unit already holds the same (kind, value)."""
        ...

    def all(self) -> list[KnownIndicator]: ...
    def with_values(self, values: Iterable[str]) -> list[KnownIndicator]:
        """Indicators whose canonical value is one of these (any kind, any unit)."""
        ...


class EvidenceRepository(Protocol):
    def add(self, item: EvidenceItem) -> EvidenceItem: ...
    def for_clue(self, clue_id: int) -> list[EvidenceItem]: ...


class LegalRepository(Protocol):
    def for_units(self, unit_ids: Sequence[int]) -> dict[int, list[LegalBasis]]: ...
    def upsert(self, unit_id: int, basis: LegalBasis, by: str, at: datetime) -> bool:
        """Store a unit's version of an entry; True if it was new for the unit."""
        ...


class UserRepository(Protocol):
    def add(self, user: User) -> User: ...
    def get(self, user_id: int) -> User | None: ...
    def by_username(self, username: str) -> User | None: ...
    def all(self) -> list[User]: ...
    def update(self, user: User) -> None: ...


class SessionRepository(Protocol):
    def add(self, session: UserSession) -> UserSession: ...
    def by_token(self, token_sha256: str) -> UserSession | None: ...
    def remove(self, token_sha256: str) -> None: ...
    def remove_for_user(self, user_id: int) -> None: ...


class FigureRepository(Protocol):
    """Counts for the dashboard; `unit_ids` None means every unit; days are China days."""

    def findings_by_day(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, int]]: ...
    def measures_by_outcome(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, str, int]]: ...
    def takedowns(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, float | None]]: ...
    def breaches_by_day(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, int]]: ...


class ReportRepository(Protocol):
    def add(self, report: Report) -> Report: ...
    def get(self, report_id: int) -> Report | None: ...
    def by_receipt(self, receipt_sha256: str) -> Report | None: ...
    def count_since(self, client_key: str, since: datetime) -> int:
        """Reports from one client since a time (the abuse limits)."""
        ...

    def for_clue(self, clue_id: int) -> list[Report]: ...
    def for_volunteer(self, volunteer_id: int) -> list[Report]: ...


class VolunteerRepository(Protocol):
    def add(self, volunteer: Volunteer) -> Volunteer: ...
    def get(self, volunteer_id: int) -> Volunteer | None: ...
    def by_key(self, key_sha256: str) -> Volunteer | None: ...


class Outbox(Protocol):
    def add(self, message: OutgoingMessage) -> OutgoingMessage: ...
    def all(self) -> list[OutgoingMessage]: ...
    def queued(self, limit: int) -> list[OutgoingMessage]: ...
    def update(self, message: OutgoingMessage) -> None: ...


class UnitOfWork(Protocol):
    units: UnitRepository
    posts: PostRepository
    findings: FindingRepository
    clues: ClueRepository
    measures: MeasureRepository
    audit: AuditLog
    outbox: Outbox
    indicators: IndicatorRepository
    evidence: EvidenceRepository
    legal: LegalRepository
    users: UserRepository
    sessions: SessionRepository
    figures: FigureRepository
    reports: ReportRepository
    volunteers: VolunteerRepository
    clusters: ClusterRepository
    checks: CheckRepository
    publications: PublicationRepository

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class Conflict(Exception):
    """A concurrent writer got there first (a duplicate post, a fork in the audit chain).

    The transaction was rolled back; running the same use case again is safe.
    """
