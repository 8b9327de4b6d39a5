"""What retention needs from storage: what has passed its period, and the action on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from netpatrol.domain.retention import DataClass


class RetentionStore(Protocol):
    def due(self, data: DataClass, cutoff: datetime, hold: bool, limit: int | None) -> list[int]:
        """Ids of what passed its period before `cutoff` and is not yet treated, oldest
        first; with `hold`, nothing of a clue with an open case."""
        ...

    def apply(self, data: DataClass, ids: Sequence[int], pseudonym: Callable[[str], str]) -> int:
        """Delete or pseudonymise these (the policy fixes which for each class); how many."""
        ...

    def drop_months(self, data: DataClass, cutoff: datetime, hold: bool) -> tuple[int, list[str]]:
        """Where the class is kept in monthly partitions (PostgreSQL), drop each month that
        ended by `cutoff` and holds nothing under hold: (rows dropped, partitions dropped).
        Elsewhere (0, []): its rows go through `due` and `apply`."""
        ...
