"""Tables of the patrol, clues, measures, accounts, audit and the public side."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
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


class UnitRow(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(128), default="")
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    region_codes: Mapped[list[Any]] = mapped_column(default=list)
    among_first_50: Mapped[bool] = mapped_column(Boolean, default=False)
    channel_accounts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PostRow(Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    author_id: Mapped[str] = mapped_column(String(128))
    author_name: Mapped[str] = mapped_column(String(128))
    author_region: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)
    links: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    reposts: Mapped[int] = mapped_column(Integer, default=0)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    parent_external_id: Mapped[str | None] = mapped_column(String(128))
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ingested_at: Mapped[datetime]


class ClueRow(Base):
    __tablename__ = "clues"
    __table_args__ = (
        Index("ix_clues_queue", "unit_id", "status", "severity_rank"),
        # the live queue asks every few seconds what changed since its cursor
        Index("ix_clues_updated_at", "updated_at"),
    )
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    severity_rank: Mapped[int] = mapped_column(Integer)
    reach: Mapped[int] = mapped_column(Integer, default=0)
    growth: Mapped[float] = mapped_column(Float, default=0.0)
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(16))
    sharing_level: Mapped[str] = mapped_column(String(16))
    assignee: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    breached_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


QUEUE_ORDER = (
    ClueRow.severity_rank.desc(),
    ClueRow.priority.desc(),
    ClueRow.growth.desc(),
    ClueRow.reach.desc(),
    ClueRow.created_at,
    ClueRow.id,
)
# the queue's sort in its own order, ties included: the top 100 read off the index, unsorted
Index("ix_clues_queue_order", *QUEUE_ORDER)
# a tab (a status, and unclaimed or one officer's) in the queue's order, and counted
# from the index alone
Index("ix_clues_tabs", ClueRow.status, ClueRow.assignee, *QUEUE_ORDER)


class ClueKeyRow(Base):
    """What a clue is about (a post, an author, an indicator, a cluster): findings that
    share a key with an open clue merge into it."""

    __tablename__ = "clue_keys"
    __table_args__ = (UniqueConstraint("clue_id", "key"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"))
    key: Mapped[str] = mapped_column(String(300), index=True)


class LegalOverrideRow(Base):
    """A unit's own version of a legal-basis entry (or an entry it adds); it applies to the
    unit and the units below it, over the shipped catalogue."""

    __tablename__ = "legal_overrides"
    __table_args__ = (UniqueConstraint("unit_id", "code"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    code: Mapped[str] = mapped_column(String(32))
    law: Mapped[str] = mapped_column(String(200))
    article: Mapped[str] = mapped_column(String(100))
    covers: Mapped[str] = mapped_column(Text)
    categories: Mapped[list[Any]] = mapped_column(default=list)
    measures: Mapped[list[Any]] = mapped_column(default=list)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class ReplyTokenRow(Base):
    """The link a warning's recipient answers through; only the token's digest is kept."""

    __tablename__ = "reply_tokens"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"), index=True)


class EvidenceRow(Base):
    """Append-only captures of content, each with its SHA-256 digest."""

    __tablename__ = "evidence_items"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(64))
    captured_by: Mapped[str] = mapped_column(String(64))


class FindingRow(Base):
    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_clue_page", "clue_id", "id"),)  # a clue's latest
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    clue_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    severity: Mapped[str] = mapped_column(String(16))
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    detector: Mapped[str] = mapped_column(String(255))
    detector_version: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]


class MeasureRow(Base):
    __tablename__ = "measures"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    legal_bases: Mapped[list[Any]] = mapped_column()
    actor: Mapped[str] = mapped_column(String(64))
    approver: Mapped[str | None] = mapped_column(String(64))
    recipient: Mapped[str | None] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[datetime | None]
    channel_message_id: Mapped[str | None] = mapped_column(String(128))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class IndicatorRow(Base):
    """Shared indicator store (M9): known scam numbers, domains, accounts."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("kind", "value", "unit_id"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(256), index=True)
    category: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    sharing_level: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    # governance (migration 0020): who proposed and reviewed it, from where, until when
    review: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    proposer: Mapped[str] = mapped_column(String(64), default="")
    reviewer: Mapped[str | None] = mapped_column(String(64))
    source_clue_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"))
    source_report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    shown_as: Mapped[str] = mapped_column(String(256), default="")
    expires_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]


class ChannelMessageRow(Base):
    """Messages the platform sent out through a channel (private messages, notices)."""

    __tablename__ = "channel_messages"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    platform: Mapped[str] = mapped_column(String(16))
    sender_account: Mapped[str] = mapped_column(String(128))
    recipient: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    subject: Mapped[str | None] = mapped_column(String(128))  # the post a notice is about
    external_ref: Mapped[str | None] = mapped_column(String(128))  # the platform's id for it
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None]


class AuditRow(Base):
    """Append-only; prev_hash is unique, so two writers can never fork the chain. Hashes
    are 32 raw bytes (HMAC-SHA-256 under the audit key)."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_subject", "subject_type", "subject_id", "seq"),)
    seq: Mapped[int] = mapped_column(IdType, primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)


class CheckpointRow(Base):
    """Signed checkpoints of the audit chain (Ed25519 over seq and head hash); a copy of
    each is also written to the checkpoint directory, outside the database."""

    __tablename__ = "audit_checkpoints"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    seq: Mapped[int] = mapped_column(IdType, unique=True)
    head: Mapped[bytes] = mapped_column(LargeBinary(32))
    at: Mapped[datetime]
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    key_id: Mapped[str] = mapped_column(String(64), default="")


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(16), default="zh_CN")
    created_at: Mapped[datetime]


class SessionRow(Base):
    """A signed-in browser or an API token: only the SHA-256 of the secret is kept."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class ReportRow(Base):
    """A report from the public; the receipt code and the contact are never stored plain."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_client_time", "client_key", "created_at"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    receipt_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    contact_sealed: Mapped[str] = mapped_column(Text, default="")
    client_key: Mapped[str] = mapped_column(String(64))
    clue_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"), index=True)
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"), index=True)
    screenshot_sha256: Mapped[str] = mapped_column(String(64), default="")
    screenshot_type: Mapped[str] = mapped_column(String(32), default="")
    folded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class VolunteerRow(Base):
    __tablename__ = "volunteers"
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    nickname: Mapped[str] = mapped_column(String(64))
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    contact_sealed: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
