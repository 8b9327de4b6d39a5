"""SQLAlchemy storage for posts and findings, written with Core inserts in bulk: an ORM
flush per row cost most of a large patrol's time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Insert, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from netpatrol.adapters.db import mapping, partitions
from netpatrol.adapters.db.bulk import json_rows, json_rows_insert
from netpatrol.adapters.db.tables.core import FindingRow, PostRow
from netpatrol.adapters.db.types import UTCDateTime
from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Post
from netpatrol.services.ports import Conflict

KEY_CHUNK = 400  # keeps IN lists under SQLite's bound-parameter limit


def insert_ignoring_conflicts(session: Session, table: Any) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING in the session's dialect: a row already stored
    (by an earlier batch or another writer) is skipped by the unique index itself, at the
    same cost however large the table grows."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


class SqlPosts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_new(self, posts: Sequence[Post]) -> list[Post]:
        now = datetime.now(UTC)
        firsts = list({p.key: p for p in reversed(posts)}.values())[::-1]
        dialect = self.session.get_bind().dialect
        if dialect.name == "postgresql" and firsts:
            return self._add_new_pg(firsts, now)
        stmt = insert_ignoring_conflicts(self.session, PostRow.__table__).returning(
            PostRow.id, PostRow.platform, PostRow.external_id
        )
        ids: dict[tuple[str, str], int] = {}
        for i in range(0, len(firsts), KEY_CHUNK):
            rows = [mapping.post_values(p, now) for p in firsts[i : i + KEY_CHUNK]]
            ids.update(((pl, ex), pk) for pk, pl, ex in self.session.execute(stmt, rows))
        fresh = [p for p in firsts if p.key in ids]
        for post in fresh:
            post.id = ids[post.key]
        return fresh

    def _add_new_pg(self, firsts: Sequence[Post], now: datetime) -> list[Post]:
        table = cast(Table, PostRow.__table__)
        dialect = self.session.get_bind().dialect
        rows = [mapping.post_values(p, now) for p in firsts]
        columns = list(rows[0])
        stmt = json_rows_insert(
            table,
            columns,
            dialect,
            returning=("id", "platform", "external_id"),
            ignore_conflicts=True,
            computed={"id": partitions.post_id_sql()},  # the id carries the post's month
        )
        stored = self.session.execute(stmt, json_rows(rows))
        ids = {(pl, ex): pk for pk, pl, ex in stored}
        fresh = [p for p in firsts if p.key in ids]
        for post in fresh:
            post.id = ids[post.key]
        return fresh

    def add_many(self, posts: Sequence[Post]) -> None:
        if len(self.add_new(posts)) != len(posts):
            raise Conflict("another writer stored one of these posts first")

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
        if not findings:
            return
        table = cast(Table, FindingRow.__table__)
        dialect = self.session.get_bind().dialect
        if dialect.name == "postgresql":
            values = [mapping.finding_values(f) for f in findings]
            columns = list(values[0])
            stmt_pg = json_rows_insert(table, columns, dialect, returning=("id",), in_order=True)
            result = self.session.execute(stmt_pg, json_rows(values))
            ids = sorted(pk for (pk,) in result)  # inserted in order: the keys ascend with it
            for finding, pk in zip(findings, ids, strict=True):
                finding.id = pk
            return
        stmt = (
            cast(Table, FindingRow.__table__)
            .insert()
            .returning(FindingRow.id, sort_by_parameter_order=True)
        )
        rows = [mapping.finding_values(f) for f in findings]
        for finding, (pk,) in zip(findings, self.session.execute(stmt, rows), strict=True):
            finding.id = pk

    def page_for_clue(self, clue_id: int, before_id: int, limit: int) -> list[Finding]:
        stmt = select(FindingRow).where(FindingRow.clue_id == clue_id)
        if before_id:
            stmt = stmt.where(FindingRow.id < before_id)
        stmt = stmt.order_by(FindingRow.id.desc()).limit(limit)
        return [mapping.finding_from_row(r) for r in self.session.scalars(stmt)]

    def for_post(self, post_id: int) -> list[Finding]:
        stmt = select(FindingRow).where(FindingRow.post_id == post_id).order_by(FindingRow.id)
        return [mapping.finding_from_row(r) for r in self.session.scalars(stmt)]

    def for_clue(self, clue_id: int) -> list[Finding]:
        stmt = select(FindingRow).where(FindingRow.clue_id == clue_id).order_by(FindingRow.id)
        return [mapping.finding_from_row(r) for r in self.session.scalars(stmt)]

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(FindingRow)) or 0
