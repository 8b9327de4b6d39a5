"""From signals to a verdict: combined score per category, top category, severity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from netpatrol.detect.base import TOPIC_DETECTORS, Signal
from netpatrol.detect.indicators import Indicator
from netpatrol.domain.categories import BENIGN, Category, Severity


@dataclass(frozen=True)
class SeverityPolicy:
    """Policy data: the base severity per category, and the score that makes a finding."""

    base: Mapping[Category, Severity]
    min_score: float = 0.5
    lower_below: float = 0.7
    version: str = "0"
    topic_only_min: float = 0.8  # the score a finding needs when n-grams alone carry it
    topic_min_chars: int = 0  # shorter texts give n-grams too few to judge a topic alone
    claim_min_chars: int = 12  # shorter texts state no claim a rumour finding could rest on
    # texts shorter than this give n-grams alone a finding of a category in short_categories
    # only when each model named in short_models rates it (the corpus model knows short
    # insults and scam SMS from its corpora, not a short line of street slang)
    short_below: int = 0
    short_models: tuple[str, ...] = tuple(sorted(TOPIC_DETECTORS))
    short_categories: frozenset[Category] = frozenset(c for c in Category if c.is_violation)
    topic_only_max: Severity = Severity.MEDIUM  # n-grams alone never propose a case
    # a finding n-grams alone carry must score above what a classifier says of these
    # benign categories (none: never asked)
    topic_over: tuple[Category, ...] = ()
    # a category that gives way to graver ones: when another listed category is a finding
    # too, the post is reported as that one (a hoax that rails at its villains is a hoax)
    yields_to: Mapping[Category, tuple[Category, ...]] = field(default_factory=dict)

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
            topic_only_min=float(data.get("topic_only_min_score", 0.8)),
            topic_min_chars=int(data.get("topic_min_chars", 0)),
            claim_min_chars=int(data.get("claim_min_chars", 12)),
            short_below=int(data.get("short_text_below_chars", 0)),
            short_models=_topic_models(data.get("short_text_models", sorted(TOPIC_DETECTORS))),
            short_categories=frozenset(
                Category(c) for c in data.get("short_text_categories", _VIOLATIONS)
            ),
            topic_only_max=Severity(data.get("topic_only_max_severity", "medium")),
            topic_over=_benign_only(data.get("topic_only_over", ())),
            yields_to={
                Category(k): tuple(Category(c) for c in v)
                for k, v in data.get("yields_to", {}).items()
            },
        )

    def severity(self, category: Category, score: float) -> Severity:
        base = self.base[category]
        return base.lowered() if score < self.lower_below else base


@dataclass(slots=True)
class Verdict:
    category: Category
    score: float
    scores: dict[Category, float]
    severity: Severity | None
    evidence: list[Signal] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    context: str = ""  # the kind of speech seen (a report, a warning ...), '' when none

    @property
    def is_finding(self) -> bool:
        return self.severity is not None


_VIOLATIONS = [c.value for c in Category if c.is_violation]


def _topic_models(names: Sequence[str]) -> tuple[str, ...]:
    found = tuple(str(n) for n in names)
    unknown = sorted(set(found) - TOPIC_DETECTORS)
    if unknown or not found:
        named = ", ".join(sorted(TOPIC_DETECTORS))
        raise ValueError(f"short_text_models names n-gram models only ({named}), one or more")
    return found


def _benign_only(names: Sequence[str]) -> tuple[Category, ...]:
    found = tuple(Category(c) for c in names)
    if any(c not in BENIGN for c in found):
        raise ValueError("topic_only_over names benign categories only (normal, ad)")
    return found


def combine(signals: Sequence[Signal]) -> dict[Category, float]:
    """Noisy-OR over violation categories: independent evidence reinforces.

    Each detector counts a piece of evidence once (the same term twice is one term), so
    repetition alone cannot inflate a score.
    """
    return _tally(signals)[0]


def _tally(signals: Sequence[Signal]) -> tuple[dict[Category, float], dict[Category, float]]:
    """(combine(), what a classifier says of `normal` and `ad`: the highest of each), in one
    pass over the signals."""
    seen: dict[Category, dict[tuple[str, str], float]] = {}
    benign: dict[Category, float] = {}
    for category, weight, _, _, text, detector, ref in signals:
        if category in BENIGN:
            if weight > benign.get(category, -1.0):
                benign[category] = round(weight, 4)
            continue
        if weight <= 0:
            continue
        key = ("topic", "") if detector in TOPIC_DETECTORS else (detector, ref or text.lower())
        pieces = seen.get(category)
        if pieces is None:
            seen[category] = {key: weight}
        elif weight > pieces.get(key, 0.0):
            pieces[key] = weight
    scores = {}
    for category, weights in seen.items():
        remaining = 1.0
        for weight in weights.values():
            remaining *= 1.0 - weight
        scores[category] = round(1.0 - remaining, 4)
    return scores, benign


def judge(
    signals: Sequence[Signal],
    policy: SeverityPolicy,
    indicators: Sequence[Indicator] = (),
    length: int | None = None,
) -> Verdict:
    """The top violation is a finding when it reaches the policy's score.

    Otherwise the post is `normal`, or `ad` when a classifier rates advertising above
    normal: spam is noise to be told apart, not an offence. (Categories are str enums, so
    they serve as the keys of `scores` directly.)
    """
    scores, benign = _tally(signals)
    # noisy-OR never exceeds the sum, so most posts are settled without sorting anything
    if scores and sum(scores.values()) >= policy.min_score:
        category, score = _top(scores)
        found = _finding(category, score, signals, policy, length, benign)
        if found is None and len(scores) > 1:
            # the top category may rest on n-grams the classifiers find ordinary: a lower
            # one with a rule's evidence is still a finding (IT部通知 ... 验证码回复给我)
            category, score, found = _next_finding(
                category, scores, signals, policy, length, benign
            )
        for other in policy.yields_to.get(category, ()):
            if other in scores:
                instead = _finding(other, scores[other], signals, policy, length, benign)
                if instead is not None:
                    category, score, found = other, scores[other], instead
                    break
        if found is not None:
            evidence, topic_only = found
            named = dict(sorted(scores.items(), key=lambda i: -i[1]))
            named.update(benign)
            severity = policy.severity(category, score)
            if topic_only:  # n-grams alone say topic, not intent
                severity = min(severity.lowered(), policy.topic_only_max, key=lambda s: s.rank)
            return Verdict(category, score, named, severity, evidence, list(indicators))
    named = dict(scores)
    named.update(benign)
    if not benign:
        normal = round(1.0 - max(scores.values(), default=0.0), 4)
        named[Category.NORMAL] = normal
        return Verdict(Category.NORMAL, normal, named, None, [], list(indicators))
    top, weight = _top(benign)
    return Verdict(top, weight, named, None, [], list(indicators))


def _next_finding(
    top: Category,
    scores: dict[Category, float],
    signals: Sequence[Signal],
    policy: SeverityPolicy,
    length: int | None,
    benign: Mapping[Category, float],
) -> tuple[Category, float, tuple[list[Signal], bool] | None]:
    """The highest category after `top` that is a finding (ties: the larger name, as _top
    picks); `top` with no finding when there is none."""
    for category, score in sorted(scores.items(), key=lambda i: (i[1], i[0]), reverse=True):
        if category is top:
            continue  # _finding turns down a score below its threshold itself
        found = _finding(category, score, signals, policy, length, benign)
        if found is not None:
            return category, score, found
    return top, scores[top], None


def _finding(
    category: Category,
    score: float,
    signals: Sequence[Signal],
    policy: SeverityPolicy,
    length: int | None,
    benign: Mapping[Category, float],
) -> tuple[list[Signal], bool] | None:
    """(the evidence, whether n-grams alone carry it) when `category` at `score` is a
    finding; None when it is not."""
    if score < min(policy.min_score, policy.topic_only_min):
        return None
    evidence = sorted(
        (s for s in signals if s.category is category and s.end > s.start),
        key=lambda s: (s.start, s.end, -s.weight),
    )
    # intent needs one piece of evidence strong enough alone: weak cues and n-grams
    # together say topic, and are held lower
    topic_only = not any(
        s.detector not in TOPIC_DETECTORS and s.weight >= policy.min_score for s in evidence
    )
    needed = policy.claim_min_chars if category is Category.RUMOUR else policy.topic_min_chars
    if topic_only and length is not None and length < needed:
        return None
    if topic_only and any(score <= benign.get(c, -1.0) for c in policy.topic_over):
        return None  # the classifiers find the post more ordinary than this
    if topic_only and _too_short(category, signals, policy, length):
        return None  # a short line of street slang: the street model must read it so
    threshold = policy.topic_only_min if topic_only else policy.min_score
    return (evidence, topic_only) if score >= threshold else None


def _too_short(
    category: Category, signals: Sequence[Signal], policy: SeverityPolicy, length: int | None
) -> bool:
    return (
        length is not None
        and length < policy.short_below
        and category in policy.short_categories
        and not _models_agree(category, signals, policy.short_models, policy.min_score)
    )


def _models_agree(
    category: Category, signals: Sequence[Signal], models: Sequence[str], floor: float
) -> bool:
    """Each of the n-gram `models` rates `category` at `floor` or more."""
    rated = dict.fromkeys(models, 0.0)
    for s in signals:
        if s.category is category and s.detector in rated and s.weight > rated[s.detector]:
            rated[s.detector] = s.weight
    return min(rated.values()) >= floor


def _top(weights: dict[Category, float]) -> tuple[Category, float]:
    """The category with the highest weight, then the larger name (as max() would pick)."""
    top, weight = next(iter(weights.items()))
    for other, other_weight in weights.items():
        if other_weight > weight or (other_weight == weight and other > top):
            top, weight = other, other_weight
    return top, weight
