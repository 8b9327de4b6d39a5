"""Timers on both databases: due actions are handled once, across restarts too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from netpatrol import data
from netpatrol.bootstrap import Container, build_detection
from netpatrol.domain.measures import MeasureKind
from netpatrol.services.measures.graduated import MeasureRequest, open_measure
from netpatrol.services.measures.timers import run_due
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import read_jsonl
from tests.conftest import ready_container


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_takedowns_go_overdue_and_clues_breach_once(container: Container) -> None:
    clock = Clock()
    container.clock = clock
    lines = data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    posts = [p for _, p in read_jsonl(lines) if not hasattr(p, "reason")]
    result = patrol_batch(container.uow(), posts, build_detection(), container.triage, clock)
    critical = [c for c in result.clues if c.severity.value == "critical"]
    assert critical
    takedown = open_measure(
        container.uow(),
        MeasureRequest(
            result.clues[-1].id or 0,
            MeasureKind.TAKEDOWN,
            "officer-1",
            ["CSL-47"],
            deadline_hours=24,
        ),
        container.catalogue,
        clock,
    )
    assert run_due(container.uow(), clock).total == 0

    clock.now += timedelta(hours=3)  # critical clues are due in 2 hours
    expected = [
        c for c in result.clues[:-1] if c.due_at is not None and c.due_at < clock.now
    ]  # the last clue was answered with the takedown, so it is not waiting
    first = run_due(container.uow(), clock)
    assert first.takedowns_overdue == 0 and first.clues_breached == len(expected) > 0
    assert run_due(container.uow(), clock).total == 0

    clock.now += timedelta(hours=22)
    later = run_due(container.uow(), clock)
    assert later.takedowns_overdue == 1
    with container.uow() as uow:
        measure = uow.measures.get(takedown.id or 0)
        assert measure is not None and measure.status.value == "overdue"

    with ready_container(container.settings.database_url) as restarted:
        assert run_due(restarted.uow(), clock).takedowns_overdue == 0

    clock.now += timedelta(hours=25)  # still unanswered a day after the deadline
    assert run_due(container.uow(), clock).takedowns_escalated == 1
    assert run_due(container.uow(), clock).takedowns_escalated == 0
