"""SQLAlchemy storage for posts and findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netpatrol.adapters.db import mapping
from netpatrol.adapters.db.tables.core import FindingRow, PostRow
from netpatrol.adapters.db.types import UTCDateTime
from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Post
from netpatrol.services.ports import Conflict

KEY_CHUNK = 400  # keeps IN lists under SQLite's bound-parameter limit


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
