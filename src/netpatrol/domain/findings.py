"""Findings (M3): what a detector saw in a post, with the evidence that explains it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.domain.categories import Category, Severity


@dataclass(frozen=True)
class Evidence:
    """A span of the original text, [start, end) in characters, and who pointed at it."""

    start: int
    end: int
    text: str
    detector: str

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "detector": self.detector}


@dataclass
class Finding:
    category: Category
    score: float
    severity: Severity
    evidence: list[Evidence]
    detector: str
    detector_version: str
    post_id: int | None = None
    clue_id: int | None = None
    created_at: datetime | None = None
    id: int | None = None
    scores: dict[str, float] = field(default_factory=dict)
