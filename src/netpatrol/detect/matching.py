"""One Aho-Corasick pass over a whole batch, with matches handed back per text.

The batch is joined with NUL (no pattern or normalised text holds it, so no match spans
two texts) and its UTF-8 bytes are scanned once by a DFA, which reads each byte with one
table look-up (the bytes API spares the str API's own offset conversion). Byte offsets
become character offsets with one cumulative sum of the characters' UTF-8 widths, and
each text's own offsets are those less where the text starts. A batch with a NUL in a
text is scanned text by text.

Matchers of overlapping matches over the same texts (the lexicon, the intent rules and the
discourse reader all read the compact text) can share one scan: `share_scan` builds one
automaton of all their patterns, and each matcher takes its own patterns' matches from
the batch's one result, in the order its own automaton gives them. A matcher of another
kind (the normaliser's variants, leftmost-longest) can ride on that scan as a screen: its
patterns join the shared automaton, only the texts where one of them occurs are searched
by its own automaton, and the texts that folding changed are scanned again on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
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
        self._patterns = list(patterns)
        self._shared: tuple[_SharedScan, int, int] | None = None
        self._screen: tuple[_SharedScan, int, int] | None = None
        self._kind = kind
        self._automaton: ahocorasick_rs.AhoCorasick | None = None  # for texts with a NUL only
        self._bytes = ahocorasick_rs.BytesAhoCorasick(
            [p.encode("utf-8") for p in patterns],
            matchkind=kind,
            implementation=ahocorasick_rs.Implementation.DFA,
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
        if self._shared is not None:
            scan, low, high = self._shared
            return scan.part(texts, low, high)
        if self._screen is not None:
            return self._screened(texts, *self._screen)
        return self._scan(texts)

    def _screened(
        self, texts: Sequence[str], scan: _SharedScan, low: int, high: int
    ) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """Only the texts where one of the patterns occurs at all are searched: any match
        of this automaton's kind is one of those occurrences."""
        owner = scan.part(texts, low, high)[1]
        if len(owner) == 0:
            return _nothing()
        holding = np.unique(owner)
        if len(holding) == len(texts):
            return self._scan(texts)
        index, within, start, end = self._scan([texts[i] for i in holding.tolist()])
        return index, holding[within], start, end

    def _scan(self, texts: Sequence[str]) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        if not texts:
            return _nothing()
        joined = SEPARATOR.join(texts)
        if joined.count(SEPARATOR) != len(texts) - 1:
            return self._one_by_one(texts)
        data = joined.encode("utf-8")  # a lone surrogate raises, as the str API does
        matches = self._bytes.find_matches_as_indexes(data, overlapping=self._overlapping)
        if not matches:
            return _nothing()
        # flattening first is twice as fast as converting a list of tuples
        at = np.fromiter(chain.from_iterable(matches), np.int64, 3 * len(matches)).reshape(-1, 3)
        if len(data) != len(joined):
            at[:, 1:] = _char_offsets(joined, at[:, 1:])
        starts = np.fromiter(
            accumulate((len(t) + 1 for t in texts[:-1]), initial=0), np.int64, len(texts)
        )
        owner = np.searchsorted(starts, at[:, 1], side="right") - 1
        base = starts[owner]
        return at[:, 0], owner, at[:, 1] - base, at[:, 2] - base

    def _one_by_one(self, texts: Sequence[str]) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        if self._automaton is None:  # built when first needed: it costs as much as the other
            self._automaton = ahocorasick_rs.AhoCorasick(
                self._patterns,
                matchkind=self._kind,
                implementation=ahocorasick_rs.Implementation.DFA,
            )
        automaton = self._automaton
        rows = [
            (i, o, s, e)
            for o, text in enumerate(texts)
            for i, s, e in automaton.find_matches_as_indexes(text, overlapping=self._overlapping)
        ]
        at = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
        return at[:, 0], at[:, 1], at[:, 2], at[:, 3]


