"""A linear model's scores in C (`_hashed_scores.c`), the same to the last bit as the numpy
path of `Featurizer.transform_rows` and the sparse product, at about half the cost. It is
built with -O3, which vectorises the product over the classes (each class's sum keeps its
order, so the bits do not change): 8-15% less time than -O2 (interleaved over 9 rounds).
Leaving out the rows of zero weights (two thirds of them) to keep the table in the cache
was tried and gained nothing.

The numpy path stays: training uses it, and inference falls back to it where the extension
was not built and for a featurizer of several blocks or lengths.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from netpatrol.detect.classifier import Featurizer

try:
    from netpatrol.detect import _hashed_scores
except ImportError:  # pragma: no cover - a source tree without the built extension
    _hashed_scores = None  # type: ignore[assignment]

FloatArray = npt.NDArray[np.float32]

# log(1..n) as numpy computes it in float32, so that tf weights match its bits; grown to
# the largest count a batch can hold
_logs = np.zeros(0, dtype=np.float32)


def available() -> bool:
    return _hashed_scores is not None


def _logs_up_to(count: int) -> FloatArray:
    global _logs
    table = _logs
    if len(table) < count:
        size = 1 << max(12, (count - 1).bit_length())
        table = np.log(np.arange(1, size + 1, dtype=np.float32))
        _logs = table
    return table


def native_scores(
    featurizer: Featurizer, coef: FloatArray, texts: Sequence[str]
) -> FloatArray | None:
    """(texts, classes) scores before the bias, or None where the C path does not apply."""
    if _hashed_scores is None or len(featurizer.blocks) != 1 or featurizer.length_scale:
        return None
    if not texts:
        return np.zeros((0, coef.shape[1]), dtype=np.float32)
    joined = "\x00".join(texts) + "\x00"
    if joined.count("\x00") != len(texts):
        raise ValueError("a text holds NUL, which parts a batch's texts: pass the compact view")
    hasher, weights = featurizer.blocks[0]
    longest = max(map(len, texts), default=0)
    logs = _logs_up_to((hasher.max_n - hasher.min_n + 1) * longest + 1)
    out = np.empty((len(texts), coef.shape[1]), dtype=np.float32)
    _hashed_scores.scores(
        joined.encode("utf-32-le"),
        hasher.min_n,
        hasher.max_n,
        hasher.bits,
        weights.idf,
        coef,
        coef.shape[1],
        logs,
        out,
    )
    return out
