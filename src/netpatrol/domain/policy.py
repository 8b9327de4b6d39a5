"""Routing policy as data: how widely a clue is shared by default (SPEC M9)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from netpatrol.domain.categories import Severity, SharingLevel


@dataclass(frozen=True)
class SharingPolicy:
    by_severity: Mapping[Severity, SharingLevel]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SharingPolicy:
        table = {Severity(k): SharingLevel(v) for k, v in data["sharing"].items()}
        missing = [s.value for s in Severity if s not in table]
        if missing:
            raise ValueError(f"sharing policy lacks severities: {', '.join(missing)}")
        return cls(table)

    def level_for(self, severity: Severity) -> SharingLevel:
        return self.by_severity[severity]


@dataclass(frozen=True)
class ServiceLevels:
    """How long a clue may wait for a first measure, by severity; wide reach shortens it."""

    hours: Mapping[Severity, float]
    high_reach: int
    high_reach_hours: float

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ServiceLevels:
        sla = data["sla"]
        hours = {Severity(k): float(v) for k, v in sla["hours"].items()}
        missing = [s.value for s in Severity if s not in hours]
        if missing:
            raise ValueError(f"service levels lack severities: {', '.join(missing)}")
        return cls(hours, int(sla["high_reach"]), float(sla["high_reach_hours"]))

    def due(self, severity: Severity, reach: int, since: datetime) -> datetime:
        hours = self.hours[severity]
        if reach >= self.high_reach:
            hours = min(hours, self.high_reach_hours)
        return since + timedelta(hours=hours)
