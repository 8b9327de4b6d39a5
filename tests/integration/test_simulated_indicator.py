"""The simulated day proposes a fraud clue's scam number as an indicator; the public lookup
names it only after a supervisor confirmed it."""

from __future__ import annotations

from pathlib import Path

from netpatrol.bootstrap import Container
from netpatrol.domain.indicators import ReviewState
from netpatrol.services.matrix import indicators
from netpatrol.services.public.lookup import lookup
from tests.factories import simulated_day


def test_the_day_has_an_officer_propose_and_a_supervisor_confirm_an_indicator(
    container: Container, tmp_path: Path
) -> None:
    day = simulated_day(container, tmp_path / "case", posts=120)
    [line] = [line for line in day.log if line.startswith("indicator ")]
    assert "lookup did not know it" in line and "lookup knows it" in line, line
    [found] = indicators.list_indicators(container.uow())
    assert (found.proposer, found.reviewer) == ("officer-day", "supervisor-day")
    assert found.review is ReviewState.CONFIRMED and found.source_clue_id is not None
    assert lookup(container.uow(), found.value, now=container.clock()).category == "fraud"
    with container.uow() as uow:
        trail = uow.audit.for_subject("indicator", str(found.id))
    assert [e.action for e in trail] == ["indicator.proposed", "indicator.confirmed"]
    assert trail[1].at > trail[0].at
