"""Routing policy as data: how widely a clue is shared by default (SPEC M9)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
