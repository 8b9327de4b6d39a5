"""Hashed character n-grams computed with numpy over a whole batch at once.

A per-character Python loop caps out near tens of thousands of posts a second; here each
step is one numpy operation over every character of the batch, and training and
inference share this one function, so the model sees the same features in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, overload

import numpy as np
import numpy.typing as npt
from scipy import sparse

from netpatrol.detect.gram_counts import canonical_counts, counts_by_width

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

        The characters of the last batch seen, each n's counts and each summed matrix are
        kept, so that two models hashing the same texts (the corpus and street models share
        the text's code points and its bigrams) do that work once. The matrix returned may
        be shared: do not change it in place.
        """
        batch = _batch_of(texts)
        key = (self.min_n, self.max_n, self.bits)
        matrix = batch.matrices.get(key)
        if matrix is None:
            matrix = batch.summed(range(self.min_n, self.max_n + 1), self.bits)
            batch.matrices[key] = matrix
        return matrix

    def counts_by_width(
        self, texts: Sequence[str]
    ) -> tuple[sparse.csr_matrix, npt.NDArray[np.intp]]:
        """(the rows of counts() in another order, which text each row is): for work done
        row by row, whose results are then put back in the texts' order (cheaper than
        putting the counts back). Kept like counts(); do not change it in place."""
        batch = _batch_of(texts)
        key = (self.min_n, self.max_n, self.bits)
        found = batch.by_width.get(key)
        if found is None:
            found = batch.summed(range(self.min_n, self.max_n + 1), self.bits, by_width=True)
            batch.by_width[key] = found
        return found

    def indices(self, texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(text index, column) of every n-gram; for one n, text indices never decrease."""
        codes = _Codes(texts)
        all_rows, all_cols = [], []
        for n in range(self.min_n, self.max_n + 1):
            if len(codes.codes) < n:
                break
            rows, cols = codes.hashed(n, self.bits)
            all_rows.append(rows)
            all_cols.append(cols)
        if not all_rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(all_rows).astype(np.int64), np.concatenate(all_cols)


class _Codes:
    """The code points of a batch of texts, joined by SEPARATOR, and the text of each."""

    def __init__(self, texts: Sequence[str]) -> None:
        joined = "\x00".join(texts) + "\x00"
        self.codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        self.is_sep = self.codes == SEPARATOR
        self.row_of = np.cumsum(self.is_sep) - self.is_sep  # the text each position belongs to
        self._full: dict[int, tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]] = {}

    def hashed(self, n: int, bits: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(text index, column) of every n-gram of this one n, in text order."""
        rows, full = self._full_hashes(n)
        return rows, (full & np.uint64((1 << bits) - 1)).astype(np.int64)

    def _full_hashes(self, n: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
        """(text index, 64-bit hash) of every n-gram of one n; each width masks its own
        columns from the same hashes, so two models never hash the same n twice."""
        found = self._full.get(n)
        if found is not None:
            return found
        codes, is_sep = self.codes, self.is_sep
        span = len(codes) - n + 1
        if span <= 0:
            found = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        else:
            h = np.full(span, np.uint64(n), dtype=np.uint64)
            valid = ~is_sep[:span]
            for k in range(n):
                h ^= codes[k : k + span]
                h *= _MULTIPLIERS[k % len(_MULTIPLIERS)]
                if k:
                    valid &= ~is_sep[k : k + span]
            h ^= h >> np.uint64(29)
            found = self.row_of[:span][valid], h[valid]
        self._full[n] = found
        return found


class _Batch(_Codes):
    """One batch's code points and the counts computed from them so far."""

    def __init__(self, texts: Sequence[str]) -> None:
        super().__init__(texts)
        self.texts = list(texts)
        self.matrices: dict[tuple[int, int, int], sparse.csr_matrix] = {}
        self.by_width: dict[
            tuple[int, int, int], tuple[sparse.csr_matrix, npt.NDArray[np.intp]]
        ] = {}

    @overload
    def summed(
        self, ns: range, bits: int, by_width: Literal[False] = False
    ) -> sparse.csr_matrix: ...

    @overload
    def summed(
        self, ns: range, bits: int, by_width: Literal[True]
    ) -> tuple[sparse.csr_matrix, npt.NDArray[np.intp]]: ...

    def summed(
        self, ns: range, bits: int, by_width: bool = False
    ) -> sparse.csr_matrix | tuple[sparse.csr_matrix, npt.NDArray[np.intp]]:
        """The counts of several n added up: the n-grams of every n counted together
        (`by_width`: as counts_by_width() gives them)."""
        mask = np.uint64((1 << bits) - 1)
        parts = []
        for n in ns:
            rows, full = self._full_hashes(n)
            parts.append((rows, (full & mask).astype(np.uint32)))
        if by_width:
            return counts_by_width(parts, len(self.texts), bits)
        return canonical_counts(parts, len(self.texts), bits)


_last_batch: _Batch | None = None


def _batch_of(texts: Sequence[str]) -> _Batch:
    """The state of this batch, reused while the same texts come again."""
    global _last_batch
    batch = _last_batch  # one read: another thread may replace it meanwhile
    if batch is None or len(batch.texts) != len(texts) or batch.texts != list(texts):
        batch = _Batch(texts)
        _last_batch = batch
    return batch


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
        """Needs counts in canonical form (as NgramHasher.counts gives). The row sums of
        squares are taken with np.add.reduceat over each row, as scipy's row sum does, so
        that the weights stay the same to the last bit whichever way they are computed."""
        indptr = counts.indptr
        lengths = np.diff(indptr)
        # in place, each step the float32 operation the plain expression does
        data = np.log(counts.data)
        data += 1.0
        data *= np.take(self.idf, counts.indices)
        sums = np.zeros(counts.shape[0], dtype=data.dtype)
        nonempty = np.flatnonzero(lengths)
        if len(nonempty):
            sums[nonempty] = np.add.reduceat(data * data, indptr[nonempty])
        norms = np.sqrt(sums)
        norms[norms == 0] = 1.0
        data *= np.repeat(np.float32(1.0) / norms, lengths)
        weighted = sparse.csr_matrix((data, counts.indices, indptr), shape=counts.shape)
        weighted.has_canonical_format = True
        return weighted
