"""The fault test (M12): 50,000 posts through JetStream into PostgreSQL; a worker killed
with SIGKILL mid-batch and restarted; the NATS server restarted once. Every post is stored
exactly once. The test runs its own nats-server on a free port with a temporary store, so
it may stop and start it; the machine's server is left alone."""

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

from netpatrol.adapters.stream.jetstream import JetStreamPosts
from netpatrol.bootstrap import Container
from tests.conftest import REQUIRE_SERVICES
from tests.e2e.test_demo import free_port
from tests.factories import make_posts

POSTS = 50_000


def start_nats(port: int, store: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        ["nats-server", "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            import socket

            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("nats-server did not start")


def stored(container: Container) -> int:
    with container.uow() as uow:
        return uow.posts.count()


@pytest.mark.parametrize("container", ["postgresql"], indirect=True)
def test_every_post_exactly_once_through_kills_and_restarts(
    container: Container, tmp_path: Path
) -> None:
    if shutil.which("nats-server") is None:
        message = "nats-server is not installed"
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    port, store = free_port(), tmp_path / "jetstream"
    url = f"nats://127.0.0.1:{port}"
    nats_server = start_nats(port, store)
    env = {
        **os.environ,
        "NETPATROL_DATABASE_URL": container.settings.database_url,
        "NETPATROL_NATS_URL": url,
    }
    worker_cmd = [
        sys.executable,
        "-m",
        "netpatrol",
        "worker",
        "stream",
        "--batch",
        "500",
        "--until-idle",
        "5",
    ]
    try:

        async def publish() -> None:
            stream = await JetStreamPosts.connect(url)
            await stream.publish(make_posts(POSTS, seed=99, illegal_share=0.02))
            await stream.close()

        asyncio.run(publish())

        worker = subprocess.Popen(
            worker_cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 240
        while stored(container) < 5_000 and time.monotonic() < deadline:
            time.sleep(0.2)
        worker.send_signal(signal.SIGKILL)  # mid-batch: some posts fetched, not acked
        worker.wait(timeout=30)
        killed_at = stored(container)
        assert 0 < killed_at < POSTS

        nats_server.send_signal(signal.SIGTERM)
        nats_server.wait(timeout=30)
        nats_server = start_nats(port, store)  # same store: the stream survives

        logs = [tmp_path / f"worker-{n}.log" for n in range(2)]
        workers = []
        for log in logs:
            with log.open("wb") as out:
                workers.append(
                    subprocess.Popen(worker_cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
                )
        for restarted, log in zip(workers, logs, strict=True):
            code = restarted.wait(timeout=600)
            assert code == 0, log.read_text(encoding="utf-8", errors="replace")[-3000:]
        assert stored(container) == POSTS  # none lost; the unique key forbids doubles
    finally:
        nats_server.kill()
        nats_server.wait(timeout=30)
