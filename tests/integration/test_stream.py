"""The stream worker, on the in-memory twin and on NATS JetStream, over both databases."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from typing import Any

import pytest
from nats.js.errors import NoStreamResponseError

from netpatrol.adapters.stream.base import PostStream
from netpatrol.adapters.stream.jetstream import JetStreamPosts, StreamNames
from netpatrol.adapters.stream.memory import MemoryPosts
from netpatrol.bootstrap import Container, build_detection
from netpatrol.workers.stream import consume
from tests.conftest import REQUIRE_SERVICES
from tests.factories import make_posts

NATS_URL = os.environ.get("NETPATROL_TEST_NATS", "nats://127.0.0.1:4222")


def nats_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 4222), timeout=1):
            return True
    except OSError:
        return False


async def open_stream(kind: str) -> tuple[PostStream, StreamNames | None]:
    if kind == "memory":
        return MemoryPosts(), None
    if not nats_reachable():
        message = f"NATS not reachable at {NATS_URL}"
        if REQUIRE_SERVICES:
            pytest.fail(message + " (NETPATROL_REQUIRE_SERVICES=1)")
        pytest.skip(message)
    tag = uuid.uuid4().hex[:8].upper()
    names = StreamNames(
        f"TEST_POSTS_{tag}",
        f"test.{tag}.posts",
        f"workers-{tag}",
        f"TEST_DEAD_{tag}",
        f"test.{tag}.dead",
    )
    return await JetStreamPosts.connect(NATS_URL, names), names


async def drop(stream: PostStream, names: StreamNames | None) -> None:
    if isinstance(stream, JetStreamPosts) and names is not None:
        js = stream._nc.jetstream()  # the test's own streams, made above
        await js.delete_stream(names.stream)
        await js.delete_stream(names.dead_stream)
    await stream.close()


@pytest.mark.parametrize("kind", ["memory", "jetstream"])
def test_every_post_stored_once_and_garbage_dead_lettered(container: Container, kind: str) -> None:
    async def scenario() -> None:
        stream, names = await open_stream(kind)
        try:
            posts = make_posts(1200, seed=11)
            await stream.publish(posts)
            await stream.publish(posts[:200])  # redelivered by an upstream retry
            await stream.publish([{"platform": "weibo", "id": "bad", "text": 12}])
            run = await consume(
                stream,
                container.uow,
                build_detection(),
                container.triage,
                container.clock,
                batch=250,
                timeout=0.5,
                stop_after_idle=2,
            )
            assert (run.stored, run.duplicates, run.dead) == (1200, 200, 1)
            with container.uow() as uow:
                assert uow.posts.count() == 1200
        finally:
            await drop(stream, names)

    asyncio.run(scenario())


def test_publishing_holds_at_most_its_window_unacknowledged() -> None:
    async def scenario() -> None:
        stream, names = await open_stream("jetstream")
        assert isinstance(stream, JetStreamPosts) and names is not None
        stream.window = 8
        js = stream._js
        send = js.publish_async
        most = 0

        async def counted(*args: Any, **kwargs: Any) -> Any:
            nonlocal most
            future = await send(*args, **kwargs)
            most = max(most, js.publish_async_pending())
            return future

        js.publish_async = counted
        try:
            assert await stream.publish(make_posts(500, seed=3)) == 500
            assert most == 8  # sent ahead of the acks, but never more than the window
            assert js.publish_async_pending() == 0  # returns only once all are acknowledged
            assert (await js.stream_info(names.stream)).state.messages == 500
        finally:
            await drop(stream, names)

    asyncio.run(scenario())


def test_publishing_to_a_stream_that_is_gone_raises() -> None:
    async def scenario() -> None:
        stream, names = await open_stream("jetstream")
        assert isinstance(stream, JetStreamPosts) and names is not None
        js = stream._js
        await js.delete_stream(names.stream)
        try:
            with pytest.raises(NoStreamResponseError):
                await asyncio.wait_for(stream.publish(make_posts(50, seed=3)), 30)
        finally:
            await js.add_stream(name=names.stream, subjects=[f"{names.subject}.>"])
            await drop(stream, names)

    asyncio.run(scenario())


def test_a_batch_that_keeps_failing_is_retried_then_dead_lettered(container: Container) -> None:
    def broken_uow():  # type: ignore[no-untyped-def]
        raise RuntimeError("database is down")

    async def scenario() -> None:
        stream = MemoryPosts()
        await stream.publish(make_posts(3, seed=5))
        run = await consume(
            stream,
            broken_uow,
            build_detection(),
            container.triage,
            container.clock,
            batch=10,
            timeout=0.01,
            stop_after_idle=2,
        )
        assert run.retried == 3 * 4 and run.dead == 3 and run.stored == 0
        assert all("database is down" in reason for _, reason in stream.dead)

    asyncio.run(scenario())


def test_publish_and_the_worker_from_the_command_line(
    container: Container, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from netpatrol.cli import app as cli
    from tests.factories import write_jsonl

    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    monkeypatch.delenv("NETPATROL_NATS_URL", raising=False)
    path = write_jsonl(tmp_path / "p.jsonl", [*make_posts(30, seed=4), "{broken"])
    assert CliRunner().invoke(cli, ["publish", str(path)]).exit_code == 2
    if not nats_reachable():
        if REQUIRE_SERVICES:
            pytest.fail("NATS not reachable (NETPATROL_REQUIRE_SERVICES=1)")
        pytest.skip("NATS not reachable")

    # the machine's default stream names are shared: use them only if no one else is working
    async def purge() -> None:
        stream = await JetStreamPosts.connect(NATS_URL)
        await stream._nc.jetstream().purge_stream(stream.names.stream)
        await stream.close()

    asyncio.run(purge())
    monkeypatch.setenv("NETPATROL_NATS_URL", NATS_URL)
    published = CliRunner().invoke(cli, ["publish", str(path)])
    assert published.exit_code == 3 and "30 posts published, 1 lines rejected" in published.output
    worked = CliRunner().invoke(cli, ["worker", "stream", "--until-idle", "2"])
    assert worked.exit_code == 0 and "30 stored" in worked.output, worked.output
