"""Clues (线索, M4): the unit of work in a queue, gathering findings about one matter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.errors import InvalidTransition


class ClueStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    ACTIONED = "actioned"
    CLOSED = "closed"


CLUE_TRANSITIONS: dict[ClueStatus, frozenset[ClueStatus]] = {
    ClueStatus.OPEN: frozenset({ClueStatus.CLAIMED, ClueStatus.ACTIONED, ClueStatus.CLOSED}),
    ClueStatus.CLAIMED: frozenset({ClueStatus.OPEN, ClueStatus.ACTIONED, ClueStatus.CLOSED}),
    ClueStatus.ACTIONED: frozenset({ClueStatus.ACTIONED, ClueStatus.CLOSED}),
    ClueStatus.CLOSED: frozenset(),
}


@dataclass
class Clue:
    unit_id: int
    category: Category
    severity: Severity
    post_id: int
    reach: int
    sharing_level: SharingLevel
    created_at: datetime
    updated_at: datetime
    status: ClueStatus = ClueStatus.OPEN
    assignee: str | None = None
    id: int | None = None

    def move_to(self, status: ClueStatus, at: datetime) -> None:
        if status not in CLUE_TRANSITIONS[self.status]:
            raise InvalidTransition(f"clue {self.id} cannot go from {self.status} to {status}")
        self.status = status
        self.updated_at = at
