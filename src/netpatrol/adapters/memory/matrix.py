"""The shared indicator store in memory (the twin of db/matrix.py)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.indicators import FalsePositiveReport, KnownIndicator
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

    def get(self, indicator_id: int) -> KnownIndicator | None:
        return copy.deepcopy(self.s.indicators.get(indicator_id))

    def update(self, indicator: KnownIndicator) -> None:
        if indicator.id in self.s.indicators:
            self.s.indicators[indicator.id] = copy.deepcopy(indicator)

    def all(self) -> list[KnownIndicator]:
        return copy.deepcopy(sorted(self.s.indicators.values(), key=lambda i: i.id or 0))

    def with_values(self, values: Iterable[str]) -> list[KnownIndicator]:
        wanted = set(values)
        return [i for i in self.all() if i.value in wanted]

    def add_report(self, report: FalsePositiveReport) -> FalsePositiveReport:
        report.id = self.s.new_id()
        self.s.indicator_reports[report.id] = copy.deepcopy(report)
        return report

    def open_reports(self) -> list[FalsePositiveReport]:
        found = [r for r in self.s.indicator_reports.values() if r.resolved_at is None]
        return copy.deepcopy(sorted(found, key=lambda r: r.id or 0))

    def resolve_reports(self, indicator_id: int, at: datetime) -> int:
        found = [
            r
            for r in self.s.indicator_reports.values()
            if r.indicator_id == indicator_id and r.resolved_at is None
        ]
        for report in found:
            report.resolved_at = at
        return len(found)
