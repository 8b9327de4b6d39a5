"""The live queue (实时队列): one reader's cursor over the clues they may see, asked every
few seconds what arrived, rose in severity or breached its time limit since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.clues import Clue
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.ports import UnitOfWork

BATCH = 100


class Change(StrEnum):
    ARRIVED = "arrived"  # a new clue
    ROSE = "rose"  # graver than when this feed last saw it
    BREACHED = "breached"  # its time limit passed
    CHANGED = "changed"  # claimed, released, acted on, or grown


@dataclass(frozen=True)
class Event:
    clue_id: int
    change: Change
    severity: str
    status: str
    unit_id: int


class Feed:
    """Changes since a cursor; a clue is told once per change, however often it is asked."""

    def __init__(self, query: ClueQuery, since: datetime) -> None:
        self.query = query
        self.since = since
        self.started = since
        self.seen: dict[int, tuple[datetime, datetime | None, int]] = {}

    def poll(self, uow: UnitOfWork) -> list[Event]:
        with uow:
            changed = uow.clues.changed_since(self.query, self.since, BATCH)
        events = [e for e in (self._event(c) for c in changed) if e is not None]
        for clue in changed:
            latest = max(clue.updated_at, clue.breached_at or clue.updated_at)
            self.since = max(self.since, latest)
        return events

    def _event(self, clue: Clue) -> Event | None:
        clue_id = clue.id or 0
        before = self.seen.get(clue_id)
        now = (clue.updated_at, clue.breached_at, clue.severity.rank)
        if before == now:
            return None
        self.seen[clue_id] = now
        if before is None and clue.created_at >= self.started:
            change = Change.ARRIVED
        elif clue.breached_at is not None and (before is None or before[1] != clue.breached_at):
            change = Change.BREACHED if clue.breached_at >= self.started else Change.CHANGED
        elif before is not None and clue.severity.rank > before[2]:
            change = Change.ROSE
        else:
            change = Change.CHANGED
        return Event(clue_id, change, clue.severity.value, clue.status.value, clue.unit_id)
