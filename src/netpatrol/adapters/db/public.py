"""SQLAlchemy storage for public reports and volunteers (a screenshot is kept as an
evidence item of the report's clue)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netpatrol.adapters.db.tables.core import ReportRow, VolunteerRow
from netpatrol.domain.categories import Category
from netpatrol.domain.reports import Report, Volunteer

REPORT_FIELDS = (
    "receipt_sha256",
    "text",
    "link",
    "created_at",
    "client_key",
    "contact_sealed",
    "region",
    "clue_id",
    "volunteer_id",
    "screenshot_sha256",
    "screenshot_type",
    "folded",
)


def _report(row: ReportRow) -> Report:
    values = {name: getattr(row, name) for name in REPORT_FIELDS}
    return Report(category=Category(row.category), id=row.id, **values)


class SqlReports:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, report: Report) -> Report:
        row = ReportRow(category=report.category.value)
        for name in REPORT_FIELDS:
            setattr(row, name, getattr(report, name))
        self.session.add(row)
        self.session.flush()
        report.id = row.id
        return report

    def get(self, report_id: int) -> Report | None:
        row = self.session.get(ReportRow, report_id)
        return _report(row) if row else None

    def by_receipt(self, receipt_sha256: str) -> Report | None:
        stmt = select(ReportRow).where(ReportRow.receipt_sha256 == receipt_sha256)
        row = self.session.scalar(stmt)
        return _report(row) if row else None

    def count_since(self, client_key: str, since: datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(ReportRow)
            .where(ReportRow.client_key == client_key, ReportRow.created_at >= since)
        )
        return self.session.scalar(stmt) or 0

    def for_clue(self, clue_id: int) -> list[Report]:
        stmt = select(ReportRow).where(ReportRow.clue_id == clue_id).order_by(ReportRow.id)
        return [_report(r) for r in self.session.scalars(stmt)]

    def for_volunteer(self, volunteer_id: int) -> list[Report]:
        stmt = (
            select(ReportRow)
            .where(ReportRow.volunteer_id == volunteer_id)
            .order_by(ReportRow.id.desc())
        )
        return [_report(r) for r in self.session.scalars(stmt)]


def _volunteer(row: VolunteerRow) -> Volunteer:
    return Volunteer(
        nickname=row.nickname,
        key_sha256=row.key_sha256,
        unit_id=row.unit_id,
        created_at=row.created_at,
        contact_sealed=row.contact_sealed,
        id=row.id,
    )


class SqlVolunteers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, volunteer: Volunteer) -> Volunteer:
        row = VolunteerRow(
            nickname=volunteer.nickname,
            key_sha256=volunteer.key_sha256,
            unit_id=volunteer.unit_id,
            contact_sealed=volunteer.contact_sealed,
            created_at=volunteer.created_at,
        )
        self.session.add(row)
        self.session.flush()
        volunteer.id = row.id
        return volunteer

    def get(self, volunteer_id: int) -> Volunteer | None:
        row = self.session.get(VolunteerRow, volunteer_id)
        return _volunteer(row) if row else None

    def by_key(self, key_sha256: str) -> Volunteer | None:
        row = self.session.scalar(select(VolunteerRow).where(VolunteerRow.key_sha256 == key_sha256))
        return _volunteer(row) if row else None
