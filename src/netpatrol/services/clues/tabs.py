"""The queue's tabs (队列分页): mine, my unit's unclaimed, and shared with us, each counted,
so an officer's own work is never buried under other units' shared clues."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from netpatrol.domain.clues import ClueStatus
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.ports import UnitOfWork

OPEN = (ClueStatus.OPEN, ClueStatus.CLAIMED)


class Tab(StrEnum):
    MINE = "mine"  # claimed by or assigned to the reader
    UNIT = "unit"  # the reader's units', nobody's yet
    SHARED = "shared"  # other units' clues shared with the reader's


def narrowed(tab: Tab, reader: str, base: ClueQuery) -> ClueQuery:
    """The queue's filters narrowed to a tab (a status filter other than open keeps its
    status: the tab then only splits by owner)."""
    statuses = base.statuses if base.status is None else None
    if tab is Tab.MINE:
        return replace(base, assignee=reader, statuses=statuses)
    if tab is Tab.UNIT:
        unclaimed = base.status is None
        status = base.status or ClueStatus.OPEN
        return replace(base, own_units=True, unclaimed=unclaimed, status=status, statuses=None)
    return replace(base, own_units=False, statuses=statuses)


def counts(uow: UnitOfWork, reader: str, base: ClueQuery) -> dict[Tab, int]:
    """How many clues each tab holds under the same filters."""
    with uow:
        return {tab: uow.clues.count_queue(narrowed(tab, reader, base)) for tab in Tab}
