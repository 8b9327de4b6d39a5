"""The clustered stream's fault test (M12): three nats-server nodes in a JetStream cluster
keep the posts stream in three replicas; two workers patrol it into PostgreSQL while one
node is killed (SIGKILL) and started again on its store, and one worker is killed mid-batch
and replaced. Every post is stored exactly once and nothing is left unacknowledged."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netpatrol.adapters.stream.jetstream import ACK_WAIT, JetStreamPosts
from netpatrol.bootstrap import Container
from tests.conftest import REQUIRE_SERVICES
from tests.factories import make_posts
from tests.integration.nats_cluster import Cluster

POSTS = 20_000
REPLICAS = 3


def stored(container: Container) -> int:
    with container.uow() as uow:
        return uow.posts.count()


def wait_until(container: Container, count: int, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while stored(container) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stored(container) >= count, f"only {stored(container)} stored"


async def _publish(url: str) -> None:
    stream = await JetStreamPosts.connect(url, replicas=REPLICAS)
    await stream.publish(make_posts(POSTS, seed=7, illegal_share=0.02))
    await stream.close()


async def _unfinished(url: str) -> tuple[int, int, int]:
    stream = await JetStreamPosts.connect(url, replicas=REPLICAS)
    js = stream._nc.jetstream()
    info = await js.consumer_info(stream.names.stream, stream.names.durable)
    config = await js.stream_info(stream.names.stream)
    await stream.close()
    return info.num_pending, info.num_ack_pending, config.config.num_replicas or 1


@pytest.mark.parametrize("container", ["postgresql"], indirect=True)
def test_every_post_once_through_a_node_and_a_worker_killed(
    container: Container, tmp_path: Path
) -> None:
    if shutil.which("nats-server") is None:
        message = "nats-server is not installed"
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    cluster = Cluster(tmp_path)
    cluster.start_all()
    env = {
        **os.environ,
        "NETPATROL_DATABASE_URL": container.settings.database_url,
        "NETPATROL_NATS_URL": cluster.url,
        "NETPATROL_NATS_REPLICAS": str(REPLICAS),
    }
    command = [sys.executable, "-m", "netpatrol", "worker", "stream", "--batch", "250"]
    # idle for longer than the stream waits for an ack, so the batch the killed worker held
    # comes back (after ACK_WAIT) before the others stop
    command += ["--until-idle", str(int(ACK_WAIT) + 20)]
    workers: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start_worker() -> subprocess.Popen[bytes]:
        log = tmp_path / f"worker-{len(workers)}.log"
        with log.open("wb") as out:
            worker = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        workers.append((worker, log))
        return worker

    try:
        started = time.monotonic()
        asyncio.run(_publish(cluster.url))
        first = start_worker()
        start_worker()
        wait_until(container, POSTS // 5)
        cluster.kill(0)  # a node goes: the other two keep the quorum
        wait_until(container, POSTS * 2 // 5)
        first.send_signal(signal.SIGKILL)  # mid-batch: what it fetched comes back
        first.wait(timeout=30)
        cluster.start(0)  # back on its store: it catches up from the others
        start_worker()
        for worker, log in workers[1:]:
            code = worker.wait(timeout=300)
            assert code == 0, log.read_text(encoding="utf-8", errors="replace")[-3000:]
        elapsed = time.monotonic() - started
        assert stored(container) == POSTS, f"{stored(container)} of {POSTS} in {elapsed:.0f}s"
        pending, unacked, replicas = asyncio.run(_unfinished(cluster.url))
        assert (pending, unacked, replicas) == (0, 0, REPLICAS)
    finally:
        for worker, _ in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=30)
        cluster.stop_all()
