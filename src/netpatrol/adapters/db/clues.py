"""SQLAlchemy storage for clues and their evidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, false, func, not_, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from netpatrol.adapters.db import mapping
from netpatrol.adapters.db.bulk import json_rows, json_rows_insert
from netpatrol.adapters.db.patrol import KEY_CHUNK, insert_ignoring_conflicts
from netpatrol.adapters.db.search import visible
from netpatrol.adapters.db.tables.core import ClueKeyRow, ClueRow, EvidenceRow, PostRow
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.services.clues.ports import ClueQuery

# one advisory lock a key (its 64-bit hash), taken in sorted order by the one statement
_LOCK_KEYS = text(
    "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(key, 7) AS k "
    "FROM unnest(CAST(:keys AS text[])) AS key ORDER BY k) AS ordered"
)


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

    def update_many(self, clues: Sequence[Clue]) -> None:
        """One executemany UPDATE through Core, not a load and a flush a clue."""
        if not clues:
            return
        self.session.flush()  # nothing of the ORM's left to write over these rows later
        table = cast(Table, ClueRow.__table__)
        stmt = table.update().where(table.c.id == bindparam("clue_id"))
        rows = [{"clue_id": c.id, **mapping.clue_state(c)} for c in clues]
        self.session.execute(stmt, rows)
        for clue in clues:  # a row the session holds must not keep the state it replaced
            held = self.session.identity_map.get(identity_key(ClueRow, clue.id))
            if held is not None:
                self.session.expire(held)

    def _queue_select(self, query: ClueQuery, stmt: Select[Any]) -> Select[Any]:
        if query.unit_ids is not None:
            stmt = stmt.where(ClueRow.unit_id.in_(list(query.unit_ids)))
        seen = query.visibility
        stmt = stmt.where(visible(seen, ClueRow.unit_id, ClueRow.sharing_level))
        if query.own_units is not None and seen is not None:
            if seen.own is not None:
                own = ClueRow.unit_id.in_(list(seen.own))
                stmt = stmt.where(own if query.own_units else not_(own))
            elif not query.own_units:  # every unit is the reader's own: nothing is shared
                stmt = stmt.where(false())
        if query.unclaimed:
            stmt = stmt.where(ClueRow.assignee.is_(None))
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
        return stmt

    def count_queue(self, query: ClueQuery) -> int:
        stmt = self._queue_select(query, select(func.count()).select_from(ClueRow))
        return self.session.scalar(stmt) or 0

    def queue(self, query: ClueQuery, limit: int, offset: int) -> list[Clue]:
        stmt = self._queue_select(query, select(ClueRow))
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

    def _wait_for_writers_of(self, keys: list[str]) -> None:
        """On PostgreSQL, a writer that looks for open clues by a key waits here while
        another transaction that looked by the same key is still open: without this, two
        writers would each find none and each open a clue for one key. The locks are the
        transaction's own (released at its end) and taken in one order, sorted."""
        if not keys or self.session.get_bind().dialect.name != "postgresql":
            return
        self.session.execute(_LOCK_KEYS, {"keys": keys})

    def open_by_keys(self, keys: Iterable[str]) -> list[Clue]:
        found = self.open_by_each_key(keys)
        clues = {clue.id or 0: clue for listed in found.values() for clue in listed}
        return [clues[i] for i in sorted(clues)]

    def open_by_each_key(self, keys: Iterable[str]) -> dict[str, list[Clue]]:
        """The open clues that hold each key. Two look-ups, each by its own index: the keys'
        clues (by key), then which of those are open (by id). Asked for more than a few
        keys or ids, SQLite's planner (without statistics) preferred to start from the open
        clues, through the index that leads with status, and read every open clue at every
        batch: at 300,000 posts, 165 ms of a batch's 420."""
        wanted = list(set(keys))
        self._wait_for_writers_of(wanted)
        holders: dict[int, set[str]] = {}
        for i in range(0, len(wanted), KEY_CHUNK):
            stmt = select(ClueKeyRow.key, ClueKeyRow.clue_id).where(
                ClueKeyRow.key.in_(wanted[i : i + KEY_CHUNK])
            )
            for key, clue_id in self.session.execute(stmt):
                holders.setdefault(clue_id, set()).add(key)
        ids = sorted(holders)
        open_ = [ClueStatus.OPEN.value, ClueStatus.CLAIMED.value]
        # `status || ''` cannot use an index: the clues are found by id, never by status
        status = ClueRow.status.concat("")
        clues: dict[int, Clue] = {}
        for i in range(0, len(ids), KEY_CHUNK):
            rows = self.session.scalars(
                select(ClueRow).where(ClueRow.id.in_(ids[i : i + KEY_CHUNK]), status.in_(open_))
            )
            clues.update((row.id, mapping.clue_from_row(row)) for row in rows)
        out: dict[str, list[Clue]] = {}
        for clue_id in sorted(clues):
            for key in holders[clue_id]:
                out.setdefault(key, []).append(clues[clue_id])
        return out

    def past_due(self, now: datetime, limit: int) -> list[Clue]:
        stmt = (
            select(ClueRow)
            .where(ClueRow.status.in_([ClueStatus.OPEN.value, ClueStatus.CLAIMED.value]))
            .where(ClueRow.due_at < now, ClueRow.breached_at.is_(None))
            .order_by(ClueRow.due_at, ClueRow.id)
            .limit(limit)
        )
        return [mapping.clue_from_row(r) for r in self.session.scalars(stmt)]

    def changed_since(self, query: ClueQuery, since: datetime, limit: int) -> list[Clue]:
        stmt = self._queue_select(query, select(ClueRow)).where(
            or_(ClueRow.updated_at >= since, ClueRow.breached_at >= since)
        )
        rows = self.session.scalars(stmt.order_by(ClueRow.updated_at, ClueRow.id).limit(limit))
        return [mapping.clue_from_row(r) for r in rows]

    def count_with_key(self, key: str) -> int:
        stmt = select(func.count()).select_from(ClueKeyRow).where(ClueKeyRow.key == key)
        return self.session.scalar(stmt) or 0

    def add_keys(self, clue_id: int, keys: Iterable[str]) -> None:
        """The keys the clue does not hold yet, skipped by its unique index rather than by
        reading every key of the clue first (a big rumour's clue holds thousands)."""
        rows = [{"clue_id": clue_id, "key": key} for key in sorted(set(keys))]
        if rows:
            self.session.execute(
                insert_ignoring_conflicts(self.session, ClueKeyRow.__table__), rows
            )

    def add_keys_many(self, keys_of: Mapping[int, Iterable[str]]) -> None:
        rows = [
            {"clue_id": clue_id, "key": key}
            for clue_id, keys in keys_of.items()
            for key in sorted(set(keys))
        ]
        if not rows:
            return
        table = cast(Table, ClueKeyRow.__table__)
        dialect = self.session.get_bind().dialect
        if dialect.name == "postgresql":
            columns = ["clue_id", "key"]
            stmt = json_rows_insert(table, columns, dialect, ignore_conflicts=True)
            self.session.execute(stmt, json_rows(rows))
            return
        for i in range(0, len(rows), KEY_CHUNK):
            self.session.execute(
                insert_ignoring_conflicts(self.session, table), rows[i : i + KEY_CHUNK]
            )


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
