"""The ports every capability shares: the unit of work, its conflict error, and the platform
connector (what the platform needs from a hosting platform; the adapters implement it).

A real platform's open API (microblog statuses, direct messages, a takedown desk) is one
new class with the connector's methods; `HttpConnector` shows the shape against the simulator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from netpatrol.services.accounts.ports import SessionRepository, UnitRepository, UserRepository
from netpatrol.services.agencies.ports import AgencyRepository
from netpatrol.services.assistance.ports import AssistanceRepository
from netpatrol.services.clues.ports import (
    ClueRepository,
    EvidenceRepository,
    SavedViewRepository,
)
from netpatrol.services.clues.thread_ports import NoteRepository, ParticipantRepository
from netpatrol.services.inbox.ports import InboxRepository
from netpatrol.services.matrix.ports import IndicatorRepository
from netpatrol.services.measures.ports import LegalRepository, MeasureRepository, Outbox
from netpatrol.services.oversight.ports import AuditLog, FigureRepository
from netpatrol.services.patrol.ports import FindingRepository, PostRepository
from netpatrol.services.public.ports import ReportRepository, VolunteerRepository
from netpatrol.services.publishing.ports import PublicationRepository
from netpatrol.services.retention.ports import RetentionStore
from netpatrol.services.rumours.ports import CheckRepository, ClusterRepository
from netpatrol.services.search.ports import SearchRepository
from netpatrol.services.signing.ports import NonceRepository


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
    retention: RetentionStore
    inbox: InboxRepository
    assistance: AssistanceRepository
    participants: ParticipantRepository
    notes: NoteRepository
    saved_views: SavedViewRepository
    search: SearchRepository
    agencies: AgencyRepository
    nonces: NonceRepository

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class Conflict(Exception):
    """A concurrent writer got there first (a duplicate post, a fork in the audit chain).

    The transaction was rolled back; running the same use case again is safe.
    """


class ConnectorError(Exception):
    """The platform refused or could not be reached; the message says which and why."""


@dataclass(frozen=True)
class PostStatus:
    """Whether a post is still up, and its text as it stands now."""

    exists: bool
    text: str | None = None


@runtime_checkable
class PlatformConnector(Protocol):
    platform: str

    def fetch(self, terms: Sequence[str], since: datetime | None) -> list[dict[str, Any]]:
        """Posts matching any of the watch terms, newer than `since`, in the ingest format."""

    def send_private_message(self, sender: str, recipient: str, text: str) -> str:
        """Deliver a private message from one of the unit's accounts; the platform's id."""

    def publish(self, account: str, text: str) -> str:
        """Publish a post from one of the unit's accounts; the new post's id."""

    def request_takedown(self, post_id: str, notice: str) -> str:
        """File a takedown notice with the platform; its ticket id."""

    def post_status(self, post_id: str) -> PostStatus:
        """Whether the post is still up, and its current text."""

    def account_stats(self, account: str) -> dict[str, int]:
        """Followers and posts of an account."""

    def fetch_inbox(self, since: datetime | None) -> list[dict[str, Any]]:
        """What netizens sent the unit's accounts newer than `since`: private messages,
        comments on the accounts' posts and @mentions, in the inbox format (see
        services/inbox/intake.py)."""
