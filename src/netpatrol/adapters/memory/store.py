"""The in-memory store that every in-memory repository works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.domain.agencies import Agency
from netpatrol.domain.assistance import AssistanceAnswer, AssistanceRequest
from netpatrol.domain.audit import AuditEntry, Checkpoint
from netpatrol.domain.checks import Check
from netpatrol.domain.clue_threads import ClueNote, Participant
from netpatrol.domain.clues import Clue
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.domain.findings import Finding
from netpatrol.domain.inbox import InboxMessage
from netpatrol.domain.indicators import FalsePositiveReport, KnownIndicator
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import Measure
from netpatrol.domain.posts import Post
from netpatrol.domain.publications import Publication
from netpatrol.domain.reports import Report, Volunteer
from netpatrol.domain.spread import Cluster, ClusterMember
from netpatrol.domain.units import Unit
from netpatrol.domain.users import User, UserSession
from netpatrol.domain.views import SavedView
from netpatrol.services.measures.ports import OutgoingMessage


@dataclass
class RumourStore:
    clusters: dict[int, Cluster] = field(default_factory=dict)
    members: dict[int, ClusterMember] = field(default_factory=dict)
    signatures: dict[int, bytes] = field(default_factory=dict)
    bands: dict[int, set[int]] = field(default_factory=dict)  # band key -> member ids
    checks: dict[int, Check] = field(default_factory=dict)
    publications: dict[int, Publication] = field(default_factory=dict)


@dataclass
class Store:
    units: dict[int, Unit] = field(default_factory=dict)
    posts: dict[int, Post] = field(default_factory=dict)
    findings: dict[int, Finding] = field(default_factory=dict)
    clues: dict[int, Clue] = field(default_factory=dict)
    measures: dict[int, Measure] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    checkpoints: list[Checkpoint] = field(default_factory=list)
    outbox: dict[int, OutgoingMessage] = field(default_factory=dict)
    indicators: dict[int, KnownIndicator] = field(default_factory=dict)
    indicator_reports: dict[int, FalsePositiveReport] = field(default_factory=dict)
    clue_keys: dict[int, set[str]] = field(default_factory=dict)
    evidence: list[EvidenceItem] = field(default_factory=list)
    reply_tokens: dict[str, int] = field(default_factory=dict)
    legal: dict[tuple[int, str], LegalBasis] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    sessions: dict[str, UserSession] = field(default_factory=dict)
    reports: dict[int, Report] = field(default_factory=dict)
    volunteers: dict[int, Volunteer] = field(default_factory=dict)
    rumours: RumourStore = field(default_factory=RumourStore)
    inbox: dict[int, InboxMessage] = field(default_factory=dict)
    assistance: dict[int, AssistanceRequest] = field(default_factory=dict)
    assistance_answers: list[AssistanceAnswer] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    clue_notes: list[ClueNote] = field(default_factory=list)
    saved_views: dict[int, SavedView] = field(default_factory=dict)
    agency_edits: dict[str, Agency] = field(default_factory=dict)
    referral_tokens: dict[str, int] = field(default_factory=dict)
    nonces: dict[tuple[str, str], datetime] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1
