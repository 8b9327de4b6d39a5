"""SQLAlchemy storage for the shared indicator store."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netpatrol.adapters.db.patrol import KEY_CHUNK
from netpatrol.adapters.db.tables.core import IndicatorRow
from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.indicators import KnownIndicator
from netpatrol.services.ports import Conflict


class SqlIndicators:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, indicator: KnownIndicator) -> KnownIndicator:
        row = IndicatorRow(
            kind=indicator.kind,
            value=indicator.value,
            category=indicator.category.value,
            unit_id=indicator.unit_id,
            sharing_level=indicator.sharing_level.value,
            note=indicator.note,
            created_at=indicator.created_at,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError as exc:
            raise Conflict(f"{indicator.kind} {indicator.value} is already known") from exc
        indicator.id = row.id
        return indicator

    def all(self) -> list[KnownIndicator]:
        return self._known(self.session.scalars(select(IndicatorRow).order_by(IndicatorRow.id)))

    def with_values(self, values: Iterable[str]) -> list[KnownIndicator]:
        wanted = sorted(set(values))[:KEY_CHUNK]
        stmt = select(IndicatorRow).where(IndicatorRow.value.in_(wanted)).order_by(IndicatorRow.id)
        return self._known(self.session.scalars(stmt))

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
            )
            for r in rows
        ]
