"""Tables of publications, their targets and the indicators they name (M8)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from netpatrol.adapters.db.tables.base import Base, IdType


class PublicationRow(Base):
    """What a unit publishes (发布): fraud alerts, typical-case bulletins, tips, debunks."""

    __tablename__ = "publications"
    __table_args__ = (Index("ix_publications_public", "status", "kind", "published_at"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    approver: Mapped[str | None] = mapped_column(String(64))
    publish_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("spread_clusters.id"), index=True)
    check_id: Mapped[int | None] = mapped_column(ForeignKey("rumour_checks.id"))
    source_clue_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PublicationTargetRow(Base):
    """One account on one channel a publication goes out on, and what the platform said."""

    __tablename__ = "publication_targets"
    __table_args__ = (UniqueConstraint("publication_id", "unit_id", "platform"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    platform: Mapped[str] = mapped_column(String(16))
    account: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(128))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None]
    reach: Mapped[int | None] = mapped_column(Integer)
    live: Mapped[bool | None] = mapped_column(Boolean)
    checked_at: Mapped[datetime | None]


class PublicationIndicatorRow(Base):
    """A phone, link or account a publication mentions, in canonical form (for lookups)."""

    __tablename__ = "publication_indicators"
    __table_args__ = (UniqueConstraint("publication_id", "kind", "value"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(256), index=True)
