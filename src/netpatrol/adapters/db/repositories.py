"""SQLAlchemy implementations of the storage protocols in services/ports.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netpatrol.adapters.db import mapping
from netpatrol.adapters.db.tables import (
    AuditRow,
    ChannelMessageRow,
    ClueKeyRow,
    ClueRow,
    EvidenceRow,
    FindingRow,
    IndicatorRow,
    LegalOverrideRow,
    MeasureRow,
    PostRow,
    ReplyTokenRow,
    UnitRow,
)
from netpatrol.adapters.db.types import UTCDateTime
from netpatrol.domain.audit import GENESIS_HASH, AuditEntry
from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.domain.findings import Finding
from netpatrol.domain.indicators import KnownIndicator
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.domain.posts import Post
from netpatrol.domain.units import Unit
from netpatrol.services.ports import ClueQuery, Conflict, OutgoingMessage

KEY_CHUNK = 400  # keeps IN lists under SQLite's bound-parameter limit
AUDIT_LOCK_KEY = 0x6E7061  # the advisory lock that serialises appends to the audit chain


class SqlUnits:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> list[Unit]:
        rows = self.session.scalars(select(UnitRow).order_by(UnitRow.id)).all()
        codes = {r.id: r.code for r in rows}
        return [mapping.unit_from_row(r, codes) for r in rows]

    def get(self, unit_id: int) -> Unit | None:
        return next((u for u in self.all() if u.id == unit_id), None)

    def upsert(self, units: Sequence[Unit]) -> tuple[int, int]:
        by_code = {r.code: r for r in self.session.scalars(select(UnitRow))}
        added = updated = 0
        for unit in units:  # parents come before children in the shipped data
            parent = by_code.get(unit.parent_code or "")
            if unit.parent_code and parent is None:
                raise ValueError(f"unit {unit.code} names an unknown parent {unit.parent_code}")
            values = {
                "name": unit.name,
                "full_name": unit.full_name,
                "level": unit.level.value,
                "parent_id": parent.id if parent is not None else None,
                "region_codes": list(unit.region_codes),
                "among_first_50": unit.among_first_50,
                "channel_accounts": dict(unit.channel_accounts),
            }
            row = by_code.get(unit.code)
            if row is None:
                row = UnitRow(code=unit.code, **values)
                self.session.add(row)
                by_code[unit.code] = row
                added += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                updated += 1
            self.session.flush()
        self.session.flush()
        return added, updated


class SqlPosts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def existing_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        wanted = list(set(keys))
        found: set[tuple[str, str]] = set()
        for i in range(0, len(wanted), KEY_CHUNK):
            chunk = wanted[i : i + KEY_CHUNK]
            stmt = select(PostRow.platform, PostRow.external_id).where(
                tuple_(PostRow.platform, PostRow.external_id).in_(chunk)
            )
            found.update((p, e) for p, e in self.session.execute(stmt))
        return found

    def add_many(self, posts: Sequence[Post]) -> None:
        now = datetime.now(UTC)
        rows = [mapping.post_to_row(p, now) for p in posts]
        self.session.add_all(rows)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise Conflict("another writer stored one of these posts first") from exc
        for post, row in zip(posts, rows, strict=True):
            post.id = row.id

    def get(self, post_id: int) -> Post | None:
        row = self.session.get(PostRow, post_id)
        return mapping.post_from_row(row) if row else None

    def get_many(self, post_ids: Iterable[int]) -> dict[int, Post]:
        ids = list(set(post_ids))
        rows = self.session.scalars(select(PostRow).where(PostRow.id.in_(ids))).all()
        return {r.id: mapping.post_from_row(r) for r in rows}

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(PostRow)) or 0

    def latest(self, platform: str) -> datetime | None:
        stmt = select(func.max(PostRow.created_at)).where(PostRow.platform == platform)
        value = self.session.scalar(stmt)
        return UTCDateTime().process_result_value(value, self.session.get_bind().dialect)


class SqlFindings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_many(self, findings: Sequence[Finding]) -> None:
        rows = [mapping.finding_to_row(f) for f in findings]
        self.session.add_all(rows)
        self.session.flush()
        for finding, row in zip(findings, rows, strict=True):
            finding.id = row.id

    def for_clue(self, clue_id: int) -> list[Finding]:
        stmt = select(FindingRow).where(FindingRow.clue_id == clue_id).order_by(FindingRow.id)
        return [mapping.finding_from_row(r) for r in self.session.scalars(stmt)]

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(FindingRow)) or 0


class SqlClues:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_many(self, clues: Sequence[Clue]) -> None:
        rows = [mapping.clue_to_row(c) for c in clues]
        self.session.add_all(rows)
        self.session.flush()
        for clue, row in zip(clues, rows, strict=True):
            clue.id = row.id

    def get(self, clue_id: int) -> Clue | None:
        row = self.session.get(ClueRow, clue_id)
        return mapping.clue_from_row(row) if row else None

    def get_many(self, clue_ids: Iterable[int]) -> dict[int, Clue]:
        wanted = list(set(clue_ids))
        found: dict[int, Clue] = {}
        for i in range(0, len(wanted), KEY_CHUNK):
            stmt = select(ClueRow).where(ClueRow.id.in_(wanted[i : i + KEY_CHUNK]))
            found.update((r.id, mapping.clue_from_row(r)) for r in self.session.scalars(stmt))
        return found

    def update(self, clue: Clue) -> None:
        row = self.session.get(ClueRow, clue.id)
        if row is None:
            raise LookupError(f"clue {clue.id} is not stored")
        mapping.clue_to_row(clue, row)
        self.session.flush()

    def queue(self, query: ClueQuery, limit: int, offset: int) -> list[Clue]:
        stmt = select(ClueRow)
        if query.unit_ids is not None:
            stmt = stmt.where(ClueRow.unit_id.in_(list(query.unit_ids)))
        seen = query.visibility
        if seen is not None and seen.own is not None:
            stmt = stmt.where(
                or_(
                    ClueRow.unit_id.in_(list(seen.own)),
                    ClueRow.sharing_level == SharingLevel.NATIONAL.value,
                    and_(
                        ClueRow.sharing_level == SharingLevel.PROVINCE.value,
                        ClueRow.unit_id.in_(list(seen.province)),
                    ),
                )
            )
        if query.status is not None:
            stmt = stmt.where(ClueRow.status == query.status.value)
        if query.statuses is not None:
            stmt = stmt.where(ClueRow.status.in_([s.value for s in query.statuses]))
        if query.category is not None:
            stmt = stmt.where(ClueRow.category == query.category.value)
        if query.assignee is not None:
            stmt = stmt.where(ClueRow.assignee == query.assignee)
        if query.platform is not None:
            stmt = stmt.join(PostRow, PostRow.id == ClueRow.post_id).where(
                PostRow.platform == query.platform
            )
        stmt = stmt.order_by(
            ClueRow.severity_rank.desc(),
            ClueRow.priority.desc(),
            ClueRow.growth.desc(),
            ClueRow.reach.desc(),
            ClueRow.created_at,
            ClueRow.id,
        )
        rows = self.session.scalars(stmt.limit(limit).offset(offset))
        return [mapping.clue_from_row(r) for r in rows]

    def with_keys(self, keys: Iterable[str], limit: int) -> list[Clue]:
        wanted = list(set(keys))[:KEY_CHUNK]
        stmt = (
            select(ClueRow)
            .where(ClueRow.id.in_(select(ClueKeyRow.clue_id).where(ClueKeyRow.key.in_(wanted))))
            .order_by(ClueRow.id.desc())
            .limit(limit)
        )
        return [mapping.clue_from_row(r) for r in self.session.scalars(stmt)]

    def keys_of(self, clue_id: int) -> set[str]:
        stmt = select(ClueKeyRow.key).where(ClueKeyRow.clue_id == clue_id)
        return set(self.session.scalars(stmt))

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(ClueRow)) or 0

    def open_by_keys(self, keys: Iterable[str]) -> list[Clue]:
        wanted = list(set(keys))
        found: dict[int, ClueRow] = {}
        for i in range(0, len(wanted), KEY_CHUNK):
            stmt = (
                select(ClueRow)
                .join(ClueKeyRow, ClueKeyRow.clue_id == ClueRow.id)
                .where(ClueKeyRow.key.in_(wanted[i : i + KEY_CHUNK]))
                .where(ClueRow.status.in_([ClueStatus.OPEN.value, ClueStatus.CLAIMED.value]))
            )
            found.update((row.id, row) for row in self.session.scalars(stmt))
        return [mapping.clue_from_row(found[i]) for i in sorted(found)]

    def past_due(self, now: datetime, limit: int) -> list[Clue]:
        stmt = (
            select(ClueRow)
            .where(ClueRow.status.in_([ClueStatus.OPEN.value, ClueStatus.CLAIMED.value]))
            .where(ClueRow.due_at < now, ClueRow.breached_at.is_(None))
            .order_by(ClueRow.due_at, ClueRow.id)
            .limit(limit)
        )
        return [mapping.clue_from_row(r) for r in self.session.scalars(stmt)]

    def count_with_key(self, key: str) -> int:
        stmt = select(func.count()).select_from(ClueKeyRow).where(ClueKeyRow.key == key)
        return self.session.scalar(stmt) or 0

    def add_keys(self, clue_id: int, keys: Iterable[str]) -> None:
        known = set(
            self.session.scalars(select(ClueKeyRow.key).where(ClueKeyRow.clue_id == clue_id))
        )
        self.session.add_all(
            ClueKeyRow(clue_id=clue_id, key=key) for key in sorted(set(keys) - known)
        )


class SqlMeasures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, measure: Measure) -> Measure:
        row = mapping.measure_to_row(measure)
        self.session.add(row)
        self.session.flush()
        measure.id = row.id
        return measure

    def add_reply_token(self, measure_id: int, token_sha256: str) -> None:
        self.session.add(ReplyTokenRow(token_sha256=token_sha256, measure_id=measure_id))
        self.session.flush()

    def by_reply_token(self, token_sha256: str) -> Measure | None:
        row = self.session.get(ReplyTokenRow, token_sha256)
        return self.get(row.measure_id) if row else None

    def get(self, measure_id: int) -> Measure | None:
        row = self.session.get(MeasureRow, measure_id)
        return mapping.measure_from_row(row) if row else None

    def update(self, measure: Measure) -> None:
        row = self.session.get(MeasureRow, measure.id)
        if row is None:
            raise LookupError(f"measure {measure.id} is not stored")
        fresh = mapping.measure_to_row(measure)
        for column in ("status", "approver", "details", "deadline", "channel_message_id"):
            setattr(row, column, getattr(fresh, column))
        row.updated_at = measure.updated_at or row.updated_at
        self.session.flush()

    def for_clue(self, clue_id: int) -> list[Measure]:
        stmt = select(MeasureRow).where(MeasureRow.clue_id == clue_id).order_by(MeasureRow.id)
        return [mapping.measure_from_row(r) for r in self.session.scalars(stmt)]

    def for_clues(self, clue_ids: Iterable[int]) -> dict[int, list[Measure]]:
        wanted = sorted(set(clue_ids))
        found: dict[int, list[Measure]] = {}
        for i in range(0, len(wanted), KEY_CHUNK):
            stmt = (
                select(MeasureRow)
                .where(MeasureRow.clue_id.in_(wanted[i : i + KEY_CHUNK]))
                .order_by(MeasureRow.id)
            )
            for row in self.session.scalars(stmt):
                found.setdefault(row.clue_id, []).append(mapping.measure_from_row(row))
        return found

    def all(self) -> list[Measure]:
        stmt = select(MeasureRow).order_by(MeasureRow.id)
        return [mapping.measure_from_row(r) for r in self.session.scalars(stmt)]

    def with_status(
        self,
        statuses: Sequence[MeasureStatus],
        limit: int,
        unit_ids: Sequence[int] | None = None,
    ) -> list[Measure]:
        stmt = select(MeasureRow).where(MeasureRow.status.in_([s.value for s in statuses]))
        if unit_ids is not None:
            stmt = stmt.join(ClueRow, ClueRow.id == MeasureRow.clue_id).where(
                ClueRow.unit_id.in_(list(unit_ids))
            )
        stmt = stmt.order_by(MeasureRow.created_at, MeasureRow.id).limit(limit)
        return [mapping.measure_from_row(r) for r in self.session.scalars(stmt)]

    def overdue(self, kind: MeasureKind, status: MeasureStatus, now: datetime) -> list[Measure]:
        stmt = (
            select(MeasureRow)
            .where(MeasureRow.kind == kind.value, MeasureRow.status == status.value)
            .where(MeasureRow.deadline < now)
            .order_by(MeasureRow.deadline, MeasureRow.id)
        )
        return [mapping.measure_from_row(r) for r in self.session.scalars(stmt)]


class SqlAudit:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._head: str | None = None

    def _last_hash(self) -> str:
        if self._head is None:
            if self.session.get_bind().dialect.name == "postgresql":
                # one appender at a time across processes, until this transaction ends
                self.session.execute(select(func.pg_advisory_xact_lock(AUDIT_LOCK_KEY)))
            stmt = select(AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
            self._head = self.session.scalar(stmt) or GENESIS_HASH
        return self._head

    def append(self, entry: AuditEntry) -> AuditEntry:
        entry.seal(self._last_hash())
        self.session.add(mapping.audit_to_row(entry))
        self._head = entry.hash
        return entry

    def forget_head(self) -> None:
        """After a rollback the cached head may name an entry that was never stored."""
        self._head = None

    def entries(self, after_seq: int = 0, limit: int | None = None) -> list[AuditEntry]:
        stmt = select(AuditRow).where(AuditRow.seq > after_seq).order_by(AuditRow.seq)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [mapping.audit_from_row(r) for r in self.session.scalars(stmt)]

    def recent(
        self, unit_ids: Sequence[int] | None, action: str, actor: str, before_seq: int, limit: int
    ) -> list[AuditEntry]:
        stmt = select(AuditRow)
        if unit_ids is not None:
            stmt = stmt.where(AuditRow.unit_id.in_(list(unit_ids)))
        if action:
            stmt = stmt.where(AuditRow.action.startswith(action, autoescape=True))
        if actor:
            stmt = stmt.where(AuditRow.actor == actor)
        if before_seq:
            stmt = stmt.where(AuditRow.seq < before_seq)
        stmt = stmt.order_by(AuditRow.seq.desc()).limit(limit)
        return [mapping.audit_from_row(r) for r in self.session.scalars(stmt)]

    def for_subject(self, subject_type: str, subject_id: str) -> list[AuditEntry]:
        stmt = (
            select(AuditRow)
            .where(AuditRow.subject_type == subject_type, AuditRow.subject_id == subject_id)
            .order_by(AuditRow.seq)
        )
        return [mapping.audit_from_row(r) for r in self.session.scalars(stmt)]


class SqlOutbox:
    FIELDS = (
        "channel",
        "platform",
        "sender_account",
        "recipient",
        "text",
        "status",
        "created_at",
        "subject",
        "external_ref",
        "attempts",
        "sent_at",
    )

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutgoingMessage) -> OutgoingMessage:
        row = ChannelMessageRow(**{f: getattr(message, f) for f in self.FIELDS})
        self.session.add(row)
        self.session.flush()
        message.id = row.id
        return message

    def _message(self, row: ChannelMessageRow) -> OutgoingMessage:
        return OutgoingMessage(**{f: getattr(row, f) for f in self.FIELDS}, id=row.id)

    def all(self) -> list[OutgoingMessage]:
        rows = self.session.scalars(select(ChannelMessageRow).order_by(ChannelMessageRow.id))
        return [self._message(r) for r in rows]

    def queued(self, limit: int) -> list[OutgoingMessage]:
        stmt = (
            select(ChannelMessageRow)
            .where(ChannelMessageRow.status == "queued")
            .order_by(ChannelMessageRow.id)
            .limit(limit)
        )
        return [self._message(r) for r in self.session.scalars(stmt)]

    def update(self, message: OutgoingMessage) -> None:
        row = self.session.get(ChannelMessageRow, message.id)
        if row is None:
            raise LookupError(f"message {message.id} is not stored")
        for f in ("status", "external_ref", "attempts", "sent_at"):
            setattr(row, f, getattr(message, f))
        self.session.flush()


class SqlIndicators:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, indicator: KnownIndicator) -> KnownIndicator:
        row = IndicatorRow(
            kind=indicator.kind,
            value=indicator.value,
            category=indicator.category.value,
            unit_id=indicator.unit_id,
            sharing_level=indicator.sharing_level.value,
            note=indicator.note,
            created_at=indicator.created_at,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError as exc:
            raise Conflict(f"{indicator.kind} {indicator.value} is already known") from exc
        indicator.id = row.id
        return indicator

    def all(self) -> list[KnownIndicator]:
        return self._known(self.session.scalars(select(IndicatorRow).order_by(IndicatorRow.id)))

    def with_values(self, values: Iterable[str]) -> list[KnownIndicator]:
        wanted = sorted(set(values))[:KEY_CHUNK]
        stmt = select(IndicatorRow).where(IndicatorRow.value.in_(wanted)).order_by(IndicatorRow.id)
        return self._known(self.session.scalars(stmt))

    @staticmethod
    def _known(rows: Iterable[IndicatorRow]) -> list[KnownIndicator]:
        return [
            KnownIndicator(
                r.kind,
                r.value,
                Category(r.category),
                r.unit_id,
                SharingLevel(r.sharing_level),
                r.created_at,
                r.note,
                r.id,
            )
            for r in rows
        ]


class SqlEvidence:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, item: EvidenceItem) -> EvidenceItem:
        row = EvidenceRow(
            clue_id=item.clue_id,
            kind=item.kind,
            content=item.content,
            sha256=item.sha256,
            captured_at=item.captured_at,
            source=item.source,
            captured_by=item.captured_by,
        )
        self.session.add(row)
        self.session.flush()
        return EvidenceItem(
            item.clue_id,
            item.kind,
            item.content,
            item.sha256,
            item.captured_at,
            item.source,
            item.captured_by,
            row.id,
        )

    def for_clue(self, clue_id: int) -> list[EvidenceItem]:
        stmt = select(EvidenceRow).where(EvidenceRow.clue_id == clue_id).order_by(EvidenceRow.id)
        return [
            EvidenceItem(
                r.clue_id,
                r.kind,
                bytes(r.content),
                r.sha256,
                r.captured_at,
                r.source,
                r.captured_by,
                r.id,
            )
            for r in self.session.scalars(stmt)
        ]


class SqlLegal:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_units(self, unit_ids: Sequence[int]) -> dict[int, list[LegalBasis]]:
        stmt = (
            select(LegalOverrideRow)
            .where(LegalOverrideRow.unit_id.in_(list(unit_ids)))
            .order_by(LegalOverrideRow.id)
        )
        found: dict[int, list[LegalBasis]] = {}
        for r in self.session.scalars(stmt):
            found.setdefault(r.unit_id, []).append(
                LegalBasis(r.code, r.law, r.article, r.covers, tuple(r.categories))
            )
        return found

    def upsert(self, unit_id: int, basis: LegalBasis, by: str, at: datetime) -> bool:
        row = self.session.scalar(
            select(LegalOverrideRow).where(
                LegalOverrideRow.unit_id == unit_id, LegalOverrideRow.code == basis.code
            )
        )
        new = row is None
        if row is None:
            row = LegalOverrideRow(unit_id=unit_id, code=basis.code)
            self.session.add(row)
        row.law, row.article, row.covers = basis.law, basis.article, basis.covers
        row.categories = list(basis.categories)
        row.updated_by, row.updated_at = by, at
        self.session.flush()
        return new
