"""The engine: normalise once, extract indicators once, run every detector, judge."""

from __future__ import annotations

from collections.abc import Sequence

from netpatrol.detect.base import DetectorRegistry, Item, Signal
from netpatrol.detect.discourse import DiscourseReader
from netpatrol.detect.indicators import extract_many
from netpatrol.detect.normalise import Normaliser
from netpatrol.detect.scoring import SeverityPolicy, Verdict, judge


class Engine:
    def __init__(
        self,
        normaliser: Normaliser,
        registry: DetectorRegistry,
        policy: SeverityPolicy,
        discourse: DiscourseReader | None = None,
    ) -> None:
        if not len(registry):
            raise ValueError("the engine needs at least one detector")
        self.normaliser = normaliser
        self.registry = registry
        self.policy = policy
        self.discourse = discourse

    def versions(self) -> dict[str, str]:
        found = {d.get_name(): d.get_version() for d in self.registry}
        if self.discourse is not None:
            found["discourse"] = self.discourse.version
        return found

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
        if self.discourse is None:
            return [
                judge(signals, self.policy, item.indicators, len(item.text))
                for item, signals in zip(items, per_item, strict=True)
            ]
        verdicts = []
        for item, signals, context in zip(items, per_item, self.discourse.read(items), strict=True):
            weighed = self.discourse.apply(item, context, signals)
            verdict = judge(weighed, self.policy, item.indicators, len(item.text))
            verdict.context = context.kind
            verdicts.append(verdict)
        return verdicts
