"""An in-memory unit of work: the same protocols as the SQL one, with commit and rollback."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.adapters.memory.figures import MemoryFigures
from netpatrol.adapters.memory.reports import MemoryReports, MemoryVolunteers
from netpatrol.adapters.memory.rumours import (
    MemoryChecks,
    MemoryClusters,
    MemoryPublications,
    RumourStore,
)
from netpatrol.domain.audit import GENESIS_HASH, AuditEntry
from netpatrol.domain.clues import Clue
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.domain.findings import Finding
from netpatrol.domain.indicators import KnownIndicator
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.domain.posts import Post
from netpatrol.domain.reports import Report, Volunteer
from netpatrol.domain.units import Unit
from netpatrol.domain.users import User, UserSession
from netpatrol.services.ports import ClueQuery, Conflict, OutgoingMessage


@dataclass
class Store:
    units: dict[int, Unit] = field(default_factory=dict)
    posts: dict[int, Post] = field(default_factory=dict)
    findings: dict[int, Finding] = field(default_factory=dict)
    clues: dict[int, Clue] = field(default_factory=dict)
    measures: dict[int, Measure] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    outbox: dict[int, OutgoingMessage] = field(default_factory=dict)
    indicators: dict[int, KnownIndicator] = field(default_factory=dict)
    clue_keys: dict[int, set[str]] = field(default_factory=dict)
    evidence: list[EvidenceItem] = field(default_factory=list)
    reply_tokens: dict[str, int] = field(default_factory=dict)
    legal: dict[tuple[int, str], LegalBasis] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    sessions: dict[str, UserSession] = field(default_factory=dict)
    reports: dict[int, Report] = field(default_factory=dict)
    volunteers: dict[int, Volunteer] = field(default_factory=dict)
    rumours: RumourStore = field(default_factory=RumourStore)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class MemoryUnits:
    def __init__(self, store: Store) -> None:
        self.s = store

    def all(self) -> list[Unit]:
        return [copy.deepcopy(u) for _, u in sorted(self.s.units.items())]

    def get(self, unit_id: int) -> Unit | None:
        unit = self.s.units.get(unit_id)
        return copy.deepcopy(unit) if unit else None

    def upsert(self, units: Sequence[Unit]) -> tuple[int, int]:
        by_code = {u.code: u for u in self.s.units.values()}
        added = updated = 0
        for unit in units:
            if unit.parent_code and unit.parent_code not in by_code:
                raise ValueError(f"unit {unit.code} names an unknown parent {unit.parent_code}")
            known = by_code.get(unit.code)
            stored = copy.deepcopy(unit)
            stored.id = known.id if known and known.id is not None else self.s.new_id()
            if known is None:
                added += 1
            elif known != stored:
                updated += 1
            self.s.units[stored.id] = by_code[unit.code] = stored
        return added, updated


class MemoryPosts:
    def __init__(self, store: Store) -> None:
        self.s = store

    def existing_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        stored = {p.key for p in self.s.posts.values()}
        return {k for k in keys if k in stored}

    def add_many(self, posts: Sequence[Post]) -> None:
        stored = {p.key for p in self.s.posts.values()}
        if len({p.key for p in posts}) != len(posts) or any(p.key in stored for p in posts):
            raise Conflict("another writer stored one of these posts first")
        for post in posts:
            post.id = self.s.new_id()
            self.s.posts[post.id] = copy.deepcopy(post)

    def get(self, post_id: int) -> Post | None:
        post = self.s.posts.get(post_id)
        return copy.deepcopy(post) if post else None

    def get_many(self, post_ids: Iterable[int]) -> dict[int, Post]:
        return {i: copy.deepcopy(self.s.posts[i]) for i in set(post_ids) if i in self.s.posts}

    def count(self) -> int:
        return len(self.s.posts)

    def latest(self, platform: str) -> datetime | None:
        times = [p.created_at for p in self.s.posts.values() if p.platform.value == platform]
        return max(times, default=None)


class MemoryFindings:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add_many(self, findings: Sequence[Finding]) -> None:
        for finding in findings:
            finding.id = self.s.new_id()
            self.s.findings[finding.id] = copy.deepcopy(finding)

    def for_clue(self, clue_id: int) -> list[Finding]:
        return [copy.deepcopy(f) for f in self.s.findings.values() if f.clue_id == clue_id]

    def count(self) -> int:
        return len(self.s.findings)


class MemoryClues:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add_many(self, clues: Sequence[Clue]) -> None:
        for clue in clues:
            clue.id = self.s.new_id()
            self.s.clues[clue.id] = copy.deepcopy(clue)

    def get(self, clue_id: int) -> Clue | None:
        clue = self.s.clues.get(clue_id)
        return copy.deepcopy(clue) if clue else None

    def get_many(self, clue_ids: Iterable[int]) -> dict[int, Clue]:
        return {i: copy.deepcopy(self.s.clues[i]) for i in set(clue_ids) if i in self.s.clues}

    def update(self, clue: Clue) -> None:
        if clue.id not in self.s.clues:
            raise LookupError(f"clue {clue.id} is not stored")
        self.s.clues[clue.id] = copy.deepcopy(clue)

    def queue(self, query: ClueQuery, limit: int, offset: int) -> list[Clue]:
        chosen = [c for c in self.s.clues.values() if self._wanted(c, query)]
        chosen.sort(
            key=lambda c: (-c.severity.rank, -c.priority, -c.growth, -c.reach, c.created_at, c.id)
        )
        return [copy.deepcopy(c) for c in chosen[offset : offset + limit]]

    def _wanted(self, clue: Clue, q: ClueQuery) -> bool:
        return (
            (q.unit_ids is None or clue.unit_id in q.unit_ids)
            and (q.visibility is None or q.visibility.allows(clue.unit_id, clue.sharing_level))
            and (q.status is None or clue.status is q.status)
            and (q.statuses is None or clue.status in q.statuses)
            and (q.category is None or clue.category is q.category)
            and (q.assignee is None or clue.assignee == q.assignee)
            and (q.platform is None or self.s.posts[clue.post_id].platform.value == q.platform)
        )

    def with_keys(self, keys: Iterable[str], limit: int) -> list[Clue]:
        wanted = set(keys)
        found = [i for i in sorted(self.s.clue_keys, reverse=True) if self.s.clue_keys[i] & wanted]
        return [copy.deepcopy(self.s.clues[i]) for i in found[:limit]]

    def keys_of(self, clue_id: int) -> set[str]:
        return set(self.s.clue_keys.get(clue_id, set()))

    def count(self) -> int:
        return len(self.s.clues)

    def open_by_keys(self, keys: Iterable[str]) -> list[Clue]:
        wanted = set(keys)
        return [
            copy.deepcopy(self.s.clues[i])
            for i in sorted(self.s.clue_keys)
            if self.s.clue_keys[i] & wanted and self.s.clues[i].is_open
        ]

    def past_due(self, now: datetime, limit: int) -> list[Clue]:
        due = [
            c
            for c in self.s.clues.values()
            if c.is_open and c.due_at is not None and c.due_at < now and c.breached_at is None
        ]
        due.sort(key=lambda c: (c.due_at or now, c.id or 0))
        return copy.deepcopy(due[:limit])

    def count_with_key(self, key: str) -> int:
        return sum(1 for keys in self.s.clue_keys.values() if key in keys)

    def add_keys(self, clue_id: int, keys: Iterable[str]) -> None:
        self.s.clue_keys.setdefault(clue_id, set()).update(keys)


class MemoryMeasures:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, measure: Measure) -> Measure:
        measure.id = self.s.new_id()
        self.s.measures[measure.id] = copy.deepcopy(measure)
        return measure

    def add_reply_token(self, measure_id: int, token_sha256: str) -> None:
        self.s.reply_tokens[token_sha256] = measure_id

    def by_reply_token(self, token_sha256: str) -> Measure | None:
        measure_id = self.s.reply_tokens.get(token_sha256)
        return self.get(measure_id) if measure_id is not None else None

    def get(self, measure_id: int) -> Measure | None:
        measure = self.s.measures.get(measure_id)
        return copy.deepcopy(measure) if measure else None

    def update(self, measure: Measure) -> None:
        if measure.id not in self.s.measures:
            raise LookupError(f"measure {measure.id} is not stored")
        self.s.measures[measure.id] = copy.deepcopy(measure)

    def for_clue(self, clue_id: int) -> list[Measure]:
        return [copy.deepcopy(m) for m in self.s.measures.values() if m.clue_id == clue_id]

    def for_clues(self, clue_ids: Iterable[int]) -> dict[int, list[Measure]]:
        wanted = set(clue_ids)
        found: dict[int, list[Measure]] = {}
        for _, m in sorted(self.s.measures.items()):
            if m.clue_id in wanted:
                found.setdefault(m.clue_id, []).append(copy.deepcopy(m))
        return found

    def all(self) -> list[Measure]:
        return copy.deepcopy(list(self.s.measures.values()))

    def with_status(
        self,
        statuses: Sequence[MeasureStatus],
        limit: int,
        unit_ids: Sequence[int] | None = None,
    ) -> list[Measure]:
        found = [
            m
            for m in self.s.measures.values()
            if m.status in statuses
            and (unit_ids is None or self.s.clues[m.clue_id].unit_id in unit_ids)
        ]
        found.sort(key=lambda m: (m.created_at, m.id or 0))
        return copy.deepcopy(found[:limit])

    def overdue(self, kind: MeasureKind, status: MeasureStatus, now: datetime) -> list[Measure]:
        return copy.deepcopy(
            [
                m
                for m in self.s.measures.values()
                if m.kind is kind
                and m.status is status
                and m.deadline is not None
                and m.deadline < now
            ]
        )


class MemoryAudit:
    def __init__(self, store: Store) -> None:
        self.s = store

    def append(self, entry: AuditEntry) -> AuditEntry:
        entry.seal(self.s.audit[-1].hash if self.s.audit else GENESIS_HASH)
        entry.seq = len(self.s.audit) + 1
        self.s.audit.append(copy.deepcopy(entry))
        return entry

    def entries(self, after_seq: int = 0, limit: int | None = None) -> list[AuditEntry]:
        chosen = [e for e in self.s.audit if (e.seq or 0) > after_seq]
        return copy.deepcopy(chosen[:limit] if limit is not None else chosen)

    def recent(
        self, unit_ids: Sequence[int] | None, action: str, actor: str, before_seq: int, limit: int
    ) -> list[AuditEntry]:
        found = [
            e
            for e in reversed(self.s.audit)
            if (unit_ids is None or e.unit_id in unit_ids)
            and e.action.startswith(action)
            and (not actor or e.actor == actor)
            and (not before_seq or (e.seq or 0) < before_seq)
        ]
        return copy.deepcopy(found[:limit])

    def for_subject(self, subject_type: str, subject_id: str) -> list[AuditEntry]:
        return copy.deepcopy(
            [
                e
                for e in self.s.audit
                if (e.subject_type, e.subject_id) == (subject_type, subject_id)
            ]
        )


class MemoryOutbox:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, message: OutgoingMessage) -> OutgoingMessage:
        message.id = self.s.new_id()
        self.s.outbox[message.id] = copy.deepcopy(message)
        return message

    def all(self) -> list[OutgoingMessage]:
        return copy.deepcopy(list(self.s.outbox.values()))

    def queued(self, limit: int) -> list[OutgoingMessage]:
        return copy.deepcopy([m for m in self.s.outbox.values() if m.status == "queued"][:limit])

    def update(self, message: OutgoingMessage) -> None:
        if message.id not in self.s.outbox:
            raise LookupError(f"message {message.id} is not stored")
        self.s.outbox[message.id] = copy.deepcopy(message)


class MemoryIndicators:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, indicator: KnownIndicator) -> KnownIndicator:
        key = (indicator.kind, indicator.value, indicator.unit_id)
        if any((i.kind, i.value, i.unit_id) == key for i in self.s.indicators.values()):
            raise Conflict(f"{indicator.kind} {indicator.value} is already known")
        indicator.id = self.s.new_id()
        self.s.indicators[indicator.id] = copy.deepcopy(indicator)
        return indicator

    def all(self) -> list[KnownIndicator]:
        return copy.deepcopy(list(self.s.indicators.values()))

    def with_values(self, values: Iterable[str]) -> list[KnownIndicator]:
        wanted = set(values)
        return copy.deepcopy([i for i in self.s.indicators.values() if i.value in wanted])


class MemoryEvidence:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, item: EvidenceItem) -> EvidenceItem:
        stored = EvidenceItem(
            item.clue_id,
            item.kind,
            item.content,
            item.sha256,
            item.captured_at,
            item.source,
            item.captured_by,
            self.s.new_id(),
        )
        self.s.evidence.append(stored)
        return stored

    def for_clue(self, clue_id: int) -> list[EvidenceItem]:
        return [e for e in self.s.evidence if e.clue_id == clue_id]


class MemoryLegal:
    def __init__(self, store: Store) -> None:
        self.s = store

    def for_units(self, unit_ids: Sequence[int]) -> dict[int, list[LegalBasis]]:
        found: dict[int, list[LegalBasis]] = {}
        for (unit_id, _), basis in self.s.legal.items():
            if unit_id in unit_ids:
                found.setdefault(unit_id, []).append(basis)
        return found

    def upsert(self, unit_id: int, basis: LegalBasis, by: str, at: datetime) -> bool:
        new = (unit_id, basis.code) not in self.s.legal
        self.s.legal[(unit_id, basis.code)] = basis
        return new


class MemoryUsers:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, user: User) -> User:
        if self.by_username(user.username) is not None:
            raise Conflict(f"user {user.username} already exists")
        user.id = self.s.new_id()
        self.s.users[user.id] = copy.deepcopy(user)
        return user

    def get(self, user_id: int) -> User | None:
        return copy.deepcopy(self.s.users.get(user_id))

    def by_username(self, username: str) -> User | None:
        found = [u for u in self.s.users.values() if u.username == username]
        return copy.deepcopy(found[0]) if found else None

    def all(self) -> list[User]:
        return copy.deepcopy(list(self.s.users.values()))

    def update(self, user: User) -> None:
        if user.id not in self.s.users:
            raise LookupError(f"user {user.id} is not stored")
        self.s.users[user.id] = copy.deepcopy(user)


class MemorySessions:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, entry: UserSession) -> UserSession:
        entry.id = self.s.new_id()
        self.s.sessions[entry.token_sha256] = copy.deepcopy(entry)
        return entry

    def by_token(self, token_sha256: str) -> UserSession | None:
        return copy.deepcopy(self.s.sessions.get(token_sha256))

    def remove(self, token_sha256: str) -> None:
        self.s.sessions.pop(token_sha256, None)

    def remove_for_user(self, user_id: int) -> None:
        for token in [t for t, e in self.s.sessions.items() if e.user_id == user_id]:
            del self.s.sessions[token]


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
        ):
            repo.s = self._work
