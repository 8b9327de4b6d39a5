"""Counts per (text, column) of hashed n-grams, by sorting each text's columns on its own.

One sort of a whole batch's (text, column) keys costs about 35 ns a key; numpy sorts the
rows of a 2-D array of up to 512 columns with sorting networks, about 1 ns a value. So
each text's columns are laid out in a row of their own, padded with a value above every
column to a width shared by texts of about the same length, each width's block of rows
is sorted along its rows, and the runs of equal values are the counts. The result is the
same canonical CSR matrix a sort of the keys gives, value for value.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse

_PAD = np.uint32(0xFFFFFFFF)  # above every column (columns have at most 31 bits)
_STEP = 32  # rows are padded to a multiple of this ...
_STEPPED_UP_TO = 1024  # ... up to this width, and to a power of two beyond


Parts = Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.uint32]]]


def canonical_counts(parts: Parts, n_texts: int, bits: int) -> sparse.csr_matrix:
    """`parts`: (text index, column) of each n's n-grams, text indices never decreasing
    within a part. Counts per (text, column) in canonical CSR form: each text's columns in
    increasing order, each once, with float32 counts."""
    order, runs_in_order, first_run, columns, counts = _runs(parts, n_texts, bits)
    per_text = np.empty(n_texts, dtype=np.intp)
    per_text[order] = runs_in_order
    indptr = np.zeros(n_texts + 1, dtype=np.int32)
    np.cumsum(per_text, out=indptr[1:])
    to = np.repeat(indptr[:-1][order] - first_run[:-1], runs_in_order)
    to += np.arange(len(columns))
    out_columns = np.empty(len(columns), dtype=np.int32)
    out_columns[to] = columns
    out_counts = np.empty(len(columns), dtype=np.float32)
    out_counts[to] = counts
    return _matrix(out_counts, out_columns, indptr, n_texts, bits)


def counts_by_width(
    parts: Parts, n_texts: int, bits: int
) -> tuple[sparse.csr_matrix, npt.NDArray[np.intp]]:
    """(the rows of canonical_counts() in another order, which text each row is): the
    texts' rows as sorted, without putting them back in the texts' order. For work that
    treats each row on its own (tf-idf weights, a product with the model's weights), whose
    results are put back in order instead, a much smaller array."""
    order, runs_in_order, _, columns, counts = _runs(parts, n_texts, bits)
    indptr = np.zeros(n_texts + 1, dtype=np.int32)
    np.cumsum(runs_in_order, out=indptr[1:])
    return _matrix(counts, columns, indptr, n_texts, bits), order


def _matrix(
    counts: npt.NDArray[np.float32],
    columns: npt.NDArray[np.int32],
    indptr: npt.NDArray[np.int32],
    n_texts: int,
    bits: int,
) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix((counts, columns, indptr), shape=(n_texts, 1 << bits))
    matrix.has_canonical_format = True
    return matrix


def _runs(
    parts: Parts, n_texts: int, bits: int
) -> tuple[
    npt.NDArray[np.intp],
    npt.NDArray[np.intp],
    npt.NDArray[np.intp],
    npt.NDArray[np.int32],
    npt.NDArray[np.float32],
]:
    """(the texts in the order their rows were sorted in, the number of runs of each row
    in that order, where each row's runs start, and the runs' columns and counts)."""
    if bits > 31:
        raise ValueError("columns of more than 31 bits do not fit the rows sorted here")
    lengths = np.zeros(n_texts, dtype=np.intp)
    offsets = []  # per part and text: where its n-grams go in the text's row, less their index
    for rows, _ in parts:
        per_text = np.bincount(rows, minlength=n_texts)
        offsets.append(lengths - (np.cumsum(per_text) - per_text))
        lengths += per_text
    width = -(-lengths // _STEP) * _STEP
    wide = lengths > _STEPPED_UP_TO
    if wide.any():
        width[wide] = 1 << np.ceil(np.log2(lengths[wide])).astype(np.intp)
    # texts of one width lie side by side, so each width's block is one 2-D array
    order = np.argsort(width, kind="stable")
    width_in_order = width[order]
    row_start = np.zeros(n_texts + 1, dtype=np.intp)
    np.cumsum(width_in_order, out=row_start[1:])
    start_of = np.empty(n_texts, dtype=np.intp)
    start_of[order] = row_start[:-1]
    laid = np.full(int(row_start[-1]), _PAD, dtype=np.uint32)
    for (rows, cols), offset in zip(parts, offsets, strict=True):
        at = (start_of + offset)[rows]
        at += np.arange(len(rows))
        laid[at] = cols
    changes = (np.flatnonzero(np.diff(width_in_order)) + 1).tolist()
    for first, last in zip([0, *changes], [*changes, n_texts], strict=True):
        if last > first and (w := int(width_in_order[first])) > 0:
            laid[row_start[first] : row_start[last]].reshape(-1, w).sort(axis=1)
    # the values without their padding, texts still in width order
    length_in_order = lengths[order]
    value_start = np.zeros(n_texts + 1, dtype=np.intp)
    np.cumsum(length_in_order, out=value_start[1:])
    total = int(value_start[-1])
    at = np.repeat(row_start[:-1] - value_start[:-1], length_in_order)
    at += np.arange(total)
    values = laid[at]
    new = np.empty(total, dtype=bool)
    if total:
        new[0] = True
        np.not_equal(values[1:], values[:-1], out=new[1:])
        new[value_start[:-1][length_in_order > 0]] = True
    runs = np.flatnonzero(new)
    counts = np.diff(runs, append=total).astype(np.float32)
    columns = values[runs].view(np.int32)
    first_run = np.searchsorted(runs, value_start)
    return order, np.diff(first_run), first_run, columns, counts
