"""SQLAlchemy storage for the shared indicator store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netpatrol.adapters.db.patrol import KEY_CHUNK
from netpatrol.adapters.db.tables.core import IndicatorRow
from netpatrol.adapters.db.tables.indicators import IndicatorReportRow
from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.indicators import (
    FalsePositiveReport,
    KnownIndicator,
    ReportSource,
    ReviewState,
)
from netpatrol.services.ports import Conflict


class SqlIndicators:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, indicator: KnownIndicator) -> KnownIndicator:
        row = IndicatorRow(
            kind=indicator.kind,
            value=indicator.value,
            unit_id=indicator.unit_id,
            created_at=indicator.created_at,
            **self._values(indicator),
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError as exc:
            raise Conflict(f"{indicator.kind} {indicator.value} is already known") from exc
        indicator.id = row.id
        return indicator

    def get(self, indicator_id: int) -> KnownIndicator | None:
        row = self.session.get(IndicatorRow, indicator_id)
        return self._known([row])[0] if row is not None else None

    def update(self, indicator: KnownIndicator) -> None:
        values = self._values(indicator)
        self.session.execute(
            update(IndicatorRow).where(IndicatorRow.id == indicator.id).values(**values)
        )

    def all(self) -> list[KnownIndicator]:
        return self._known(self.session.scalars(select(IndicatorRow).order_by(IndicatorRow.id)))

    def with_values(self, values: Iterable[str]) -> list[KnownIndicator]:
        wanted = sorted(set(values))
        rows: list[IndicatorRow] = []
        for i in range(0, len(wanted), KEY_CHUNK):  # a patrol batch may name thousands
            chunk = wanted[i : i + KEY_CHUNK]
            rows += self.session.scalars(select(IndicatorRow).where(IndicatorRow.value.in_(chunk)))
        return self._known(sorted(rows, key=lambda r: r.id))

    def add_report(self, report: FalsePositiveReport) -> FalsePositiveReport:
        row = IndicatorReportRow(
            indicator_id=report.indicator_id,
            source=report.source.value,
            reporter=report.reporter,
            reason=report.reason,
            created_at=report.created_at,
        )
        self.session.add(row)
        self.session.flush()
        report.id = row.id
        return report

    def open_reports(self) -> list[FalsePositiveReport]:
        stmt = (
            select(IndicatorReportRow)
            .where(IndicatorReportRow.resolved_at.is_(None))
            .order_by(IndicatorReportRow.id)
        )
        return [
            FalsePositiveReport(
                r.indicator_id,
                ReportSource(r.source),
                r.reporter,
                r.reason,
                r.created_at,
                r.resolved_at,
                r.id,
            )
            for r in self.session.scalars(stmt)
        ]

    def resolve_reports(self, indicator_id: int, at: datetime) -> int:
        stmt = (
            update(IndicatorReportRow)
            .where(
                IndicatorReportRow.indicator_id == indicator_id,
                IndicatorReportRow.resolved_at.is_(None),
            )
            .values(resolved_at=at)
        )
        return int(getattr(self.session.execute(stmt), "rowcount", 0) or 0)

    @staticmethod
    def _values(i: KnownIndicator) -> dict[str, object]:
        return {
            "category": i.category.value,
            "sharing_level": i.sharing_level.value,
            "note": i.note,
            "review": i.review.value,
            "proposer": i.proposer,
            "reviewer": i.reviewer,
            "source_clue_id": i.source_clue_id,
            "source_report_id": i.source_report_id,
            "expires_at": i.expires_at,
            "updated_at": i.updated_at,
            "shown_as": i.shown_as,
        }

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
                ReviewState(r.review),
                r.proposer,
                r.reviewer,
                r.source_clue_id,
                r.source_report_id,
                r.expires_at,
                r.updated_at,
                r.shown_as,
            )
            for r in rows
        ]
