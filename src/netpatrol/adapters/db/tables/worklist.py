"""Tables of the officer's worklist: saved views of the queue (保存的视图).

The search indexes (SQLite FTS5 tables, PostgreSQL trigram and full-text indexes) live
outside this metadata: they are dialect-specific, created by migration 0021, and named
`search_*` so that schema comparisons leave them out (see `migrate.include_object`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpatrol.adapters.db.tables.base import Base, IdType


class SavedViewRow(Base):
    """A named set of queue filters that one user keeps."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("username", "name"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(64))
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
