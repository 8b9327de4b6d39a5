"""Simulated traffic pushed to a running platform's webhook, stored once, on both databases."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from netpatrol import data
from netpatrol.bootstrap import Container
from netpatrol.sim.platforms import PLATFORMS, SimulatedPlatform
from netpatrol.sim.traffic import Pusher, TrafficGenerator
from netpatrol.web.app import create_app
from tests.e2e.test_demo import free_port

KEYS = {p: f"{p}-secret-for-the-tests" for p in PLATFORMS}


@pytest.fixture
def webhook(container: Container) -> Iterator[str]:
    container.settings = container.settings.model_copy(
        update={"ingest_keys": ",".join(f"{p}:{s}" for p, s in KEYS.items())}
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(container.settings, container),
            host="127.0.0.1",
            port=port,
            log_level="error",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/api/v1/ingest"
    server.should_exit = True
    thread.join(timeout=10)


def test_pushed_traffic_is_patrolled(webhook: str, container: Container) -> None:
    rows = [
        json.loads(line)
        for line in data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    generator = TrafficGenerator(rows[:100], rows[100:], illegal_share=0.3, seed=3)
    platforms = {p: SimulatedPlatform(p) for p in PLATFORMS}
    pusher = Pusher(webhook, KEYS, generator, platforms, rate=40)
    assert pusher.push_once(40) == 40 and pusher.push_once(40) == 40
    assert not pusher.errors
    with container.uow() as uow:
        assert uow.posts.count() == 80
        assert uow.clues.count() > 0
    assert sum(len(p.state.posts) for p in platforms.values()) == 80

    wrong = Pusher(webhook, {p: "x" * 20 for p in PLATFORMS}, generator, platforms)
    assert wrong.push_once(5) == 0 and "401" in wrong.errors[0]
    with container.uow() as uow:
        assert uow.posts.count() == 80
