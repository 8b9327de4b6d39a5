"""SQLAlchemy storage of the accounts' inbox, keyset-paged."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from netpatrol.adapters.db.tables.core import ChannelMessageRow, MeasureRow
from netpatrol.adapters.db.tables.inbox import InboxMessageRow
from netpatrol.domain.inbox import (
    Cursor,
    Direction,
    InboxMessage,
    InboxPage,
    InboxQuery,
    InboxStatus,
    MessageKind,
)

FIELDS = (
    "unit_id",
    "platform",
    "account",
    "external_id",
    "sender_id",
    "sender_name",
    "text",
    "received_at",
    "in_reply_to",
    "assignee",
    "clue_id",
    "report_id",
    "measure_id",
    "category",
    "handled_by",
    "handled_at",
)


def _message(row: InboxMessageRow) -> InboxMessage:
    values = {name: getattr(row, name) for name in FIELDS}
    return InboxMessage(
        kind=MessageKind(row.kind),
        direction=Direction(row.direction),
        status=InboxStatus(row.status),
        id=row.id,
        **values,
    )


def row_values(message: InboxMessage) -> dict[str, object]:
    """The row of a message, as a dict for Core inserts (the bench loads with these)."""
    values: dict[str, object] = {name: getattr(message, name) for name in FIELDS}
    values |= {
        "kind": message.kind.value,
        "direction": message.direction.value,
        "status": message.status.value,
        "thread": message.thread,
    }
    return values


class SqlInbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_new(self, messages: Sequence[InboxMessage]) -> list[InboxMessage]:
        fresh: list[InboxMessage] = []
        seen: set[tuple[str, str, str]] = set()
        for chunk in range(0, len(messages), 500):
            batch = messages[chunk : chunk + 500]
            keys = {(m.platform, m.direction.value, m.external_id) for m in batch}
            stmt = select(
                InboxMessageRow.platform, InboxMessageRow.direction, InboxMessageRow.external_id
            ).where(InboxMessageRow.external_id.in_([k[2] for k in keys]))
            seen |= {(p, d, e) for p, d, e in self.session.execute(stmt)} & keys
            for message in batch:
                key = (message.platform, message.direction.value, message.external_id)
                if key in seen:
                    continue
                seen.add(key)
                fresh.append(self.add(message))
        return fresh

    def add(self, message: InboxMessage) -> InboxMessage:
        row = InboxMessageRow(**row_values(message))
        self.session.add(row)
        self.session.flush()
        message.id = row.id
        return message

    def get(self, message_id: int) -> InboxMessage | None:
        row = self.session.get(InboxMessageRow, message_id)
        return _message(row) if row else None

    def update(self, message: InboxMessage) -> None:
        row = self.session.get(InboxMessageRow, message.id)
        assert row is not None
        for name, value in row_values(message).items():
            setattr(row, name, value)
        self.session.flush()

    def page(self, query: InboxQuery) -> InboxPage:
        found: list[InboxMessage] = []
        statuses = [InboxStatus.UNREAD, InboxStatus.HANDLED]
        if query.status is not None:
            statuses = [query.status]
        after = query.after
        for status in statuses:
            if (
                after is not None
                and after.status is InboxStatus.HANDLED
                and status is not (InboxStatus.HANDLED)
            ):
                continue  # a cursor among handled messages is past every unread one
            want = query.limit + 1 - len(found)
            if want <= 0:
                break
            stmt = self._listing(query, status).limit(want)
            if after is not None and after.status is status:
                stmt = stmt.where(InboxMessageRow.id < after.message_id)
            found += [_message(r) for r in self.session.scalars(stmt)]
        more = len(found) > query.limit
        found = found[: query.limit]
        last = found[-1] if found and more else None
        return InboxPage(found, str(Cursor(last.status, last.id or 0)) if last else "")

    def _listing(self, query: InboxQuery, status: InboxStatus) -> Select[InboxMessageRow]:
        row = InboxMessageRow
        stmt = select(row).where(row.direction == Direction.IN.value, row.status == status.value)
        if query.unit_ids is not None:
            stmt = stmt.where(row.unit_id.in_(sorted(query.unit_ids)))
        if query.platform:
            stmt = stmt.where(row.platform == query.platform)
        if query.account:
            stmt = stmt.where(row.account == query.account)
        if query.assignee:
            stmt = stmt.where(row.assignee == query.assignee)
        return stmt.order_by(row.id.desc())

    def thread(self, thread: str, limit: int) -> list[InboxMessage]:
        stmt = (
            select(InboxMessageRow)
            .where(InboxMessageRow.thread == thread)
            .order_by(InboxMessageRow.id.desc())
            .limit(limit)
        )
        return [_message(r) for r in self.session.scalars(stmt)][::-1]

    def on_clue(self, clue_id: int, measure_ids: Sequence[int], limit: int) -> list[InboxMessage]:
        row = InboxMessageRow
        attached = select(row).where(row.clue_id == clue_id).order_by(row.id.desc()).limit(limit)
        found = {r.id: r for r in self.session.scalars(attached)}
        if measure_ids:
            answers = (
                select(row)
                .where(row.measure_id.in_(list(measure_ids)))
                .order_by(row.id.desc())
                .limit(limit)
            )
            found.update((r.id, r) for r in self.session.scalars(answers))
        return [_message(found[i]) for i in sorted(found, reverse=True)[:limit]]

    def latest(self, platform: str) -> datetime | None:
        stmt = select(func.max(InboxMessageRow.received_at)).where(
            InboxMessageRow.platform == platform, InboxMessageRow.direction == Direction.IN.value
        )
        return self.session.scalar(stmt)

    def warning_to(self, platform: str, account: str, netizen: str) -> int | None:
        stmt = (
            select(MeasureRow.id, MeasureRow.channel_message_id)
            .where(MeasureRow.kind == "warning", MeasureRow.recipient == netizen)
            .order_by(MeasureRow.id.desc())
        )
        for measure_id, message_id in self.session.execute(stmt):
            sent = self.session.get(ChannelMessageRow, int(message_id or 0))
            if sent is not None and (sent.platform, sent.sender_account) == (platform, account):
                return int(measure_id)
        return None
