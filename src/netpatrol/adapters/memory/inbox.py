"""The accounts' inbox in memory (the twin of db/inbox.py)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.inbox import (
    Cursor,
    Direction,
    InboxMessage,
    InboxPage,
    InboxQuery,
    InboxStatus,
)
from netpatrol.domain.measures import MeasureKind


class MemoryInbox:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add_new(self, messages: Sequence[InboxMessage]) -> list[InboxMessage]:
        seen = {(m.platform, m.direction, m.external_id) for m in self.s.inbox.values()}
        fresh = []
        for message in messages:
            key = (message.platform, message.direction, message.external_id)
            if key not in seen:
                seen.add(key)
                fresh.append(self.add(message))
        return fresh

    def add(self, message: InboxMessage) -> InboxMessage:
        message.id = self.s.new_id()
        self.s.inbox[message.id] = copy.deepcopy(message)
        return message

    def get(self, message_id: int) -> InboxMessage | None:
        return copy.deepcopy(self.s.inbox.get(message_id))

    def update(self, message: InboxMessage) -> None:
        assert message.id in self.s.inbox
        self.s.inbox[message.id] = copy.deepcopy(message)

    def page(self, query: InboxQuery) -> InboxPage:
        def shown(m: InboxMessage) -> bool:
            return (
                m.direction is Direction.IN
                and (query.unit_ids is None or m.unit_id in query.unit_ids)
                and (not query.platform or m.platform == query.platform)
                and (not query.account or m.account == query.account)
                and (not query.assignee or m.assignee == query.assignee)
                and (query.status is None or m.status is query.status)
            )

        def order(m: InboxMessage) -> tuple[int, int]:
            return (0 if m.status is InboxStatus.UNREAD else 1, -(m.id or 0))

        found = sorted((m for m in self.s.inbox.values() if shown(m)), key=order)
        if query.after is not None:
            mark = (0 if query.after.status is InboxStatus.UNREAD else 1, -query.after.message_id)
            found = [m for m in found if order(m) > mark]
        page = found[: query.limit]
        last = page[-1] if len(found) > query.limit else None
        return InboxPage(
            copy.deepcopy(page), str(Cursor(last.status, last.id or 0)) if last else ""
        )

    def thread(self, thread: str, limit: int) -> list[InboxMessage]:
        found = [m for _, m in sorted(self.s.inbox.items()) if m.thread == thread]
        return copy.deepcopy(found[-limit:])

    def on_clue(self, clue_id: int, measure_ids: Sequence[int], limit: int) -> list[InboxMessage]:
        answers = set(measure_ids)
        found = [
            m
            for _, m in sorted(self.s.inbox.items(), reverse=True)
            if m.clue_id == clue_id or (m.measure_id is not None and m.measure_id in answers)
        ]
        return copy.deepcopy(found[:limit])

    def latest(self, platform: str) -> datetime | None:
        times = [
            m.received_at
            for m in self.s.inbox.values()
            if m.platform == platform and m.direction is Direction.IN
        ]
        return max(times, default=None)

    def warning_to(self, platform: str, account: str, netizen: str) -> int | None:
        for measure_id, measure in sorted(self.s.measures.items(), reverse=True):
            if measure.kind is not MeasureKind.WARNING or measure.recipient != netizen:
                continue
            sent = self.s.outbox.get(int(measure.channel_message_id or 0))
            if sent is not None and (sent.platform, sent.sender_account) == (platform, account):
                return measure_id
        return None
