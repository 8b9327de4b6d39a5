"""Clues that touch several units, the clue's notes, overdue assistance and the figures per
unit, on SQLite and PostgreSQL; and the simulated day's request answered by another unit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netpatrol.bootstrap import Container
from netpatrol.domain.assistance import AssistanceKind, AssistanceStatus
from netpatrol.domain.errors import InvalidTransition, NotFound, PermissionDenied
from netpatrol.services.assistance import reads, requests
from netpatrol.services.assistance.acting import acting_for_unit
from netpatrol.services.assistance.timers import escalate_overdue
from netpatrol.services.clues import notes, participants
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from tests.factories import simulated_day


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _scam_post(region: str, text: str) -> dict[str, object]:
    return {
        "platform": "weibo",
        "id": "wb-touch-1",
        "author": {"id": "880011", "name": "办证小王", "region": region},
        "text": text,
        "created_at": "2026-11-30T07:00:00+08:00",
        "links": [],
        "reposts": 3,
        "comments": 1,
        "likes": 0,
        "parent_id": None,
    }


def _clue_touching(container: Container, clock: Clock) -> int:
    post = parse_post(
        _scam_post(
            "广东 广州", "私刻公章、假身份证、假文凭一条龙，深圳、武汉当天取件，加V banzheng188"
        )
    )
    result = patrol_batch(container.uow(), [post], container.detection(), container.triage, clock)
    [clue] = result.clues
    return clue.id or 0


def test_places_named_in_a_post_make_their_units_participants(
    container: Container,
) -> None:
    clock = Clock()
    cid = _clue_touching(container, clock)
    with container.uow() as uow:
        owner = uow.units.get(uow.clues.get(cid).unit_id)  # type: ignore[union-attr]
    assert owner is not None and owner.code == "440100"  # the author's region
    codes = {u.code for _, u in participants.participants(container.uow(), cid)}
    assert codes == {"440300", "420100"}  # 深圳 and 武汉, named in the text

    shenzhen = acting_for_unit(container.uow(), "sz.officer", "440300")
    beijing = acting_for_unit(container.uow(), "bj.officer", "110000")
    note = notes.add_note(
        container.uow(),
        cid,
        "深圳取件点已布控",
        "sz.officer",
        shenzhen.unit_id,
        shenzhen.seen,
        clock,
    )
    assert [n.text for n in notes.notes_for(container.uow(), cid)] == [note.text]
    with pytest.raises(NotFound):  # neither owner nor participant: as if it did not exist
        notes.add_note(
            container.uow(), cid, "x", "bj.officer", beijing.unit_id, beijing.seen, clock
        )
    with container.uow() as uow:
        trail = uow.audit.for_subject("clue", str(cid))
    assert {"clue.participants_added", "clue.note_added"} <= {e.action for e in trail}


def test_overdue_requests_are_flagged_once_and_figures_count_answers(
    container: Container,
) -> None:
    clock = Clock()
    cid = _clue_touching(container, clock)
    guangzhou = acting_for_unit(container.uow(), "gz.officer", "440100")
    desk = acting_for_unit(container.uow(), "desk", "000000")
    shenzhen = acting_for_unit(container.uow(), "sz.officer", "440300")
    ask = requests.Ask(cid, ["000000", "440300"], AssistanceKind.CHECK_LEAD, "请核查", 4)
    to_desk, to_shenzhen = requests.ask(container.uow(), ask, guangzhou, clock)
    with pytest.raises(PermissionDenied):  # only the owner asks
        requests.ask(container.uow(), ask, shenzhen, clock)
    clock.now += timedelta(hours=2)
    requests.answer(container.uow(), to_shenzhen.id or 0, "已核实", [], shenzhen, clock)
    requests.close(container.uow(), to_shenzhen.id or 0, guangzhou, clock)
    with pytest.raises(InvalidTransition):
        requests.accept(container.uow(), to_shenzhen.id or 0, shenzhen, clock)

    clock.now += timedelta(hours=3)
    assert escalate_overdue(container.uow(), clock) == 1  # the desk's, still waiting
    assert escalate_overdue(container.uow(), clock) == 0  # flagged once
    seen = reads.view(container.uow(), to_desk.id or 0, desk, clock)
    assert seen.overdue and seen.request.status is AssistanceStatus.REQUESTED
    with container.uow() as uow:
        trail = uow.audit.for_subject("assistance", str(to_desk.id))
    assert "assistance.escalated" in [e.action for e in trail]

    rows = {f.unit.code: f for f in reads.figures(container.uow(), None, clock.now, 30)}
    assert (rows["440300"].asked, rows["440300"].answered) == (1, 1)
    assert rows["440300"].median_hours == 2.0
    assert (rows["000000"].asked, rows["000000"].answered) == (1, 0)
    assert rows["000000"].median_hours is None


def test_the_simulated_day_has_a_request_answered_by_another_unit(
    container: Container, tmp_path: Path
) -> None:
    day = simulated_day(container, tmp_path / "case", posts=200)
    outcome = day.assistance
    assert outcome is not None and outcome.request_id is not None
    assert outcome.answered_by != outcome.asker and outcome.answers_read == 1
    assert outcome.closed and outcome.overdue_flagged == 1
    assert day.audit_intact
