"""The engine: normalise once, extract indicators once, run every detector, judge."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

from netpatrol.detect.base import DetectorRegistry, Item, Signal
from netpatrol.detect.classifier import EXPLAIN_MIN
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
        found = [detector.detect(items) for detector in self.registry]
        # each post's signals, detector by detector: one new list a post, joined in C
        per_item: list[list[Signal]] = list(
            map(list, map(chain.from_iterable, zip(*found, strict=True)))
        )
        policy = self.policy
        if self.discourse is None:
            verdicts = [
                judge(signals, policy, item.indicators, len(item.norm.original))
                for item, signals in zip(items, per_item, strict=True)
            ]
        else:
            verdicts = []
            contexts = self.discourse.read(items)
            apply = self.discourse.apply
            for item, signals, context in zip(items, per_item, contexts, strict=True):
                verdict = judge(
                    apply(item, context, signals),
                    policy,
                    item.indicators,
                    len(item.norm.original),
                )
                verdict.context = context.kind
                verdicts.append(verdict)
        self._explain_findings(items, per_item, verdicts)
        return verdicts

    def _explain_findings(
        self, items: list[Item], per_item: list[list[Signal]], verdicts: list[Verdict]
    ) -> None:
        """Classifier evidence spans, computed for findings only: a classifier that rated a
        finding's category at EXPLAIN_MIN or more shows which words carried it."""
        findings = [i for i, v in enumerate(verdicts) if v.is_finding]
        if not findings:
            return
        for detector in self.registry:
            if not getattr(detector, "explain_later", False):
                continue
            name = detector.get_name()
            chosen = [
                i
                for i in findings
                if any(
                    s.detector == name
                    and s.category is verdicts[i].category
                    and s.weight >= EXPLAIN_MIN
                    for s in per_item[i]
                )
            ]
            if not chosen:
                continue
            found = detector.explain(  # type: ignore[attr-defined]
                [items[i] for i in chosen], [verdicts[i].category for i in chosen]
            )
            for i, spans in zip(chosen, found, strict=True):
                if spans:
                    verdicts[i].evidence = sorted(
                        [*verdicts[i].evidence, *spans], key=lambda s: (s.start, s.end, -s.weight)
                    )
