"""Matching a post's indicators against the shared indicator store (M9)."""

from __future__ import annotations

from collections.abc import Sequence

from netpatrol.detect.base import Item, Signal
from netpatrol.detect.indicators import IndicatorStore
from netpatrol.domain.categories import Category

KNOWN_INDICATOR_WEIGHT = 0.9


class IndicatorDetector:
    """A known scam number, domain or account in a post is strong evidence of its category."""

    def __init__(self, store: IndicatorStore, version: str = "1", name: str = "indicators") -> None:
        self.store = store
        self._version = version
        self._name = name

    def get_name(self) -> str:
        return self._name

    def get_version(self) -> str:
        return f"{self._version}+{len(self.store)}"

    def detect(self, items: Sequence[Item]) -> list[list[Signal]]:
        results: list[list[Signal]] = []
        for item in items:
            signals = []
            for indicator in item.indicators:
                category = self.store.match(indicator)
                if category is None:
                    continue
                signals.append(
                    Signal(
                        Category(category),
                        KNOWN_INDICATOR_WEIGHT,
                        indicator.start,
                        indicator.end,
                        item.text[indicator.start : indicator.end],
                        self._name,
                        f"{indicator.kind}:{indicator.value}",
                    )
                )
            results.append(signals)
        return results
