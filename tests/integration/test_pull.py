"""The pull loop against the simulator, on both databases: new posts once, nothing twice."""

from __future__ import annotations

import json

from netpatrol import data
from netpatrol.bootstrap import Container
from netpatrol.cli.workers import watch_terms
from netpatrol.services.patrol.pull import pull
from netpatrol.services.ports import PlatformConnector
from netpatrol.sim.platforms import PLATFORMS, SimulatedPlatform


def test_pulls_what_matches_and_then_only_what_is_new(container: Container) -> None:
    rows = [
        json.loads(line)
        for line in data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    platforms = {p: SimulatedPlatform(p) for p in PLATFORMS}
    for platform in platforms.values():
        platform.add_posts(rows)
    connectors: dict[str, PlatformConnector] = dict(platforms)
    terms = watch_terms()
    assert "冰毒" in terms or len(terms) > 20

    first = pull(
        container.uow, connectors, terms, container.detection(), container.triage, container.clock
    )
    assert first.result.stored and first.result.findings and not first.rejected
    assert all(any(t in p.text for t in terms) for p in first.result.stored)
    again = pull(
        container.uow, connectors, terms, container.detection(), container.triage, container.clock
    )
    assert not again.result.stored

    newer = {
        **rows[0],
        "id": "wb-new-1",
        "created_at": "2026-11-28T10:00:00+08:00",
        "platform": "weibo",
        "text": "出售仿真枪，气枪出售，私聊",
    }
    platforms["weibo"].add_posts([newer])
    latest = pull(
        container.uow,
        connectors,
        ["仿真枪"],
        container.detection(),
        container.triage,
        container.clock,
    )
    assert [p.external_id for p in latest.result.stored] == ["wb-new-1"]


def test_the_pull_worker_needs_a_platform_url(container: Container, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from netpatrol.cli import app as cli

    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    monkeypatch.delenv("NETPATROL_PLATFORM_URL", raising=False)
    result = CliRunner().invoke(cli, ["worker", "pull", "--once"])
    assert result.exit_code == 2 and "NETPATROL_PLATFORM_URL" in result.output
    monkeypatch.setenv("NETPATROL_PLATFORM_URL", "http://127.0.0.1:9")
    unreachable = CliRunner().invoke(cli, ["worker", "pull", "--once", "--term", "枪"])
    assert unreachable.exit_code == 0 and "3 platforms unreachable" in unreachable.output
