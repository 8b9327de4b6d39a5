"""The shared indicator store in memory (the twin of db/matrix.py)."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.indicators import KnownIndicator
from netpatrol.services.ports import Conflict


class MemoryIndicators:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, indicator: KnownIndicator) -> KnownIndicator:
        key = (indicator.kind, indicator.value, indicator.unit_id)
        if any((i.kind, i.value, i.unit_id) == key for i in self.s.indicators.values()):
            raise Conflict(f"{indicator.kind} {indicator.value} is already known")
        indicator.id = self.s.new_id()
        self.s.indicators[indicator.id] = copy.deepcopy(indicator)
        return indicator

    def all(self) -> list[KnownIndicator]:
        return copy.deepcopy(list(self.s.indicators.values()))

    def with_values(self, values: Iterable[str]) -> list[KnownIndicator]:
        wanted = set(values)
        return copy.deepcopy([i for i in self.s.indicators.values() if i.value in wanted])
