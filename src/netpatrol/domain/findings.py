"""Findings (M3): what a detector saw in a post, with the evidence that explains it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.domain.categories import Category, Severity


@dataclass(frozen=True)
class Evidence:
    """A span of the original text, [start, end) in characters, who pointed at it, and the
    rule or term that did ('' for a classifier's n-grams)."""

    start: int
    end: int
    text: str
    detector: str
    rule: str = ""

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "detector": self.detector,
        }
        if self.rule:
            out["rule"] = self.rule
        return out

    @property
    def label(self) -> str:
        """The detector and, where there is one, its rule: intent:drugs.slang_in_trade."""
        return f"{self.detector}:{self.rule}" if self.rule else self.detector


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

    @property
    def rules(self) -> list[str]:
        """The rules and terms behind the finding; none when n-grams alone carry it."""
        return sorted({e.rule for e in self.evidence if e.rule})
