"""SQLAlchemy storage for the audit chain (M11): appends written with Core in one
executemany a transaction, and the verifier's rows read in bulk."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any
from typing import cast as cast_type

from sqlalchemy import ColumnElement, String, Table, Text, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from netpatrol.adapters.db import mapping
from netpatrol.adapters.db.tables.core import AuditRow, CheckpointRow
from netpatrol.domain.audit import GENESIS_HASH, AuditEntry, ChainRow, Checkpoint

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
        """The whole chain in seq order, as stored: the time in AT_FORMAT and the JSON
        columns as their text, so nothing is parsed. The statement is built with Core and
        its rows read `batch` at a time straight from the driver's cursor (a server-side
        cursor on PostgreSQL): SQLAlchemy's row objects cost as much as the check itself."""
        self.flush()
        table = AuditRow.__table__
        postgres = self.session.get_bind().dialect.name == "postgresql"
        if postgres:
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
        connection = self.session.connection()
        sql = str(stmt.compile(connection, compile_kwargs={"literal_binds": True}))
        driver = connection.connection.driver_connection
        assert driver is not None
        # binary rows on PostgreSQL: the hashes arrive as bytes, not hex to decode
        cursor = driver.cursor(name="audit_chain", binary=True) if postgres else driver.cursor()
        try:  # a check that stops early closes the server-side cursor too
            cursor.execute(sql)
            while part := cursor.fetchmany(batch):
                yield from part
        finally:
            cursor.close()

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