class _SharedScan:
    """One automaton of several matchers' patterns (theirs one after another), and the
    matches of the last batch it scanned."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self._matcher = BatchMatcher(patterns)
        self._last: tuple[list[str], tuple[IntArray, IntArray, IntArray, IntArray]] | None = None

    def part(
        self, texts: Sequence[str], low: int, high: int
    ) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """The matches of patterns low..high-1, numbered from low."""
        last = self._last  # one read: another thread may replace it meanwhile
        if last is None or len(last[0]) != len(texts) or last[0] != list(texts):
            last = (list(texts), self._matches(texts, last))
            self._last = last
        index, owner, start, end = last[1]
        keep = (index >= low) & (index < high)
        return index[keep] - low, owner[keep], start[keep], end[keep]

    def _matches(
        self,
        texts: Sequence[str],
        last: tuple[list[str], tuple[IntArray, IntArray, IntArray, IntArray]] | None,
    ) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """The batch's matches; when it is the last batch with a few texts changed (the ones
        variant folding rewrote), only those are scanned again."""
        if last is None or len(last[0]) != len(texts):
            return self._matcher.find_arrays(texts)
        changed = [i for i, (old, new) in enumerate(zip(last[0], texts, strict=True)) if old != new]
        if 4 * len(changed) > len(texts):
            return self._matcher.find_arrays(texts)
        index, owner, start, end = last[1]
        again = np.asarray(changed, dtype=np.int64)
        kept = ~np.isin(owner, again)
        n_index, n_owner, n_start, n_end = self._matcher.find_arrays([texts[i] for i in changed])
        owners = np.concatenate([owner[kept], again[n_owner]])
        # stable: each text's matches stay in the automaton's order
        order = np.argsort(owners, kind="stable")
        return (
            np.concatenate([index[kept], n_index])[order],
            owners[order],
            np.concatenate([start[kept], n_start])[order],
            np.concatenate([end[kept], n_end])[order],
        )


def share_scan(matchers: Sequence[BatchMatcher], screened: Sequence[BatchMatcher] = ()) -> None:
    """Let matchers of overlapping matches over the same texts answer from one scan a batch.

    With overlapping matches an automaton reports every occurrence of every pattern, at
    each end position the longer patterns first and equal ones in the order given, so the
    matches of one matcher's patterns come out of the joint scan as from its own.
    `screened` matchers, of any kind, learn from the same scan which texts to search."""
    if any(not m._overlapping for m in matchers):
        raise ValueError("only matchers of overlapping matches can share a scan")
    scan = _SharedScan([p for m in (*matchers, *screened) for p in m._patterns])
    low = 0
    for matcher in matchers:
        high = low + len(matcher._patterns)
        matcher._shared = (scan, low, high)
        low = high
    for matcher in screened:
        high = low + len(matcher._patterns)
        matcher._screen = (scan, low, high)
        low = high


def _nothing() -> tuple[IntArray, IntArray, IntArray, IntArray]:
    empty = np.zeros(0, dtype=np.int64)
    return empty, empty, empty, empty


@lru_cache(maxsize=1)
def _utf8_widths() -> npt.NDArray[np.uint8]:
    """The UTF-8 width of a code point, looked up by the code point shifted right by 7
    (below 0x80: 1 byte, 0x800: 2, 0x10000: 3, beyond: 4)."""
    widths = np.full(0x110000 >> 7, 4, dtype=np.uint8)
    widths[0], widths[1:16], widths[16:512] = 1, 2, 3
    return widths


def _char_offsets(text: str, byte_offsets: IntArray) -> IntArray:
    """The character offsets of byte offsets into `text`'s UTF-8 encoding, each at the start
    of a character or at the end (a match of whole UTF-8 patterns starts and ends there)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    byte_at = np.zeros(len(codes) + 1, dtype=np.int64)  # the byte where each character starts
    np.cumsum(np.take(_utf8_widths(), codes >> 7), out=byte_at[1:])
    offsets: IntArray = np.searchsorted(byte_at, byte_offsets)
    return offsets
