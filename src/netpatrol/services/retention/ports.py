"""What retention needs from storage: what has passed its period, and the action on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from netpatrol.domain.retention import DataClass


class RetentionStore(Protocol):
    def due(
        self,
        data: DataClass,
        cutoff: datetime,
        hold: bool,
        limit: int,
        after: int | None = None,
    ) -> list[int]:
        """Ids (above `after`, where given) of what passed its period before `cutoff` and is not yet
        treated, in ascending order; with `hold`, nothing of a clue with an open case.
        Batches walk the ids by key, so no batch re-reads what an earlier one removed."""
        ...

    def count_due(self, data: DataClass, cutoff: datetime, hold: bool) -> int:
        """How many `due` would return without a limit, counted where the data lives."""
        ...

    def apply(self, data: DataClass, ids: Sequence[int], pseudonym: Callable[[str], str]) -> int:
        """Delete or pseudonymise these (the policy fixes which for each class); how many."""
        ...

    def drop_months(self, data: DataClass, cutoff: datetime, hold: bool) -> tuple[int, list[str]]:
        """Where the class is kept in monthly partitions (PostgreSQL), drop each month that
        ended by `cutoff` and holds nothing under hold: (rows dropped, partitions dropped).
        Elsewhere (0, []): its rows go through `due` and `apply`."""
        ...
