"""An in-memory unit of work: the same protocols as the SQL one, with commit and rollback."""

from __future__ import annotations

import copy

from netpatrol.adapters.memory.accounts import MemorySessions, MemoryUnits, MemoryUsers
from netpatrol.adapters.memory.agencies import MemoryAgencies
from netpatrol.adapters.memory.assistance import MemoryAssistance, MemoryNotes, MemoryParticipants
from netpatrol.adapters.memory.clues import MemoryClues, MemoryEvidence
from netpatrol.adapters.memory.inbox import MemoryInbox
from netpatrol.adapters.memory.matrix import MemoryIndicators
from netpatrol.adapters.memory.measures import MemoryLegal, MemoryMeasures, MemoryOutbox
from netpatrol.adapters.memory.oversight import MemoryAudit, MemoryFigures
from netpatrol.adapters.memory.patrol import MemoryFindings, MemoryPosts
from netpatrol.adapters.memory.public import MemoryReports, MemoryVolunteers
from netpatrol.adapters.memory.publishing import MemoryPublications
from netpatrol.adapters.memory.retention import MemoryRetention
from netpatrol.adapters.memory.rumours import MemoryChecks, MemoryClusters
from netpatrol.adapters.memory.signing import MemoryNonces
from netpatrol.adapters.memory.store import Store
from netpatrol.adapters.memory.worklist import MemorySavedViews, MemorySearch


class MemoryUnitOfWork:
    """Works on a copy of the committed store; commit publishes the copy."""

    def __init__(self, store: Store | None = None) -> None:
        self.committed = store or Store()
        self.commits = 0

    def __enter__(self) -> MemoryUnitOfWork:
        self._work = copy.deepcopy(self.committed)
        self.units = MemoryUnits(self._work)
        self.posts = MemoryPosts(self._work)
        self.findings = MemoryFindings(self._work)
        self.clues = MemoryClues(self._work)
        self.measures = MemoryMeasures(self._work)
        self.audit = MemoryAudit(self._work)
        self.outbox = MemoryOutbox(self._work)
        self.indicators = MemoryIndicators(self._work)
        self.evidence = MemoryEvidence(self._work)
        self.legal = MemoryLegal(self._work)
        self.users = MemoryUsers(self._work)
        self.sessions = MemorySessions(self._work)
        self.figures = MemoryFigures(self._work)
        self.reports = MemoryReports(self._work)
        self.volunteers = MemoryVolunteers(self._work)
        self.clusters = MemoryClusters(self._work)
        self.checks = MemoryChecks(self._work)
        self.publications = MemoryPublications(self._work)
        self.retention = MemoryRetention(self._work)
        self.inbox = MemoryInbox(self._work)
        self.assistance = MemoryAssistance(self._work)
        self.participants = MemoryParticipants(self._work)
        self.notes = MemoryNotes(self._work)
        self.saved_views = MemorySavedViews(self._work)
        self.search = MemorySearch(self._work)
        self.agencies = MemoryAgencies(self._work)
        self.nonces = MemoryNonces(self._work)
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()

    def commit(self) -> None:
        self.committed.__dict__.update(copy.deepcopy(self._work).__dict__)
        self.commits += 1

    def rollback(self) -> None:
        self._work = copy.deepcopy(self.committed)
        for repo in (
            self.units,
            self.posts,
            self.findings,
            self.clues,
            self.measures,
            self.audit,
            self.outbox,
            self.indicators,
            self.evidence,
            self.legal,
            self.users,
            self.sessions,
            self.figures,
            self.reports,
            self.volunteers,
            self.clusters,
            self.checks,
            self.publications,
            self.retention,
            self.inbox,
            self.assistance,
            self.participants,
            self.notes,
            self.saved_views,
            self.search,
            self.agencies,
            self.nonces,
        ):
            repo.s = self._work
