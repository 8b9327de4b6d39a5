"""Routing policy as data: how widely a clue is shared by default (SPEC M9)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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


DEFAULT_APPEAL_DAYS = 7.0


@dataclass(frozen=True)
class MeasureRule:
    name: str
    measure: str
    approval: str
    categories: frozenset[str] = frozenset()
    min_severity: Severity = Severity.LOW
    min_reach: int = 0
    min_prior_clues: int = 0
    min_prior_warnings: int = 0

    def matches(
        self, category: str, severity: Severity, reach: int, prior: int, warned: int = 0
    ) -> bool:
        return (
            (not self.categories or category in self.categories)
            and severity.rank >= self.min_severity.rank
            and reach >= self.min_reach
            and prior >= self.min_prior_clues
            and warned >= self.min_prior_warnings
        )


@dataclass(frozen=True)
class MeasurePolicy:
    """The graduated response as data: the first matching rule gives the default measure."""

    rules: tuple[MeasureRule, ...]
    appeal_days: Mapping[str, float] = field(default_factory=dict)

    def days_to_answer(self, kind: str) -> float:
        """How long an appeal against a measure of this kind may wait for its answer."""
        return self.appeal_days.get(kind, DEFAULT_APPEAL_DAYS)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> MeasurePolicy:
        rules = []
        for raw in data["measures"]["rules"]:
            if raw["measure"] not in ("warning", "takedown", "case", "referral", "dismissal"):
                raise ValueError(f"rule {raw.get('name')!r} names an unknown measure")
            rules.append(
                MeasureRule(
                    name=str(raw["name"]),
                    measure=str(raw["measure"]),
                    approval=str(raw.get("approval", "none")),
                    categories=frozenset(raw.get("categories", ())),
                    min_severity=Severity(raw.get("min_severity", "low")),
                    min_reach=int(raw.get("min_reach", 0)),
                    min_prior_clues=int(raw.get("min_prior_clues", 0)),
                    min_prior_warnings=int(raw.get("min_prior_warnings", 0)),
                )
            )
        last = rules[-1] if rules else None
        if (
            last is None
            or last.categories
            or last.min_reach
            or last.min_prior_clues
            or last.min_prior_warnings
            or (last.min_severity is not Severity.LOW)
        ):
            raise ValueError("the last measure rule must match every clue (a default)")
        days = data["measures"].get("appeals", {}).get("answer_days", {})
        if any(float(d) <= 0 for d in days.values()):
            raise ValueError("an appeal's days to answer must be positive")
        return cls(tuple(rules), {str(k): float(v) for k, v in days.items()})

    def default_for(
        self, category: str, severity: Severity, reach: int, prior: int, warned: int = 0
    ) -> MeasureRule:
        return next(r for r in self.rules if r.matches(category, severity, reach, prior, warned))
