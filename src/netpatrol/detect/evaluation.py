"""Quality figures: per-category precision, recall, F1, macro-F1, accuracy, confusion."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Scores:
    accuracy: float
    macro_f1: float
    per_category: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_category": self.per_category,
            "confusion": self.confusion,
        }


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Macro-F1 averages over the categories present in the gold labels."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_counts = Counter(gold)
    pred_counts = Counter(predicted)
    per_category: dict[str, dict[str, float]] = {}
    for category in sorted(gold_counts):
        hits = pairs[(category, category)]
        precision = hits / pred_counts[category] if pred_counts[category] else 0.0
        recall = hits / gold_counts[category]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_category[category] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": gold_counts[category],
        }
    correct = sum(n for (g, p), n in pairs.items() if g == p)
    confusion: dict[str, dict[str, int]] = defaultdict(dict)
    for (g, p), n in sorted(pairs.items()):
        confusion[g][p] = n
    macro = sum(v["f1"] for v in per_category.values()) / max(len(per_category), 1)
    return Scores(
        accuracy=round(correct / max(len(gold), 1), 4),
        macro_f1=round(macro, 4),
        per_category=per_category,
        confusion=dict(confusion),
    )


@dataclass
class Report:
    pooled: Scores
    by_source: dict[str, Scores]

    def as_dict(self) -> dict[str, Any]:
        return {
            "pooled": self.pooled.as_dict(),
            "by_source": {k: v.as_dict() for k, v in sorted(self.by_source.items())},
        }


def report(gold: Sequence[str], predicted: Sequence[str], sources: Sequence[str]) -> Report:
    by_source: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for g, p, s in zip(gold, predicted, sources, strict=True):
        by_source[s][0].append(g)
        by_source[s][1].append(p)
    return Report(score(gold, predicted), {s: score(g, p) for s, (g, p) in by_source.items()})


@dataclass
class Outcome:
    """What the engine made of one labelled post: its category, and whether it is a finding
    and at which severity ('' when none)."""

    category: str
    severity: str


def street_figures(
    gold: Sequence[str], evasions: Sequence[str], outcomes: Sequence[Outcome]
) -> dict[str, Any]:
    """The street set's figures: recall on plain and hand-evaded illegal posts (found at all,
    and in the right category), and how often innocent posts are flagged, and how high."""
    if not len(gold) == len(evasions) == len(outcomes):
        raise ValueError("gold, evasions and outcomes differ in length")
    benign = {"normal", "ad"}
    plain = [
        (g, o)
        for g, e, o in zip(gold, evasions, outcomes, strict=True)
        if g not in benign and not e
    ]
    evaded = [
        (g, o) for g, e, o in zip(gold, evasions, outcomes, strict=True) if g not in benign and e
    ]
    innocent = [o for g, o in zip(gold, outcomes, strict=True) if g in benign]
    flagged = [o for o in innocent if o.severity]
    per_category: dict[str, dict[str, float]] = {}
    for category in sorted({g for g, _ in plain + evaded}):
        mine = [o for g, o in plain + evaded if g == category]
        per_category[category] = {
            "support": len(mine),
            "found": _share(o.severity != "" for o in mine),
            "right_category": _share(o.category == category for o in mine),
        }
    return {
        "plain": len(plain),
        "plain_found": _share(o.severity != "" for _, o in plain),
        "plain_right_category": _share(o.category == g for g, o in plain),
        "hand_evaded": len(evaded),
        "hand_evaded_found": _share(o.severity != "" for _, o in evaded),
        "innocent": len(innocent),
        "innocent_flagged": _share(o.severity != "" for o in innocent),
        "innocent_high_or_critical": sum(o.severity in ("high", "critical") for o in flagged),
        "innocent_flagged_by_category": dict(Counter(o.category for o in flagged)),
        "per_category": per_category,
    }


def _share(flags: Any) -> float:
    values = list(flags)
    return round(sum(values) / len(values), 4) if values else 0.0
