"""Tables of assistance between units (协查) and of what units share about a clue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpatrol.adapters.db.tables.base import Base, IdType


class AssistanceRequestRow(Base):
    """One unit's request for help to another about a clue."""

    __tablename__ = "assistance_requests"
    __table_args__ = (
        Index("ix_assistance_requests_to", "to_unit_id", "id"),
        Index("ix_assistance_requests_from", "from_unit_id", "id"),
        Index("ix_assistance_requests_due", "status", "deadline"),
    )
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), index=True)
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    deadline: Mapped[datetime]
    sharing_level: Mapped[str] = mapped_column(String(16))
    evidence_ids: Mapped[list[Any]]
    status: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    first_answer_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    unread_by_asker: Mapped[bool] = mapped_column(Boolean, default=False)
    unread_by_asked: Mapped[bool] = mapped_column(Boolean, default=True)


class AssistanceAnswerRow(Base):
    """One entry of a request's shared thread."""

    __tablename__ = "assistance_answers"
    __table_args__ = (Index("ix_assistance_answers_thread", "request_id", "id"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("assistance_requests.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    evidence_ids: Mapped[list[Any]]
    created_at: Mapped[datetime]


class ClueParticipantRow(Base):
    """A unit whose jurisdiction the clue touches: it reads, comments, does not work it."""

    __tablename__ = "clue_participants"
    __table_args__ = (UniqueConstraint("clue_id", "unit_id"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200))
    since: Mapped[datetime]


class ClueNoteRow(Base):
    """An internal note in a clue's thread."""

    __tablename__ = "clue_notes"
    __table_args__ = (Index("ix_clue_notes_thread", "clue_id", "id"),)
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
