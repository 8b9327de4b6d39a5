"""The engine: normalise once, extract indicators once, run every detector, judge."""

from __future__ import annotations

from collections.abc import Sequence

from netpatrol.detect.base import DetectorRegistry, Item, Signal
from netpatrol.detect.indicators import extract_many
from netpatrol.detect.normalise import Normaliser
from netpatrol.detect.scoring import SeverityPolicy, Verdict, judge


class Engine:
    def __init__(
        self, normaliser: Normaliser, registry: DetectorRegistry, policy: SeverityPolicy
    ) -> None:
        if not len(registry):
            raise ValueError("the engine needs at least one detector")
        self.normaliser = normaliser
        self.registry = registry
        self.policy = policy

    def versions(self) -> dict[str, str]:
        return {d.get_name(): d.get_version() for d in self.registry}

    def prepare(self, texts: Sequence[str]) -> list[Item]:
        norms = self.normaliser.normalise_many(texts)
        indicators = extract_many([n.folded for n in norms])
        return [Item(n, found) for n, found in zip(norms, indicators, strict=True)]

    def run(self, texts: Sequence[str]) -> list[Verdict]:
        items = self.prepare(texts)
        per_item: list[list[Signal]] = [[] for _ in items]
        for detector in self.registry:
            for bucket, signals in zip(per_item, detector.detect(items), strict=True):
                bucket.extend(signals)
        return [
            judge(signals, self.policy, item.indicators)
            for item, signals in zip(items, per_item, strict=True)
        ]
