"""The accounts' inbox: messages netizens send to the units' accounts, and the answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpatrol.adapters.db.tables.base import Base, IdType


class InboxMessageRow(Base):
    """One message in a thread (one netizen, one account). The listing's indexes lead with
    what a page filters on and end with the id it pages by, so a page at a million
    messages reads about as many index entries as it shows."""

    __tablename__ = "inbox_messages"
    __table_args__ = (
        UniqueConstraint("platform", "direction", "external_id"),
        Index("ix_inbox_unit_page", "unit_id", "direction", "status", "id"),
        Index("ix_inbox_account_page", "account", "direction", "status", "id"),
        Index("ix_inbox_all_page", "direction", "status", "id"),
        Index("ix_inbox_thread", "thread", "id"),
        Index("ix_inbox_latest", "platform", "direction", "received_at"),
        Index("ix_inbox_clue", "clue_id", "id"),
        Index("ix_inbox_measure", "measure_id", "id"),
    )
    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    platform: Mapped[str] = mapped_column(String(16))
    account: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(4))
    external_id: Mapped[str] = mapped_column(String(128))
    sender_id: Mapped[str] = mapped_column(String(128))
    sender_name: Mapped[str] = mapped_column(String(128))
    thread: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(8))
    in_reply_to: Mapped[str] = mapped_column(String(128), default="")
    assignee: Mapped[str] = mapped_column(String(64), default="")
    clue_id: Mapped[int | None] = mapped_column(ForeignKey("clues.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id"))
    category: Mapped[str] = mapped_column(String(32), default="")
    handled_by: Mapped[str] = mapped_column(String(64), default="")
    handled_at: Mapped[datetime | None]
