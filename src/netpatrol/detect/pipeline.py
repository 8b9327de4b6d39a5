"""The engine: every registered detector over a batch, then one verdict per text."""

from __future__ import annotations

from collections.abc import Sequence

from netpatrol.detect.base import DetectorRegistry, Signal
from netpatrol.detect.scoring import SeverityPolicy, Verdict, judge


class Engine:
    def __init__(self, registry: DetectorRegistry, policy: SeverityPolicy) -> None:
        if not len(registry):
            raise ValueError("the engine needs at least one detector")
        self.registry = registry
        self.policy = policy

    def versions(self) -> dict[str, str]:
        return {d.get_name(): d.get_version() for d in self.registry}

    def run(self, texts: Sequence[str]) -> list[Verdict]:
        per_text: list[list[Signal]] = [[] for _ in texts]
        for detector in self.registry:
            for bucket, signals in zip(per_text, detector.detect(texts), strict=True):
                bucket.extend(signals)
        return [judge(signals, self.policy) for signals in per_text]
