"""Storage of clues and their evidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from netpatrol.domain.categories import Category
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.domain.users import Visibility
from netpatrol.domain.views import SavedView


@dataclass(frozen=True)
class ClueQuery:
    """Which clues a queue shows: a unit subtree, what the reader may see, and filters."""

    unit_ids: Sequence[int] | None = None
    visibility: Visibility | None = None
    status: ClueStatus | None = None
    statuses: Sequence[ClueStatus] | None = None
    category: Category | None = None
    platform: str | None = None
    assignee: str | None = None
    own_units: bool | None = None  # True: the reader's own units; False: shared with them
    unclaimed: bool = False


class ClueRepository(Protocol):
    def add_many(self, clues: Sequence[Clue]) -> None: ...
    def get(self, clue_id: int) -> Clue | None: ...
    def get_many(self, clue_ids: Iterable[int]) -> dict[int, Clue]: ...
    def update(self, clue: Clue) -> None: ...
    def update_many(self, clues: Sequence[Clue]) -> None:
        """Store each of these (stored) clues' state: one statement for all of them."""
        ...

    def queue(self, query: ClueQuery, limit: int, offset: int) -> list[Clue]:
        """Clues by severity, then reliable reporters' priority, then spread speed, then
        reach, then age (oldest first)."""
        ...

    def count_queue(self, query: ClueQuery) -> int:
        """How many clues `queue` would list without a limit."""
        ...

    def with_keys(self, keys: Iterable[str], limit: int) -> list[Clue]:
        """Clues in any state that share one of these keys, newest first."""
        ...

    def keys_of(self, clue_id: int) -> set[str]: ...

    def count(self) -> int: ...
    def open_by_keys(self, keys: Iterable[str]) -> list[Clue]:
        """Open or claimed clues that share any of these keys, oldest first."""
        ...

    def open_by_each_key(self, keys: Iterable[str]) -> dict[str, list[Clue]]:
        """For each of these keys an open or claimed clue holds, those clues, oldest first:
        a patrol batch's findings looked up at once, not one query a finding."""
        ...

    def add_keys(self, clue_id: int, keys: Iterable[str]) -> None: ...
    def add_keys_many(self, keys_of: Mapping[int, Iterable[str]]) -> None:
        """`add_keys` for several clues (clue id -> keys) in one statement."""
        ...

    def count_with_key(self, key: str) -> int:
        """Clues, in any state, about this post, author, indicator or known item."""
        ...

    def changed_since(self, query: ClueQuery, since: datetime, limit: int) -> list[Clue]:
        """Clues the query shows that changed, or breached their time limit, at or after
        `since`: the live queue's feed, earliest change first."""
        ...

    def past_due(self, now: datetime, limit: int) -> list[Clue]:
        """Open clues whose service level ran out and that are not yet marked breached."""
        ...


class EvidenceRepository(Protocol):
    def add(self, item: EvidenceItem) -> EvidenceItem: ...
    def for_clue(self, clue_id: int) -> list[EvidenceItem]: ...


class SavedViewRepository(Protocol):
    def add(self, view: SavedView) -> SavedView:
        """Store a new view; Conflict (at commit) when the user has one of that name."""
        ...

    def for_user(self, username: str) -> list[SavedView]:
        """The user's views by name."""
        ...

    def get(self, view_id: int) -> SavedView | None: ...
    def delete(self, view_id: int) -> None: ...
