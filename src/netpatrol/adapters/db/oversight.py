"""The dashboard's aggregates computed by the database (M10); days are China days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from netpatrol.adapters.db import transparency
from netpatrol.adapters.db.tables.core import (
    ClueRow,
    FindingRow,
    MeasureRow,
    PostRow,
)
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
