"""The patrol worker: pulls batches of posts from the stream, patrols them, and acks only
after the commit. Redelivery is harmless (ingest is idempotent); a post that cannot be
read is dead-lettered at once, one that keeps failing after a few deliveries too."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from netpatrol.adapters.stream.base import PostStream, StreamMessage
from netpatrol.detect.pipeline import Engine
from netpatrol.domain.posts import Post
from netpatrol.services.patrol.batch import TriagePolicy, patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.ports import UnitOfWork

MAX_DELIVERIES = 5


@dataclass
class WorkerRun:
    stored: int = 0
    duplicates: int = 0
    findings: int = 0
    dead: int = 0
    retried: int = 0


async def consume(
    stream: PostStream,
    uow_factory: Callable[[], UnitOfWork],
    engine: Engine,
    policy: TriagePolicy,
    clock: Callable[[], datetime],
    batch: int = 500,
    timeout: float = 1.0,
    stop_after_idle: int | None = None,
) -> WorkerRun:
    """Work until `stop_after_idle` pulls in a row came back empty (forever when None)."""
    run = WorkerRun()
    idle = 0
    while stop_after_idle is None or idle < stop_after_idle:
        messages = await stream.pull(batch, timeout)
        if not messages:
            idle += 1
            continue
        idle = 0
        readable: list[tuple[StreamMessage, Post]] = []
        for message in messages:
            try:
                readable.append((message, parse_post(json.loads(message.data))))
            except ValueError as exc:  # JSONDecodeError is a ValueError too
                await stream.dead_letter(message, f"unreadable post: {exc}")
                run.dead += 1
        if not readable:
            continue
        posts = [post for _, post in readable]
        try:
            result = await asyncio.to_thread(
                patrol_batch, uow_factory(), posts, engine, policy, clock
            )
        except Exception as exc:  # the batch failed as a whole: retry it, up to a point
            for message, _ in readable:
                if message.deliveries >= MAX_DELIVERIES:
                    await stream.dead_letter(message, f"failed {message.deliveries} times: {exc}")
                    run.dead += 1
                else:
                    await message.nak()
                    run.retried += 1
            continue
        for message, _ in readable:
            await message.ack()
        run.stored += len(result.stored)
        run.duplicates += len(result.duplicates)
        run.findings += len(result.findings)
    return run
