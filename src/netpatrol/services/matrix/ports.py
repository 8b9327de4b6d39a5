"""Storage of the shared indicator store and the false-positive reports against it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from netpatrol.domain.indicators import FalsePositiveReport, KnownIndicator


class IndicatorRepository(Protocol):
    def add(self, indicator: KnownIndicator) -> KnownIndicator:
        """Store it; Conflict if the unit already holds the same (kind, value)."""
        ...

    def get(self, indicator_id: int) -> KnownIndicator | None: ...
    def update(self, indicator: KnownIndicator) -> None:
        """Store all but its kind, value, unit and creation time as they are now."""
        ...

    def all(self) -> list[KnownIndicator]: ...
    def with_values(self, values: Iterable[str]) -> list[KnownIndicator]:
        """Indicators whose canonical value is one of these (any kind, any unit)."""
        ...

    def add_report(self, report: FalsePositiveReport) -> FalsePositiveReport: ...
    def open_reports(self) -> list[FalsePositiveReport]:
        """False-positive reports not yet resolved, oldest first."""
        ...

    def resolve_reports(self, indicator_id: int, at: datetime) -> int:
        """Mark the indicator's open reports resolved; how many there were."""
        ...
