"""Storage of the accounts' inbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from netpatrol.domain.inbox import InboxMessage, InboxPage, InboxQuery


class InboxRepository(Protocol):
    def add_new(self, messages: Sequence[InboxMessage]) -> list[InboxMessage]:
        """Store the messages not seen before (by platform, direction and platform id);
        the stored ones, with their ids."""
        ...

    def add(self, message: InboxMessage) -> InboxMessage: ...
    def get(self, message_id: int) -> InboxMessage | None: ...
    def update(self, message: InboxMessage) -> None: ...
    def page(self, query: InboxQuery) -> InboxPage:
        """Unread first, newest first within each; keyset-paged."""
        ...

    def thread(self, thread: str, limit: int) -> list[InboxMessage]:
        """The latest messages of a thread, both ways, oldest first."""
        ...

    def on_clue(self, clue_id: int, measure_ids: Sequence[int], limit: int) -> list[InboxMessage]:
        """The latest messages attached to the clue or answering one of its measures,
        newest first."""
        ...

    def latest(self, platform: str) -> datetime | None:
        """When the newest inbound message from this platform was received."""
        ...

    def warning_to(self, platform: str, account: str, netizen: str) -> int | None:
        """The latest warning sent to this netizen from this account: the measure's id."""
        ...
