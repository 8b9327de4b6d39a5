"""The detector contract and the registry that refuses duplicate names."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol, runtime_checkable

from netpatrol.detect.indicators import Indicator
from netpatrol.detect.normalise import Normalised
from netpatrol.domain.categories import Category

# Detectors that read the whole text's topic from n-grams: their spans only explain, their
# evidence alone is held lower, and together they count as one source.
TOPIC_DETECTORS = frozenset({"classifier", "street_classifier"})


class Signal(NamedTuple):
    """One piece of evidence: a span of the original text pointing at a category.

    `weight` is how strongly it indicates the category on its own (0 marks a span shown
    as evidence only); `ref` names a known item it matched (an indicator, a known post).
    A tuple, because the engine makes several for every post and a tuple is cheapest.
    """

    category: Category
    weight: float
    start: int
    end: int
    text: str
    detector: str
    ref: str = ""


@dataclass(slots=True)
class Item:
    """One post as the detectors see it: both normalised views and its indicators."""

    norm: Normalised
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.norm.original


@runtime_checkable
class Detector(Protocol):
    """Looks at a batch of posts and returns, for each, the signals it saw."""

    def get_name(self) -> str:
        """A stable name, unique in a registry; findings record it."""

    def get_version(self) -> str:
        """The version of the detector and its data; findings record it."""

    def detect(self, items: Sequence[Item]) -> list[list[Signal]]:
        """One list of signals per item, in the order given."""


class DuplicateDetector(ValueError):
    """A second detector was registered under a name already taken."""


class DetectorRegistry:
    def __init__(self) -> None:
        self._detectors: dict[str, Detector] = {}

    def register(self, detector: Detector) -> Detector:
        name = detector.get_name()
        if name in self._detectors:
            raise DuplicateDetector(f"a detector named {name!r} is already registered")
        self._detectors[name] = detector
        return detector

    def __iter__(self) -> Iterator[Detector]:
        return iter(self._detectors.values())

    def __len__(self) -> int:
        return len(self._detectors)

    def names(self) -> list[str]:
        return list(self._detectors)
