"""Tables of the partner-agency directory's edits and the links agencies answer through."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from netpatrol.adapters.db.tables.base import Base, IdType


class AgencyEditRow(Base):
    """A unit admin's version of a directory entry (or an entry added): it replaces the
    shipped one of the same code."""

    __tablename__ = "agency_edits"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    code: Mapped[str] = mapped_column(String(48), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    province: Mapped[str | None] = mapped_column(String(16), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(300))
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class ReferralTokenRow(Base):
    """The link a partner agency answers a referral through; only its digest is kept."""

    __tablename__ = "referral_tokens"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"), index=True)
