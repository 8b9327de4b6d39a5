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
    # an upheld appeal against a dismissal puts the clue back in the queue
    ClueStatus.CLOSED: frozenset({ClueStatus.OPEN}),
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
    due_at: datetime | None = None
    claimed_at: datetime | None = None
    breached_at: datetime | None = None
    growth: float = 0.0  # reach per hour of its posts when seen: the spread speed
    priority: float = 0.0  # public tips: the reporters' reliability above neutral

    @property
    def is_open(self) -> bool:
        return self.status in (ClueStatus.OPEN, ClueStatus.CLAIMED)

    def absorb(
        self, category: Category, severity: Severity, reach: int, growth: float, at: datetime
    ) -> None:
        """Another finding about the same matter: the clue takes the graver category, and
        the reach and spread of both posts."""
        if severity.rank > self.severity.rank:
            self.category, self.severity = category, severity
        self.reach += reach
        self.growth = round(self.growth + growth, 2)
        self.updated_at = at

    def move_to(self, status: ClueStatus, at: datetime) -> None:
        if status not in CLUE_TRANSITIONS[self.status]:
            raise InvalidTransition(f"clue {self.id} cannot go from {self.status} to {status}")
        self.status = status
        self.updated_at = at


def merge_keys(platform: str, external_id: str, author_id: str, refs: list[str]) -> set[str]:
    """What makes two findings one matter: the same post, author, indicator or cluster."""
    keys = {f"post:{platform}:{external_id}", f"author:{platform}:{author_id}"}
    keys.update(refs)
    return keys
