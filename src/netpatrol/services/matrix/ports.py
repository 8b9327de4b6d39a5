"""Storage of the shared indicator store."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from netpatrol.domain.indicators import KnownIndicator


class IndicatorRepository(Protocol):
    def add(self, indicator: KnownIndicator) -> KnownIndicator:
        """Store it; Conflict if the unit already holds the same (kind, value)."""
        ...

    def all(self) -> list[KnownIndicator]: ...
    def with_values(self, values: Iterable[str]) -> list[KnownIndicator]:
        """Indicators whose canonical value is one of these (any kind, any unit)."""
        ...
