"""SQL storage of the agency directory's edits and referral links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from netpatrol.adapters.db.tables.agencies import AgencyEditRow, ReferralTokenRow
from netpatrol.domain.agencies import Agency, AgencyKind, Channel


class SqlAgencies:
    def __init__(self, session: Session) -> None:
        self.session = session

    def edits(self) -> list[Agency]:
        rows = self.session.scalars(select(AgencyEditRow).order_by(AgencyEditRow.id))
        return [
            Agency(r.code, r.name, AgencyKind(r.kind), r.province, Channel(r.channel), r.address)
            for r in rows
        ]

    def upsert(self, agency: Agency, by: str, at: datetime) -> bool:
        row = self.session.scalar(select(AgencyEditRow).where(AgencyEditRow.code == agency.code))
        new = row is None
        if row is None:
            row = AgencyEditRow(code=agency.code)
            self.session.add(row)
        row.name, row.kind, row.province = agency.name, agency.kind.value, agency.province
        row.channel, row.address = agency.channel.value, agency.address
        row.updated_by, row.updated_at = by, at
        self.session.flush()
        return new

    def add_token(self, measure_id: int, token_sha256: str) -> None:
        self.session.add(ReferralTokenRow(token_sha256=token_sha256, measure_id=measure_id))
        self.session.flush()

    def by_token(self, token_sha256: str) -> int | None:
        return self.session.scalar(
            select(ReferralTokenRow.measure_id).where(ReferralTokenRow.token_sha256 == token_sha256)
        )
