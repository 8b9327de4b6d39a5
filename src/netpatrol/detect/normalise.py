"""Normalisation that keeps a map back to the original text, so evidence points at it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: list[int]  # origin[i] is the index in the original text of normalised char i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covering the normalised [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def normalise(text: str) -> Normalised:
    """NFKC and case folding, character by character (full-width letters become ASCII)."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).lower() if ord(char) > 0x7F else char.lower()
        out.append(folded)
        origin.extend([index] * len(folded))
    return Normalised("".join(out), origin)
