"""One Aho-Corasick pass over a whole batch, with matches handed back per text.

The batch is joined with NUL (no pattern or normalised text holds it, so no match spans
two texts) and scanned once by a DFA, which reads each byte with one table look-up. The
str API hands back character offsets in the joined text; each text's own offsets are
those less where the text starts. A batch with a NUL in a text is scanned text by text.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, chain

import ahocorasick_rs
import numpy as np
import numpy.typing as npt

Match = tuple[int, int, int]  # (pattern index, start, end) in characters of one text
SEPARATOR = "\x00"
IntArray = npt.NDArray[np.int64]


class BatchMatcher:
    def __init__(self, patterns: Sequence[str], leftmost_longest: bool = False) -> None:
        if any(SEPARATOR in p for p in patterns):
            raise ValueError("a pattern holds the batch separator (NUL)")
        kind = (
            ahocorasick_rs.MatchKind.LeftmostLongest
            if leftmost_longest
            else ahocorasick_rs.MatchKind.Standard
        )
        self._overlapping = not leftmost_longest
        self._automaton = ahocorasick_rs.AhoCorasick(
            list(patterns), matchkind=kind, implementation=ahocorasick_rs.Implementation.DFA
        )

    def find(self, texts: Sequence[str]) -> list[list[Match]]:
        """For each text, its matches (pattern index, start, end) in the automaton's order."""
        found: list[list[Match]] = [[] for _ in texts]
        index, owner, start, end = self.find_arrays(texts)
        for i, o, s, e in zip(
            index.tolist(), owner.tolist(), start.tolist(), end.tolist(), strict=True
        ):
            found[o].append((i, s, e))
        return found

    def find_arrays(self, texts: Sequence[str]) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """All matches of the batch as arrays: pattern index, owning text, start, end (in
        characters of the owning text), texts in order and each text's in the automaton's."""
        empty = np.zeros(0, dtype=np.int64)
        if not texts:
            return empty, empty, empty, empty
        joined = SEPARATOR.join(texts)
        if joined.count(SEPARATOR) != len(texts) - 1:
            return self._one_by_one(texts)
        matches = self._automaton.find_matches_as_indexes(joined, overlapping=self._overlapping)
        if not matches:
            return empty, empty, empty, empty
        # flattening first is twice as fast as converting a list of tuples
        at = np.fromiter(chain.from_iterable(matches), np.int64, 3 * len(matches)).reshape(-1, 3)
        starts = np.fromiter(
            accumulate((len(t) + 1 for t in texts[:-1]), initial=0), np.int64, len(texts)
        )
        owner = np.searchsorted(starts, at[:, 1], side="right") - 1
        base = starts[owner]
        return at[:, 0], owner, at[:, 1] - base, at[:, 2] - base

    def _one_by_one(self, texts: Sequence[str]) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        rows = [
            (i, o, s, e)
            for o, text in enumerate(texts)
            for i, s, e in self._automaton.find_matches_as_indexes(
                text, overlapping=self._overlapping
            )
        ]
        at = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
        return at[:, 0], at[:, 1], at[:, 2], at[:, 3]
