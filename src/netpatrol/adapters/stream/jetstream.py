"""NATS JetStream: one stream of posts, one durable pull consumer shared by every worker,
a dead-letter stream for posts that fail again and again."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import nats
from nats.errors import ConnectionReconnectingError, NoRespondersError
from nats.errors import Error as NatsError
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig
from nats.js.errors import BadRequestError, ServerError, ServiceUnavailableError

MAX_DELIVER = 5
ACK_WAIT = 30.0  # an unacked batch (its worker died) is redelivered after this
# Back-pressure on publishing: at most this many posts sent and not yet acknowledged by the
# server, so a publisher runs at the speed the stream stores, holding a bounded buffer.
PUBLISH_WINDOW = 256
PUBLISH_ACK_TIMEOUT = 10.0  # an ack that never comes is an error, not a hang


NO_PEERS_YET = 10005  # JetStream's error code: not enough servers for the replicas (yet)
READY_WAIT = 60.0  # seconds a worker waits for JetStream after a server (re)start
NOT_READY = (
    NoRespondersError,
    NatsTimeout,
    ServiceUnavailableError,
    ServerError,
    ConnectionReconnectingError,
    asyncio.TimeoutError,
)


@dataclass(frozen=True)
class StreamNames:
    stream: str = "NETPATROL_POSTS"
    subject: str = "netpatrol.posts"
    durable: str = "patrol-workers"
    dead_stream: str = "NETPATROL_DEAD"
    dead_subject: str = "netpatrol.dead.posts"


class JetStreamMessage:
    def __init__(self, message: Any) -> None:
        self._message = message
        self.data: bytes = message.data

    @property
    def deliveries(self) -> int:
        return int(self._message.metadata.num_delivered)

    async def ack(self) -> None:
        # an ack lost to a reconnect only means the post comes back: storing is idempotent
        with contextlib.suppress(NatsError):
            await self._message.ack()

    async def nak(self) -> None:
        with contextlib.suppress(NatsError):  # unacked, it comes back after ACK_WAIT anyway
            await self._message.nak()


class JetStreamPosts:
    def __init__(
        self, connection: Any, names: StreamNames, window: int = PUBLISH_WINDOW, replicas: int = 1
    ) -> None:
        if window < 1:
            raise ValueError("the publish window holds at least one post")
        self.replicas = replicas
        self._nc = connection
        self._js = connection.jetstream()
        self.names = names
        self.window = window
        self._subscription: Any = None

    @classmethod
    async def connect(
        cls,
        url: str,
        names: StreamNames | None = None,
        window: int = PUBLISH_WINDOW,
        replicas: int = 1,
    ) -> JetStreamPosts:
        """`url` names one server or a cluster's servers separated by commas (the client
        moves to another when its server goes); `replicas` copies of each post are kept."""
        names = names or StreamNames()
        servers = [u.strip() for u in url.split(",") if u.strip()]
        connection = await nats.connect(
            servers=servers, max_reconnect_attempts=-1, reconnect_time_wait=0.5
        )
        posts = cls(connection, names, window, replicas)
        deadline = asyncio.get_running_loop().time() + READY_WAIT
        while True:
            try:
                await posts._ensure()
                return posts
            except (*NOT_READY, BadRequestError) as exc:
                # a server just (re)started: JetStream is recovering its store; a cluster
                # that has not gathered enough servers for the replicas yet says "no
                # suitable peers" (10005): both pass, a bad request of any other kind does not
                if isinstance(exc, BadRequestError) and exc.err_code != NO_PEERS_YET:
                    await connection.close()
                    raise
                if asyncio.get_running_loop().time() > deadline:
                    await connection.close()
                    raise
                await asyncio.sleep(0.5)

    async def _ensure(self) -> None:
        names = self.names
        copies = self.replicas
        await self._js.add_stream(
            StreamConfig(name=names.stream, subjects=[f"{names.subject}.>"], num_replicas=copies)
        )
        await self._js.add_stream(
            StreamConfig(name=names.dead_stream, subjects=[names.dead_subject], num_replicas=copies)
        )
        self._subscription = await self._js.pull_subscribe(
            f"{names.subject}.>",
            durable=names.durable,
            stream=names.stream,
            config=ConsumerConfig(
                ack_policy=AckPolicy.EXPLICIT, max_deliver=MAX_DELIVER + 1, ack_wait=ACK_WAIT
            ),
        )

    async def publish(self, posts: Sequence[dict[str, Any]]) -> int:
        """Send without waiting for each ack, but never more than `window` unacknowledged:
        a full window waits for its oldest ack. Returns once every post is acknowledged; a
        refusal or a missing ack raises."""
        pending: deque[asyncio.Future[Any]] = deque()
        try:
            for post in posts:
                if len(pending) >= self.window:
                    await asyncio.wait_for(pending.popleft(), PUBLISH_ACK_TIMEOUT)
                platform = str(post.get("platform") or "unknown")
                body = json.dumps(post, ensure_ascii=False).encode("utf-8")
                pending.append(
                    await self._js.publish_async(f"{self.names.subject}.{platform}", body)
                )
            while pending:
                await asyncio.wait_for(pending.popleft(), PUBLISH_ACK_TIMEOUT)
        finally:
            for future in pending:  # after a failure: nobody waits for these any more
                future.cancel()
        return len(posts)

    async def pull(self, batch: int, timeout: float) -> list[JetStreamMessage]:
        try:
            messages = await self._subscription.fetch(batch, timeout=timeout)
        except (TimeoutError, NatsTimeout):  # nats-py raises either when it is quiet
            return []
        except NatsError:  # the server is restarting: the client reconnects, ask again
            await asyncio.sleep(timeout)
            return []
        return [JetStreamMessage(m) for m in messages]

    async def dead_letter(self, message: Any, reason: str) -> None:
        await self._js.publish(
            self.names.dead_subject, message.data, headers={"Netpatrol-Reason": reason[:500]}
        )
        await message.ack()

    async def close(self) -> None:
        with contextlib.suppress(NatsError, asyncio.TimeoutError):  # what is unacked comes back
            await self._nc.flush()
        await self._nc.close()
