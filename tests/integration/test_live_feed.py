"""The live queue's feed, one contract run against the in-memory twin and the SQL adapter
on SQLite and PostgreSQL: a new clue, a graver one and an overdue one are each told once,
and a unit's clue stays out of a neighbour's feed."""

from __future__ import annotations

from datetime import timedelta

from netpatrol.domain.categories import Category, Severity
from netpatrol.domain.users import Visibility
from netpatrol.services.clues.live import Change, Feed
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.ports import UnitOfWork
from tests.integration.test_repositories import NOW
from tests.integration.test_worklist_storage import _store


def test_arrivals_rises_and_breaches_are_told_once(uow: UnitOfWork) -> None:
    with uow:
        first = next(u.id or 0 for u in uow.units.all() if u.level.value == "city")
    mine = Feed(ClueQuery(visibility=Visibility(frozenset({first}), frozenset())), NOW)
    clues, first_again, second = _store(uow)
    assert first_again == first
    told = mine.poll(uow)
    ours = [c.id for c in clues if c.unit_id == first]
    shared = [c.id for c in clues if c.unit_id == second]  # shared nationally: seen too
    assert sorted(e.clue_id for e in told) == sorted(ours + shared)
    assert {e.change for e in told} == {Change.ARRIVED}
    assert mine.poll(uow) == []  # nothing new: nothing told

    later = NOW + timedelta(minutes=5)
    with uow:
        graver = uow.clues.get(ours[0] or 0)
        overdue = uow.clues.get(ours[1] or 0)
        assert graver is not None and overdue is not None
        graver.absorb(Category.DRUGS, Severity.CRITICAL, 10, 0.0, later)
        uow.clues.update(graver)
        overdue.breached_at = later
        uow.clues.update(overdue)
        uow.commit()
    again = {e.clue_id: e.change for e in mine.poll(uow)}
    assert again == {graver.id: Change.ROSE, overdue.id: Change.BREACHED}
    assert mine.poll(uow) == []

    neighbour = Feed(ClueQuery(visibility=Visibility(frozenset({second}), frozenset())), NOW)
    assert [e.clue_id for e in neighbour.poll(uow)] == shared
