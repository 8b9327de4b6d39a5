"""Tables of indicator governance (M9): false-positive reports against shared indicators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netpatrol.adapters.db.tables.base import Base, IdType


class IndicatorReportRow(Base):
    """Someone, an officer or a member of the public, says an indicator is no scam."""

    __tablename__ = "indicator_reports"
    __table_args__ = (Index("ix_indicator_reports_open", "indicator_id", "resolved_at"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    source: Mapped[str] = mapped_column(String(16))
    reporter: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
