"""Delivery and warning follow-ups through the simulator, on both databases."""

from __future__ import annotations

import json
from datetime import timedelta

from netpatrol import data
from netpatrol.bootstrap import Container, build_detection
from netpatrol.domain.measures import MeasureKind
from netpatrol.services.measures.delivery import deliver_outbox, follow_up_warnings
from netpatrol.services.measures.graduated import MeasureRequest, open_measure
from netpatrol.services.measures.warnings import WarningRequest, send_warning
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.ports import PlatformConnector
from netpatrol.sim.platforms import PLATFORMS, SimulatedPlatform
from tests.integration.test_timers import Clock


def test_warnings_are_delivered_and_followed_up(container: Container) -> None:
    clock = Clock()
    container.clock = clock
    rows = [
        json.loads(line)
        for line in data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    platforms = {p: SimulatedPlatform(p) for p in PLATFORMS}
    for platform in platforms.values():
        platform.add_posts(rows)
    connectors: dict[str, PlatformConnector] = dict(platforms)
    result = patrol_batch(
        container.uow(), [parse_post(r) for r in rows], build_detection(), container.triage, clock
    )
    warned = [c for c in result.clues if c.unit_id][:12]
    for clue in warned[:-1]:
        category_basis = next(
            b.code for b in container.catalogue if clue.category.value in b.categories
        )
        send_warning(
            container.uow(),
            WarningRequest(clue.id or 0, "officer-1", [category_basis], 24),
            container.catalogue,
            container.warning_templates,
            clock,
            "http://np",
        )
    open_measure(
        container.uow(),
        MeasureRequest(
            warned[-1].id or 0, MeasureKind.TAKEDOWN, "officer-1", ["CSL-47"], deadline_hours=24
        ),
        container.catalogue,
        clock,
    )

    sent = deliver_outbox(container.uow(), connectors, clock)
    # the warnings, the takedown notice, and the takedown's word to the author
    assert sent.delivered == len(warned) + 1 and sent.failed == 0
    assert deliver_outbox(container.uow(), connectors, clock).delivered == 0  # sent once
    assert sum(len(p.state.messages) for p in platforms.values()) == len(warned)
    assert sum(len(p.state.takedowns) for p in platforms.values()) == 1

    assert follow_up_warnings(container.uow(), connectors, clock).total == 0  # not yet due
    clock.now += timedelta(hours=25)
    checked = follow_up_warnings(container.uow(), connectors, clock)
    assert checked.heeded + checked.escalated == len(warned) - 1
    assert checked.heeded and checked.escalated  # some authors removed their posts
    with container.uow() as uow:
        statuses = {m.status.value for m in uow.measures.all() if m.kind is MeasureKind.WARNING}
        actions = [e.action for e in uow.audit.entries()]
    assert statuses == {"heeded", "escalated"}
    assert "measure.warning.heeded" in actions and "message.delivered" in actions
    assert follow_up_warnings(container.uow(), connectors, clock).total == 0  # once only


def test_an_unreachable_platform_keeps_the_message_queued(container: Container) -> None:
    from netpatrol.adapters.channels.http import HttpConnector

    clock = Clock()
    rows = [
        json.loads(line)
        for line in data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    result = patrol_batch(
        container.uow(), [parse_post(r) for r in rows], build_detection(), container.triage, clock
    )
    clue = result.clues[0]
    open_measure(
        container.uow(),
        MeasureRequest(clue.id or 0, MeasureKind.TAKEDOWN, "officer-1", ["CSL-47"]),
        container.catalogue,
        clock,
    )
    dead = {p: HttpConnector("http://127.0.0.1:9", p) for p in PLATFORMS}
    for _ in range(4):
        assert deliver_outbox(container.uow(), dead, clock).failed == 0
    # the notice and the author's message: the fifth attempt gives up on both
    assert deliver_outbox(container.uow(), dead, clock).failed == 2
    with container.uow() as uow:
        messages = uow.outbox.all()
    assert {(m.status, m.attempts) for m in messages} == {("failed", 5)}
