"""The assistance request's state table, its thread's rule, and which units a clue touches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netpatrol import data
from netpatrol.domain.assistance import (
    ASSISTANCE_TRANSITIONS,
    AssistanceKind,
    AssistanceRequest,
    AssistanceStatus,
)
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.clue_threads import units_touched
from netpatrol.domain.errors import InvalidTransition, RuleViolation
from netpatrol.services.accounts.units import units_from_data

NOW = datetime(2026, 11, 30, 8, tzinfo=UTC)


def _request() -> AssistanceRequest:
    return AssistanceRequest(
        clue_id=1,
        from_unit_id=2,
        to_unit_id=3,
        kind=AssistanceKind.CHECK_LEAD,
        note="请核查",
        deadline=NOW + timedelta(hours=24),
        sharing_level=SharingLevel.UNIT,
        created_by="gz",
        created_at=NOW,
    )


@pytest.mark.parametrize("start", list(AssistanceStatus))
@pytest.mark.parametrize("to", list(AssistanceStatus))
def test_every_move_follows_the_table(start: AssistanceStatus, to: AssistanceStatus) -> None:
    request = _request()
    request.status = start
    if to in ASSISTANCE_TRANSITIONS[start]:
        request.move_to(to, NOW)
        assert request.status is to
    else:
        with pytest.raises(InvalidTransition) as refused:
            request.move_to(to, NOW)
        assert refused.value.rule == "assistance.transition"


def test_the_thread_takes_answers_while_live_and_notifies_the_other_side() -> None:
    request = _request()
    request.unread_by_asked = False
    request.take_answer(NOW + timedelta(hours=1), by_asker=False)
    assert request.unread_by_asker and request.first_answer_at == NOW + timedelta(hours=1)
    request.take_answer(NOW + timedelta(hours=2), by_asker=True)
    assert request.unread_by_asked and request.first_answer_at == NOW + timedelta(hours=1)
    request.close("gz", NOW, by_asker=True)
    with pytest.raises(InvalidTransition) as refused:
        request.take_answer(NOW, by_asker=False)
    assert refused.value.rule == "assistance.closed"


def test_declining_needs_a_reason_and_overdue_is_live_past_deadline() -> None:
    request = _request()
    with pytest.raises(RuleViolation):
        request.decline("sz", "  ", NOW)
    assert request.status is AssistanceStatus.REQUESTED
    assert not request.overdue(NOW) and request.overdue(NOW + timedelta(hours=25))
    request.decline("sz", "非本辖区", NOW)
    assert not request.overdue(NOW + timedelta(hours=25))


def test_units_touched_are_the_places_named_most_specific_first() -> None:
    units = units_from_data(data.load_json("units.json"))
    codes = [u.code for u in units_touched(units, ["广东深圳", "听说武汉那边也有人收到"])]
    assert codes == ["420100", "440300"]  # 广东 is only part of 深圳's name here
    assert [u.code for u in units_touched(units, ["广东", ""])] == ["440000"]
    assert units_touched(units, ["今天天气不错"]) == []
