"""Tables of spread clusters and checks (M6)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from netpatrol.adapters.db.tables.base import Base, IdType


class ClusterRow(Base):
    """A spread cluster (传播簇): the variants and reposts of one claim, and its spread."""

    __tablename__ = "spread_clusters"
    __table_args__ = (Index("ix_spread_clusters_watch", "status", "growth"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    sharing_level: Mapped[str] = mapped_column(String(16))
    first_post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    claim: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(16))
    posts: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    variants: Mapped[int] = mapped_column(Integer, default=0)
    reach: Mapped[int] = mapped_column(Integer, default=0)
    growth: Mapped[float] = mapped_column(Float, default=0.0)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    debunked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ClusterMemberRow(Base):
    """One post of a cluster: the first, a new variant (new wording) or a copy (a repost)."""

    __tablename__ = "cluster_members"
    __table_args__ = (
        UniqueConstraint("post_id"),
        Index("ix_cluster_members_series", "cluster_id", "posted_at"),
        Index("ix_cluster_members_wording", "cluster_id", "text_sha256"),
        # the cluster's clues, one index probe each (not a read of every member)
        Index("ix_cluster_members_clues", "cluster_id", "clue_id"),
    )
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("spread_clusters.id"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    clue_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    similarity: Mapped[float] = mapped_column(Float, default=1.0)
    text_sha256: Mapped[str] = mapped_column(String(64))
    posted_at: Mapped[datetime]
    reach: Mapped[int] = mapped_column(Integer, default=0)
    joined_at: Mapped[datetime]
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)  # MinHash, for new wordings


class ClusterHourRow(Base):
    """A cluster's posts counted by the hour they were posted, kept as members join, so its
    page draws the series from a few hundred rows however many posts it gathered."""

    __tablename__ = "cluster_hours"
    cluster_id: Mapped[int] = mapped_column(ForeignKey("spread_clusters.id"), primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True)
    posts: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    variants: Mapped[int] = mapped_column(Integer, default=0)
    reach: Mapped[int] = mapped_column(BigInteger, default=0)


class ClusterBandRow(Base):
    """The LSH band keys of a cluster's wordings: a post sharing one is a candidate variant."""

    __tablename__ = "cluster_bands"
    __table_args__ = (UniqueConstraint("member_id", "band"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("cluster_members.id"))
    band: Mapped[int] = mapped_column(Integer)
    key: Mapped[int] = mapped_column(BigInteger, index=True)


class RumourCheckRow(Base):
    """A check (核查) of a cluster's claim: sources consulted, verdict, reviewer, approver."""

    __tablename__ = "rumour_checks"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("spread_clusters.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    status: Mapped[str] = mapped_column(String(16))
    claim: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(default=list)
    verdict: Mapped[str | None] = mapped_column(String(16))
    conclusion: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(64))
    approver: Mapped[str | None] = mapped_column(String(64))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    reviewed_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
