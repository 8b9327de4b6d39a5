"""From signals to a verdict: combined score per category, top category, severity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from netpatrol.detect.base import Signal
from netpatrol.domain.categories import Category, Severity


@dataclass(frozen=True)
class SeverityPolicy:
    """Policy data: the base severity per category, and the score that makes a finding."""

    base: Mapping[Category, Severity]
    min_score: float = 0.5
    lower_below: float = 0.7
    version: str = "0"

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SeverityPolicy:
        base = {Category(k): Severity(v) for k, v in data["severity"].items()}
        missing = [c.value for c in Category if c.is_violation and c not in base]
        if missing:
            raise ValueError(f"severity policy lacks categories: {', '.join(missing)}")
        return cls(
            base=base,
            min_score=float(data.get("min_score", 0.5)),
            lower_below=float(data.get("lower_below", 0.7)),
            version=str(data.get("version", "0")),
        )

    def severity(self, category: Category, score: float) -> Severity:
        base = self.base[category]
        return base.lowered() if score < self.lower_below else base


@dataclass(frozen=True)
class Verdict:
    category: Category
    score: float
    scores: dict[str, float]
    severity: Severity | None
    evidence: list[Signal] = field(default_factory=list)

    @property
    def is_finding(self) -> bool:
        return self.severity is not None


def combine(signals: Sequence[Signal]) -> dict[Category, float]:
    """Noisy-OR per category: independent pieces of evidence reinforce each other.

    The same term seen twice counts once, so repetition alone cannot inflate a score.
    """
    seen: dict[Category, dict[str, float]] = defaultdict(dict)
    for signal in signals:
        key = f"{signal.detector}:{signal.text.lower()}"
        seen[signal.category][key] = max(seen[signal.category].get(key, 0.0), signal.weight)
    scores = {}
    for category, weights in seen.items():
        remaining = 1.0
        for weight in weights.values():
            remaining *= 1.0 - weight
        scores[category] = round(1.0 - remaining, 4)
    return scores


def judge(signals: Sequence[Signal], policy: SeverityPolicy) -> Verdict:
    scores = combine(signals)
    if not scores:
        return Verdict(Category.NORMAL, 0.0, {Category.NORMAL.value: 1.0}, None)
    category, score = max(scores.items(), key=lambda item: (item[1], item[0].value))
    named = {c.value: s for c, s in sorted(scores.items(), key=lambda i: -i[1])}
    if score < policy.min_score:
        named[Category.NORMAL.value] = round(1.0 - score, 4)
        return Verdict(Category.NORMAL, round(1.0 - score, 4), named, None)
    evidence = sorted(
        (s for s in signals if s.category is category), key=lambda s: (s.start, s.end)
    )
    return Verdict(category, score, named, policy.severity(category, score), evidence)
