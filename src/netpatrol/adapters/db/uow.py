"""The SQLAlchemy unit of work: one session, one transaction, committed once."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from netpatrol.adapters.db.accounts import SqlSessions, SqlUnits, SqlUsers
from netpatrol.adapters.db.agencies import SqlAgencies
from netpatrol.adapters.db.assistance import SqlAssistance, SqlNotes, SqlParticipants
from netpatrol.adapters.db.audit import SqlAudit
from netpatrol.adapters.db.clues import SqlClues, SqlEvidence
from netpatrol.adapters.db.inbox import SqlInbox
from netpatrol.adapters.db.matrix import SqlIndicators
from netpatrol.adapters.db.measures import SqlLegal, SqlMeasures, SqlOutbox
from netpatrol.adapters.db.oversight import SqlFigures
from netpatrol.adapters.db.patrol import SqlFindings, SqlPosts
from netpatrol.adapters.db.public import SqlReports, SqlVolunteers
from netpatrol.adapters.db.publishing import SqlPublications
from netpatrol.adapters.db.retention import SqlRetention
from netpatrol.adapters.db.rumours import SqlChecks, SqlClusters
from netpatrol.adapters.db.search import SqlSearch
from netpatrol.adapters.db.signing import SqlNonces
from netpatrol.adapters.db.worklist import SqlSavedViews
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
from netpatrol.services.ports import Conflict
from netpatrol.services.public.ports import ReportRepository, VolunteerRepository
from netpatrol.services.publishing.ports import PublicationRepository
from netpatrol.services.retention.ports import RetentionStore
from netpatrol.services.rumours.ports import CheckRepository, ClusterRepository
from netpatrol.services.search.ports import SearchRepository
from netpatrol.services.signing.ports import NonceRepository


class SqlUnitOfWork:
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

    def __init__(self, session_factory: sessionmaker[Session], audit_key: bytes) -> None:
        self._session_factory = session_factory
        self._audit_key = audit_key
        self.session: Session | None = None

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._session_factory()
        self.units = SqlUnits(self.session)
        self.posts = SqlPosts(self.session)
        self.findings = SqlFindings(self.session)
        self.clues = SqlClues(self.session)
        self.measures = SqlMeasures(self.session)
        self._audit = SqlAudit(self.session, self._audit_key)
        self.audit = self._audit
        self.outbox = SqlOutbox(self.session)
        self.indicators = SqlIndicators(self.session)
        self.evidence = SqlEvidence(self.session)
        self.legal = SqlLegal(self.session)
        self.users = SqlUsers(self.session)
        self.sessions = SqlSessions(self.session)
        self.figures = SqlFigures(self.session)
        self.reports = SqlReports(self.session)
        self.volunteers = SqlVolunteers(self.session)
        self.clusters = SqlClusters(self.session)
        self.checks = SqlChecks(self.session)
        self.publications = SqlPublications(self.session)
        self.retention = SqlRetention(self.session)
        self.inbox = SqlInbox(self.session)
        self.assistance = SqlAssistance(self.session)
        self.participants = SqlParticipants(self.session)
        self.notes = SqlNotes(self.session)
        self.saved_views = SqlSavedViews(self.session)
        self.search = SqlSearch(self.session)
        self.agencies = SqlAgencies(self.session)
        self.nonces = SqlNonces(self.session)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.session is not None
        self.rollback()
        self.session.close()
        self.session = None

    def commit(self) -> None:
        assert self.session is not None
        try:
            self._audit.flush()
            self.session.commit()
        except IntegrityError as exc:
            self.rollback()
            raise Conflict(str(exc.orig)) from exc
        self._audit.forget_head()  # the lock is released: another writer may append now

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()
        self._audit.forget_head()
