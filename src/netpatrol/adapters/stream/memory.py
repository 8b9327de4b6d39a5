"""The in-memory twin of the stream: the same delivery rules, one process."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class MemoryMessage:
    data: bytes
    stream: MemoryPosts
    delivered: int = 0

    @property
    def deliveries(self) -> int:
        return self.delivered

    async def ack(self) -> None:
        self.stream.in_flight.discard(id(self))

    async def nak(self) -> None:
        self.stream.in_flight.discard(id(self))
        self.stream.queue.appendleft(self)


@dataclass
class MemoryPosts:
    queue: deque[MemoryMessage] = field(default_factory=deque)
    in_flight: set[int] = field(default_factory=set)
    dead: list[tuple[bytes, str]] = field(default_factory=list)

    async def publish(self, posts: Sequence[dict[str, Any]]) -> int:
        for post in posts:
            self.queue.append(MemoryMessage(json.dumps(post, ensure_ascii=False).encode(), self))
        return len(posts)

    async def pull(self, batch: int, timeout: float) -> list[MemoryMessage]:
        if not self.queue:
            await asyncio.sleep(min(timeout, 0.01))
            return []
        taken: list[MemoryMessage] = []
        while self.queue and len(taken) < batch:
            message = self.queue.popleft()
            message.delivered += 1
            self.in_flight.add(id(message))
            taken.append(message)
        return taken

    async def dead_letter(self, message: Any, reason: str) -> None:
        self.dead.append((message.data, reason))
        await message.ack()

    async def close(self) -> None:
        return None
