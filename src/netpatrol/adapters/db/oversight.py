"""SQLAlchemy storage for the audit chain, and the dashboard's aggregates computed by the
database (M10); days are China days."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from datetime import datetime
from typing import Any
from typing import cast as cast_type

from sqlalchemy import ColumnElement, String, Table, Text, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from netpatrol.adapters.db import mapping, transparency
from netpatrol.adapters.db.tables.core import (
    AuditRow,
    CheckpointRow,
    ClueRow,
    FindingRow,
    MeasureRow,
    PostRow,
)
from netpatrol.domain.audit import GENESIS_HASH, AuditEntry, ChainRow, Checkpoint
from netpatrol.services.oversight.ports import MonthFacts


class SqlFigures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _day(self, column: Any) -> ColumnElement[Any]:
        if self.session.get_bind().dialect.name == "postgresql":
            return func.to_char(func.timezone("Asia/Shanghai", column), "YYYY-MM-DD")
        return func.date(column, "+8 hours")

    def findings_by_day(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, int]]:
        day = self._day(FindingRow.created_at)
        stmt = (
            select(day, FindingRow.category, func.count())
            .join(ClueRow, ClueRow.id == FindingRow.clue_id)
            .where(FindingRow.created_at >= since)
            .group_by(day, FindingRow.category)
            .order_by(day)
        )
        if unit_ids is not None:
            stmt = stmt.where(ClueRow.unit_id.in_(list(unit_ids)))
        return [(str(d), c, int(n)) for d, c, n in self.session.execute(stmt)]

    def measures_by_outcome(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, str, int]]:
        """(day of the last change, kind, status, count)."""
        day = self._day(MeasureRow.updated_at)
        stmt = (
            select(day, MeasureRow.kind, MeasureRow.status, func.count())
            .join(ClueRow, ClueRow.id == MeasureRow.clue_id)
            .where(MeasureRow.created_at >= since)
            .group_by(day, MeasureRow.kind, MeasureRow.status)
            .order_by(day)
        )
        if unit_ids is not None:
            stmt = stmt.where(ClueRow.unit_id.in_(list(unit_ids)))
        return [(str(d), k, s, int(n)) for d, k, s, n in self.session.execute(stmt)]

    def takedowns(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, float | None, str | None]]:
        """(platform, status, response hours) of each takedown notice."""
        stmt = (
            select(PostRow.platform, MeasureRow.status, MeasureRow.details)
            .join(ClueRow, ClueRow.id == MeasureRow.clue_id)
            .join(PostRow, PostRow.id == ClueRow.post_id)
            .where(MeasureRow.kind == "takedown", MeasureRow.created_at >= since)
        )
        if unit_ids is not None:
            stmt = stmt.where(ClueRow.unit_id.in_(list(unit_ids)))
        out = []
        for platform, status, details in self.session.execute(stmt):
            hours = (details or {}).get("response_hours")
            refusal = (details or {}).get("refusal_reason")
            out.append((platform, status, float(hours) if hours is not None else None, refusal))
        return out

    def month_facts(self, start: datetime, end: datetime) -> MonthFacts:
        return transparency.month_facts(self.session, start, end)

    def breaches_by_day(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, int]]:
        day = self._day(ClueRow.breached_at)
        stmt = (
            select(day, ClueRow.category, func.count())
            .where(ClueRow.breached_at.is_not(None), ClueRow.breached_at >= since)
            .group_by(day, ClueRow.category)
            .order_by(day)
        )
        if unit_ids is not None:
            stmt = stmt.where(ClueRow.unit_id.in_(list(unit_ids)))
        return [(str(d), c, int(n)) for d, c, n in self.session.execute(stmt)]


AUDIT_LOCK_KEY = 0x6E7061  # the advisory lock that serialises appends to the audit chain
CHAIN_COLUMNS = tuple(
    AuditRow.__table__.c[name]
    for name in ("seq", "prev_hash", "hash", "actor", "action", "subject_type", "subject_id")
)


class SqlAudit:
    """The chain in SQL. Appended entries wait in memory and go in together, sealed and
    written with one Core executemany, when the unit of work commits (or before a read of
    the log): the advisory lock that serialises appenders is then held from that write to
    the commit, not through the whole transaction."""

    def __init__(self, session: Session, key: bytes) -> None:
        self.session = session
        self.key = key
        self._head: bytes | None = None
        self._pending: list[AuditEntry] = []

    def _last_hash(self) -> bytes:
        if self._head is None:
            if self.session.get_bind().dialect.name == "postgresql":
                # one appender at a time across processes, until this transaction ends
                self.session.execute(select(func.pg_advisory_xact_lock(AUDIT_LOCK_KEY)))
            stmt = select(AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
            self._head = self.session.scalar(stmt) or GENESIS_HASH
        return self._head

    def append(self, entry: AuditEntry) -> AuditEntry:
        """Queue the entry; it is sealed onto the chain by `flush` (at the latest, when the
        unit of work commits)."""
        self._pending.append(entry)
        return entry

    def flush(self) -> None:
        """Seal the queued entries onto the head and insert them in one executemany."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        head = self._last_hash()
        for entry in pending:
            entry.seal(head, self.key)
            head = entry.hash
        table = cast_type(Table, AuditRow.__table__)
        self.session.execute(table.insert(), [mapping.audit_values(e) for e in pending])
        self._head = head

    def forget_head(self) -> None:
        """After a commit or rollback the cached head may be stale or name an entry that
        was never stored; queued entries of a rolled-back transaction are dropped."""
        self._head = None
        self._pending = []

    def ends(self) -> tuple[bytes, int, bytes]:
        """(hash of the first entry, seq and hash of the last); empty bytes when empty."""
        self.flush()
        first = self.session.scalar(select(AuditRow.hash).order_by(AuditRow.seq).limit(1))
        last = self.session.execute(
            select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
        ).first()
        if first is None or last is None:
            return b"", 0, GENESIS_HASH
        return first, int(last[0]), last[1]

    def rows(self, batch: int) -> Generator[ChainRow, None, None]:
        """The whole chain in seq order, streamed through Core in batches, as stored: the
        time in AT_FORMAT and the JSON columns as their text, so nothing is parsed."""
        self.flush()
        table = AuditRow.__table__
        if self.session.get_bind().dialect.name == "postgresql":
            utc = func.timezone("UTC", table.c.at)
            at: ColumnElement[Any] = func.to_char(utc, "YYYY-MM-DD HH24:MI:SS.US")
        else:
            at = type_coerce(table.c.at, String)
        stmt = select(
            *CHAIN_COLUMNS,
            at,
            table.c.unit_id,
            func.coalesce(cast(table.c.before, Text), "null"),
            func.coalesce(cast(table.c.after, Text), "null"),
            table.c.reason,
        ).order_by(table.c.seq)
        result = self.session.connection().execute(
            stmt, execution_options={"stream_results": True, "max_row_buffer": batch}
        )
        with result:  # a check that stops early closes the server-side cursor too
            for part in result.partitions(batch):
                yield from part

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        self.session.add(
            CheckpointRow(
                seq=checkpoint.seq,
                head=checkpoint.head,
                at=checkpoint.at,
                signature=checkpoint.signature,
                key_id=checkpoint.key_id,
            )
        )

    def checkpoints(self) -> list[Checkpoint]:
        stmt = select(CheckpointRow).order_by(CheckpointRow.seq)
        return [
            Checkpoint(r.seq, r.head, r.at, r.signature, r.key_id)
            for r in self.session.scalars(stmt)
        ]

    def entries(self, after_seq: int = 0, limit: int | None = None) -> list[AuditEntry]:
        self.flush()
        stmt = select(AuditRow).where(AuditRow.seq > after_seq).order_by(AuditRow.seq)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [mapping.audit_from_row(r) for r in self.session.scalars(stmt)]

    def recent(
        self, unit_ids: Sequence[int] | None, action: str, actor: str, before_seq: int, limit: int
    ) -> list[AuditEntry]:
        self.flush()
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

    def page_for_subjects(
        self, subjects: Sequence[tuple[str, str]], before_seq: int, limit: int, skip: str = ""
    ) -> list[AuditEntry]:
        self.flush()
        found: list[AuditEntry] = []
        for subject_type, subject_id in subjects:  # one index range each, newest first
            stmt = select(AuditRow).where(
                AuditRow.subject_type == subject_type, AuditRow.subject_id == subject_id
            )
            if before_seq:
                stmt = stmt.where(AuditRow.seq < before_seq)
            if skip:
                stmt = stmt.where(AuditRow.action.not_like(f"%{skip}"))
            stmt = stmt.order_by(AuditRow.seq.desc()).limit(limit)
            found += [mapping.audit_from_row(r) for r in self.session.scalars(stmt)]
        found.sort(key=lambda e: -(e.seq or 0))
        return found[:limit]

    def for_subject(self, subject_type: str, subject_id: str) -> list[AuditEntry]:
        self.flush()
        stmt = (
            select(AuditRow)
            .where(AuditRow.subject_type == subject_type, AuditRow.subject_id == subject_id)
            .order_by(AuditRow.seq)
        )
        return [mapping.audit_from_row(r) for r in self.session.scalars(stmt)]
