"""Retention in SQL: each class's candidates (never under legal hold) and its end action."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, and_, delete, exists, func, not_, or_, select, update
from sqlalchemy.orm import Session, aliased

from netpatrol.adapters.db import partitions
from netpatrol.adapters.db.tables.core import (
    AuditRow,
    ClueKeyRow,
    ClueRow,
    EvidenceRow,
    FindingRow,
    MeasureRow,
    PostRow,
    ReportRow,
    SessionRow,
    VolunteerRow,
)
from netpatrol.adapters.db.tables.inbox import InboxMessageRow
from netpatrol.domain.retention import DataClass

# the classes kept in a table PostgreSQL partitions by month
PARTITIONED_CLASSES = {DataClass.INBOX: "inbox_messages"}

OPEN_CASE = ("proposed", "approved")
PSEUDONYM = "p:"


def _open_case(clue_id: Any) -> Any:
    return exists().where(
        MeasureRow.clue_id == clue_id, MeasureRow.kind == "case", MeasureRow.status.in_(OPEN_CASE)
    )


def _unactioned_closed(clue: Any, cutoff: datetime) -> Any:
    acted = exists().where(MeasureRow.clue_id == clue.id, MeasureRow.kind != "dismissal")
    return and_(clue.status == "closed", clue.updated_at < cutoff, not_(acted))


class SqlRetention:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _candidates(self, data: DataClass, cutoff: datetime, hold: bool) -> Select[Any]:
        if data is DataClass.DISMISSED_POSTS:
            ours, other = aliased(ClueRow), aliased(ClueRow)
            found = aliased(FindingRow)
            closed = (
                exists()
                .where(FindingRow.post_id == PostRow.id, FindingRow.clue_id == ours.id)
                .where(_unactioned_closed(ours, cutoff))
            )
            # a post that any other clue still needs keeps its text
            needed = (
                exists()
                .where(found.post_id == PostRow.id, found.clue_id == other.id)
                .where(not_(_unactioned_closed(other, cutoff)))
            )
            treated = PostRow.author_id.startswith(PSEUDONYM)
            return select(PostRow.id).where(closed, not_(needed), not_(treated))
        if data is DataClass.REPORTER_CONTACTS:
            stmt = select(ReportRow.id).where(
                ReportRow.contact_sealed != "", ReportRow.created_at < cutoff
            )
            return stmt.where(not_(_open_case(ReportRow.clue_id))) if hold else stmt
        if data is DataClass.VOLUNTEERS:
            recent = exists().where(
                ReportRow.volunteer_id == VolunteerRow.id, ReportRow.created_at >= cutoff
            )
            return select(VolunteerRow.id).where(
                VolunteerRow.created_at < cutoff,
                not_(recent),
                or_(VolunteerRow.nickname != "", VolunteerRow.contact_sealed != ""),
            )
        if data is DataClass.SESSIONS:
            return select(SessionRow.id).where(SessionRow.expires_at < cutoff)
        if data is DataClass.EVIDENCE:
            stmt = (
                select(EvidenceRow.id)
                .join(ClueRow, ClueRow.id == EvidenceRow.clue_id)
                .where(ClueRow.updated_at < cutoff)
            )
            return stmt.where(not_(_open_case(ClueRow.id))) if hold else stmt
        if data is DataClass.INBOX:
            stmt = select(InboxMessageRow.id).where(InboxMessageRow.received_at < cutoff)
            return stmt.where(not_(_open_case(InboxMessageRow.clue_id))) if hold else stmt
        return select(AuditRow.seq).where(AuditRow.at < cutoff)

    def due(
        self,
        data: DataClass,
        cutoff: datetime,
        hold: bool,
        limit: int,
        after: int | None = None,
    ) -> list[int]:
        stmt = self._candidates(data, cutoff, hold)
        key = stmt.selected_columns[0]
        stmt = (stmt if after is None else stmt.where(key > after)).order_by(key)
        return [int(i) for i in self.session.scalars(stmt.limit(limit))]

    def count_due(self, data: DataClass, cutoff: datetime, hold: bool) -> int:
        found = self._candidates(data, cutoff, hold).subquery()
        return int(self.session.scalar(select(func.count()).select_from(found)) or 0)

    def drop_months(self, data: DataClass, cutoff: datetime, hold: bool) -> tuple[int, list[str]]:
        table = PARTITIONED_CLASSES.get(data)
        conn = self.session.connection()
        if table is None or not partitions.is_partitioned(conn, table):
            return 0, []
        rows, dropped = 0, []
        column = InboxMessageRow.received_at
        for month in sorted(partitions.existing_months(conn, table)):
            after = partitions.next_month(month)
            end = datetime(after.year, after.month, 1, tzinfo=UTC)
            if end > cutoff:
                break
            start = datetime(month.year, month.month, 1, tzinfo=UTC)
            inside = select(InboxMessageRow.id).where(column >= start, column < end)
            if hold and self.session.scalar(
                inside.where(_open_case(InboxMessageRow.clue_id)).limit(1)
            ):
                continue  # a month with a held message is treated row by row
            counted = select(func.count()).select_from(inside.subquery())
            rows += int(self.session.scalar(counted) or 0)
            partitions.drop_month(conn, table, month)
            dropped.append(partitions.month_name(table, month))
        return rows, dropped

    def apply(self, data: DataClass, ids: Sequence[int], pseudonym: Callable[[str], str]) -> int:
        chosen = list(ids)
        if data is DataClass.DISMISSED_POSTS:
            return self._pseudonymise_posts(chosen, pseudonym)
        if data is DataClass.REPORTER_CONTACTS:
            stmt: Any = update(ReportRow).where(ReportRow.id.in_(chosen)).values(contact_sealed="")
        elif data is DataClass.VOLUNTEERS:
            stmt = (
                update(VolunteerRow)
                .where(VolunteerRow.id.in_(chosen))
                .values(nickname="", contact_sealed="")
            )
        elif data is DataClass.SESSIONS:
            stmt = delete(SessionRow).where(SessionRow.id.in_(chosen))
        elif data is DataClass.EVIDENCE:
            stmt = delete(EvidenceRow).where(EvidenceRow.id.in_(chosen))
        elif data is DataClass.INBOX:
            stmt = delete(InboxMessageRow).where(InboxMessageRow.id.in_(chosen))
        else:
            raise ValueError(f"{data} is never removed")
        self.session.execute(stmt, execution_options={"synchronize_session": False})
        return len(chosen)

    def _pseudonymise_posts(self, ids: list[int], pseudonym: Callable[[str], str]) -> int:
        rows = self.session.execute(
            select(PostRow.id, PostRow.platform, PostRow.author_id).where(PostRow.id.in_(ids))
        ).all()
        clues = select(FindingRow.clue_id).where(FindingRow.post_id.in_(ids))
        for post_id, platform, author in rows:
            alias = PSEUDONYM + pseudonym(f"{platform}:{author}")
            self.session.execute(
                update(PostRow)
                .where(PostRow.id == post_id)
                .values(text="", author_name="", author_id=alias, links=[], extra={}),
                execution_options={"synchronize_session": False},
            )
            self.session.execute(
                update(ClueKeyRow)
                .where(ClueKeyRow.key == f"author:{platform}:{author}")
                .where(ClueKeyRow.clue_id.in_(clues))
                .values(key=f"author:{platform}:{alias}"),
                execution_options={"synchronize_session": False},
            )
        self.session.execute(
            delete(EvidenceRow).where(EvidenceRow.clue_id.in_(clues)),
            execution_options={"synchronize_session": False},
        )
        return len(rows)
