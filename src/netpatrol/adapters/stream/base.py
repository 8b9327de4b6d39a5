"""The stream protocol: publish posts; pull batches; ack after the commit, or retry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class StreamMessage(Protocol):
    data: bytes

    @property
    def deliveries(self) -> int:
        """How many times this message has been delivered (1 the first time)."""

    async def ack(self) -> None: ...
    async def nak(self) -> None: ...


class PostStream(Protocol):
    async def publish(self, posts: Sequence[dict[str, Any]]) -> int:
        """Publish each post as one message; the number published."""

    async def pull(self, batch: int, timeout: float) -> Sequence[StreamMessage]:
        """Up to `batch` messages; an empty list when none came within `timeout` seconds."""

    async def dead_letter(self, message: StreamMessage, reason: str) -> None:
        """Move a message that cannot succeed out of the way, with the reason; acks it."""

    async def close(self) -> None: ...
