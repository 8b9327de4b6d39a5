"""Near-duplicates (变体识别): MinHash signatures of character 3-grams, banded for lookup.

A known bad post or a debunked rumour is added once; its variants (a place changed, a
sentence added, punctuation moved) keep most of their 3-grams and so most of their
signature. Signatures for a batch are computed with numpy; band keys are checked against
the index in one vectorised `isin`, and Python touches only the few posts that hit.
The index can be updated online.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from netpatrol.detect.base import Item, Signal
from netpatrol.detect.features import NgramHasher
from netpatrol.domain.categories import Category

MIN_CHARS = 12  # shorter texts share 3-grams by chance
U64 = npt.NDArray[np.uint64]


class MinHasher:
    def __init__(self, permutations: int = 48, rows_per_band: int = 3, seed: int = 20261128):
        if permutations % rows_per_band:
            raise ValueError("permutations must be a multiple of rows_per_band")
        rng = np.random.default_rng(seed)
        self.permutations = permutations
        self.rows_per_band = rows_per_band
        self._a = rng.integers(1, 1 << 63, size=permutations, dtype=np.uint64) | np.uint64(1)
        self._b = rng.integers(0, 1 << 63, size=permutations, dtype=np.uint64)
        self._mix = rng.integers(1, 1 << 62, size=rows_per_band, dtype=np.uint64) | np.uint64(1)
        self._grams = NgramHasher(3, 3, 32)

    @property
    def bands(self) -> int:
        return self.permutations // self.rows_per_band

    def signatures(self, texts: Sequence[str]) -> U64:
        """(texts, permutations); a text without 3-grams gets all-max (matches nothing)."""
        out = np.full((len(texts), self.permutations), np.iinfo(np.uint64).max, dtype=np.uint64)
        rows, cols = self._grams.indices(texts)
        if not len(rows):
            return out
        # multiply-xorshift in wrapping 64-bit arithmetic: one independent-looking order
        # of the 3-grams per permutation
        hashed = (cols.astype(np.uint64)[:, None] ^ self._b) * self._a
        hashed ^= hashed >> np.uint64(29)
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        out[rows[starts]] = np.minimum.reduceat(hashed, starts, axis=0)
        return out

    def band_keys(self, signatures: U64) -> U64:
        shaped = signatures.reshape(len(signatures), self.bands, self.rows_per_band)
        keys: U64 = np.bitwise_xor.reduce(shaped * self._mix, axis=2)
        return keys


@dataclass(frozen=True)
class Known:
    key: str
    category: Category
    signature: U64


class NearDuplicateIndex:
    """Known items; a post whose estimated 3-gram Jaccard similarity reaches `threshold`
    with one of them is its variant."""

    def __init__(self, threshold: float = 0.5, hasher: MinHasher | None = None) -> None:
        self.threshold = threshold
        self.hasher = hasher or MinHasher()
        self._bands: list[dict[int, list[Known]]] = [
            defaultdict(list) for _ in range(self.hasher.bands)
        ]
        self._keys: set[str] = set()
        self._all_band_keys: U64 = np.zeros(0, dtype=np.uint64)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: str, compact_text: str, category: Category) -> bool:
        """Remember a known item; False if the key is already there or the text too short."""
        if key in self._keys or len(compact_text) < MIN_CHARS:
            return False
        signature = self.hasher.signatures([compact_text])
        known = Known(key, category, signature[0])
        band_keys = self.hasher.band_keys(signature)[0]
        with self._lock:
            for band, band_key in enumerate(band_keys):
                self._bands[band][int(band_key)].append(known)
            self._keys.add(key)
            self._all_band_keys = np.union1d(self._all_band_keys, band_keys)
        return True

    def nearest(self, compact_texts: Sequence[str]) -> list[tuple[Known, float] | None]:
        """For each text, the most similar known item at or above the threshold."""
        found: list[tuple[Known, float] | None] = [None] * len(compact_texts)
        if not self._keys or not compact_texts:
            return found
        signatures = self.hasher.signatures(compact_texts)
        keys = self.hasher.band_keys(signatures)
        hits = np.isin(keys, self._all_band_keys)
        for i in (int(n) for n in np.flatnonzero(hits.any(axis=1))):
            if len(compact_texts[i]) < MIN_CHARS:
                continue
            candidates = {
                k.key: k
                for band in np.flatnonzero(hits[i])
                for k in self._bands[band].get(int(keys[i, band]), ())
            }
            best = max(
                ((k, float(np.mean(k.signature == signatures[i]))) for k in candidates.values()),
                key=lambda pair: pair[1],
                default=None,
            )
            if best is not None and best[1] >= self.threshold:
                found[i] = best
        return found


class NearDuplicateDetector:
    """Signals a post that is a variant of a known item, with that item's category."""

    def __init__(self, index: NearDuplicateIndex, name: str = "near-duplicate") -> None:
        self.index = index
        self._name = name

    def get_name(self) -> str:
        return self._name

    def get_version(self) -> str:
        h = self.index.hasher
        return f"minhash{h.permutations}x{h.rows_per_band}-j{self.index.threshold}"

    def detect(self, items: Sequence[Item]) -> list[list[Signal]]:
        matches = self.index.nearest([item.norm.compact for item in items])
        results: list[list[Signal]] = []
        for item, match in zip(items, matches, strict=True):
            if match is None:
                results.append([])
                continue
            known, similarity = match
            weight = round(min(0.95, 0.5 + 0.5 * similarity), 2)
            text = item.text
            results.append(
                [Signal(known.category, weight, 0, len(text), text, self._name, known.key)]
            )
        return results


SAME_TEXT_HASHER = (64, 8)  # 8 bands of 8 rows: Jaccard 0.8 meets in 84%, 0.5 in 3%


@functools.cache
def _same_text_hasher() -> MinHasher:
    return MinHasher(*SAME_TEXT_HASHER)


def same_text_keys(texts: Sequence[str]) -> list[list[str]]:
    """Keys that identical or near-identical texts share (a word or a place changed, the
    punctuation or spacing moved): the exact letters' digest and MinHash bands tight enough
    that unrelated posts on one topic rarely meet. Short texts get none."""
    letters = ["".join(ch for ch in t.casefold() if ch.isalnum()) for t in texts]
    hasher = _same_text_hasher()
    bands = hasher.band_keys(hasher.signatures(letters))
    keys: list[list[str]] = []
    for text, row in zip(letters, bands, strict=True):
        if len(text) < MIN_CHARS:
            keys.append([])
            continue
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        keys.append([f"text:{digest}"] + [f"near:{b}:{int(k):x}" for b, k in enumerate(row)])
    return keys
