"""The detector contract and the registry that refuses duplicate names."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from netpatrol.domain.categories import Category


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: a span of the original text pointing at a category."""

    category: Category
    weight: float
    start: int
    end: int
    text: str
    detector: str


@runtime_checkable
class Detector(Protocol):
    """Looks at a batch of texts and returns, for each, the signals it saw."""

    def get_name(self) -> str:
        """A stable name, unique in a registry; findings record it."""

    def get_version(self) -> str:
        """The version of the detector and its data; findings record it."""

    def detect(self, texts: Sequence[str]) -> list[list[Signal]]:
        """One list of signals per text, in the order given."""


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
