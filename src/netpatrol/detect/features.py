"""Hashed character n-grams computed with numpy over a whole batch at once.

A per-character Python loop caps out near tens of thousands of posts a second; here each
step is one numpy operation over every character of the batch, and training and
inference share this one function, so the model sees the same features in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

SEPARATOR = 0  # code point placed between texts; no n-gram may span it
_MULTIPLIERS = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xC2B2AE3D27D4EB4F),
    np.uint64(0x165667B19E3779F9),
    np.uint64(0xD6E8FEB86659FD93),
    np.uint64(0xFF51AFD7ED558CCD),
)


@dataclass(frozen=True)
class NgramHasher:
    """Counts of character n-grams (n in [min_n, max_n]) hashed into 2**bits columns."""

    min_n: int = 1
    max_n: int = 3
    bits: int = 18

    @property
    def width(self) -> int:
        return 1 << self.bits

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Counts per (text, column), in canonical CSR form: the sum of the counts of each n.

        Each n's counts are kept for the last batch seen, so that two models hashing the
        same n-grams of the same texts (the corpus and street models share bigrams) count
        them once.
        """
        total: sparse.csr_matrix | None = None
        for n in range(self.min_n, self.max_n + 1):
            part = _counts_of_n(texts, n, self.bits)
            total = part if total is None else total + part
        assert total is not None
        return total

    def _counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """One sort of packed (text, column) keys replaces scipy's per-row sorting and
        duplicate summing, which costs several times more."""
        rows, cols = self.indices(texts)
        packed = (rows << self.bits) | cols
        # 32-bit keys sort about twice as fast; a batch of up to 2**(32 - bits) texts fits
        keys = np.sort(packed.astype(np.uint32) if len(texts) << self.bits < 1 << 32 else packed)
        keys = keys.astype(np.int64)
        if len(keys):
            first = np.r_[True, keys[1:] != keys[:-1]]
            unique = keys[first]
            counts = np.diff(np.r_[np.flatnonzero(first), len(keys)]).astype(np.float32)
        else:
            unique, counts = keys, np.zeros(0, dtype=np.float32)
        indptr = np.r_[0, np.cumsum(np.bincount(unique >> self.bits, minlength=len(texts)))]
        matrix = sparse.csr_matrix(
            (counts, (unique & (self.width - 1)).astype(np.int32), indptr.astype(np.int32)),
            shape=(len(texts), self.width),
        )
        matrix.has_canonical_format = True
        return matrix

    def indices(self, texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(text index, column) of every n-gram; for one n, text indices never decrease."""
        joined = "\x00".join(texts) + "\x00"
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        is_sep = codes == SEPARATOR
        row_of = np.cumsum(is_sep) - is_sep  # the text each position belongs to
        mask = np.uint64(self.width - 1)
        all_rows, all_cols = [], []
        total = len(codes)
        for n in range(self.min_n, self.max_n + 1):
            if total < n:
                break
            span = total - n + 1
            h = np.full(span, np.uint64(n), dtype=np.uint64)
            valid = np.ones(span, dtype=bool)
            for k in range(n):
                window = codes[k : k + span]
                h = (h ^ window) * _MULTIPLIERS[k % len(_MULTIPLIERS)]
                valid &= ~is_sep[k : k + span]
            h ^= h >> np.uint64(29)
            all_rows.append(row_of[:span][valid])
            all_cols.append((h[valid] & mask).astype(np.int64))
        if not all_rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(all_rows).astype(np.int64), np.concatenate(all_cols)


_last_batch: tuple[Sequence[str], dict[tuple[int, int], sparse.csr_matrix]] = ((), {})


def _counts_of_n(texts: Sequence[str], n: int, bits: int) -> sparse.csr_matrix:
    """The counts of one n for this batch, reused while the same texts come again."""
    global _last_batch
    seen, kept = _last_batch  # one read: another thread may replace it meanwhile
    if len(seen) != len(texts) or list(seen) != list(texts):
        seen, kept = list(texts), {}
        _last_batch = (seen, kept)
    key = (n, bits)
    if key not in kept:
        kept[key] = NgramHasher(n, n, bits)._counts(texts)
    return kept[key]


@dataclass(frozen=True)
class TfidfWeights:
    """Sublinear term frequency times inverse document frequency, rows scaled to unit length."""

    idf: npt.NDArray[np.float32]

    @classmethod
    def fit(cls, counts: sparse.csr_matrix) -> TfidfWeights:
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
        idf = np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0
        return cls(idf.astype(np.float32))

    def transform(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        weighted = counts.copy()
        weighted.data = (1.0 + np.log(weighted.data)) * self.idf[weighted.indices]
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        scale = np.repeat(1.0 / norms, np.diff(weighted.indptr)).astype(np.float32)
        weighted.data = (weighted.data * scale).astype(np.float32)
        return weighted
