"""Nonces of signed calls from platforms, kept for the time window that makes a copy of a
call stale (services/signing)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from netpatrol.adapters.db.tables.base import Base


class SpentNonceRow(Base):
    """One nonce a platform signed a call with; a second call with it is a replay."""

    __tablename__ = "spent_nonces"
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)
