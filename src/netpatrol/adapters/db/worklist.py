"""SQLAlchemy storage of saved views."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from netpatrol.adapters.db.tables.worklist import SavedViewRow
from netpatrol.domain.views import SavedView


def _view(row: SavedViewRow) -> SavedView:
    return SavedView(row.username, row.name, dict(row.filters), row.created_at, row.id)


class SqlSavedViews:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, view: SavedView) -> SavedView:
        row = SavedViewRow(
            username=view.username, name=view.name, filters=view.filters, created_at=view.created_at
        )
        self.session.add(row)
        self.session.flush()
        view.id = row.id
        return view

    def for_user(self, username: str) -> list[SavedView]:
        stmt = select(SavedViewRow).where(SavedViewRow.username == username)
        return [_view(r) for r in self.session.scalars(stmt.order_by(SavedViewRow.name))]

    def get(self, view_id: int) -> SavedView | None:
        row = self.session.get(SavedViewRow, view_id)
        return _view(row) if row else None

    def delete(self, view_id: int) -> None:
        self.session.execute(delete(SavedViewRow).where(SavedViewRow.id == view_id))
