"""Which texts of a batch may hold a defanged link, decided for the batch at once.

`refang` first searches each text for a hint (hxx, [.], 'a . b', 'a。b' ...); on a post of
Chinese text that search costs more than the rest of the extraction. Every hint holds two
or three neighbouring characters of a few kinds, so table look-ups over the batch's code
points (numpy) find the texts where one may stand; only those are searched. The tables
are built by asking the hint's own character classes about every character of the basic
plane (case folding included); any character beyond it counts as every kind, so the
screen never lets go a text the search would have caught.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import regex

PLANE = 0x10000
BoolArray = npt.NDArray[np.bool_]

# the character classes of refang's hint, each as the hint reads it (ignoring case)
_KINDS = {
    "alnum": r"[a-z0-9]",
    "space": r"\s",
    "h": r"h",
    "x": r"x|\*",
    "t": r"t",
    "close": r"[\]\)\}]",
    "stop": r"[。．／－＿]",
}


@lru_cache(maxsize=1)
def _table() -> npt.NDArray[np.uint16]:
    """One byte per character of the basic plane: bit k set when it is of the k-th kind."""
    plane = "".join(map(chr, range(PLANE)))
    table = np.zeros(PLANE + 1, dtype=np.uint16)
    table[PLANE] = 0xFFFF  # beyond the basic plane: any kind
    for bit, pattern in enumerate(_KINDS.values()):
        found = regex.findall(pattern, plane, regex.IGNORECASE)
        table[[ord(c) for c in found]] |= 1 << bit
    for bit, chars in enumerate((".", "点", "[（"), start=len(_KINDS)):
        table[[ord(c) for c in chars]] |= 1 << bit
    return table


Span = tuple[int, int]


@lru_cache(maxsize=1)
def _run_tables() -> tuple[BoolArray, BoolArray]:
    """extract's ASCII runs: where one may start ([!-~]) and what it may go on with."""
    opens = np.zeros(PLANE + 1, dtype=bool)
    opens[ord("!") : ord("~") + 1] = True
    goes_on = opens.copy()
    goes_on[[ord(c) for c in " ：（）－＠"]] = True
    return opens, goes_on


def screen(texts: Sequence[str]) -> tuple[list[bool], list[list[Span]]]:
    """For each text: whether refang's hint may occur in it (False only when it cannot),
    and the ASCII runs that extract's windows start from (the `_RUN` matches of three
    characters or more that are five long or hold a '.'), in order."""
    if not texts:
        return [], []
    joined = "\x00".join(texts)  # NUL is none of the kinds: nothing spans two texts
    codes = np.minimum(np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32), PLANE)
    ends = np.cumsum([len(t) + 1 for t in texts])
    return _hinted(codes, ends), _runs(codes, ends)


def may_be_defanged(texts: Sequence[str]) -> list[bool]:
    """For each text, False only when refang's hint cannot occur in it."""
    return screen(texts)[0]


def _runs(codes: npt.NDArray[np.uint32], ends: npt.NDArray[np.int64]) -> list[list[Span]]:
    # `[!-~][ -~：（）－＠]{2,}` found left to right: in each stretch of characters that may
    # go on a run, the run starts at the first one that may open it and takes the rest
    opens, goes_on = _run_tables()
    inside = np.r_[False, np.take(goes_on, codes), False]
    step = np.diff(inside.view(np.int8))
    low, high = np.flatnonzero(step == 1), np.flatnonzero(step == -1)
    runs: list[list[Span]] = [[] for _ in ends]
    if not len(low):
        return runs
    starts = np.flatnonzero(np.take(opens, codes))
    first = np.searchsorted(starts, low)
    ok = first < len(starts)
    low, high, first = low[ok], high[ok], starts[first[ok]]
    dots = np.flatnonzero(codes == ord("."))  # few: a run holds one when one lies within
    keep = (first < high) & (high - first >= 3)
    keep &= (high - first >= 5) | (np.searchsorted(dots, high) > np.searchsorted(dots, first))
    first, high = first[keep], high[keep]
    owners = np.searchsorted(ends, first, side="right")
    text_start = np.r_[0, ends[:-1]]
    base = text_start[owners]
    for owner, start, end in zip(
        owners.tolist(), (first - base).tolist(), (high - base).tolist(), strict=True
    ):
        runs[owner].append((start, end))
    return runs


def _hinted(codes: npt.NDArray[np.uint32], ends: npt.NDArray[np.int64]) -> list[bool]:
    flags = np.take(_table(), codes)
    if not flags.any():
        return [False] * len(ends)
    alnum, space, h, x, t, close, stop, dot, dian, opening = (
        (flags & (1 << bit)).astype(bool) for bit in range(len(_KINDS) + 3)
    )
    before, at, after = slice(None, -2), slice(1, -1), slice(2, None)
    near = alnum | space
    hit = np.zeros(len(codes), dtype=bool)
    hit[1:] |= h[:-1] & x[1:]  # hxx, h**
    hit[1:] |= (dot[:-1] | t[:-1]) & close[1:]  # [.] (.) {.} dot] dot)
    hit[1:] |= dian[1:] & opening[:-1]  # [点] （点）
    hit[at] |= dian[at] & near[before] & near[after]  # a点b
    hit[at] |= stop[at] & near[before] & near[after]  # a。b, a ／ b
    hit[at] |= dot[at] & ((space[before] & near[after]) | (near[before] & space[after]))  # a . b
    owners = np.searchsorted(ends, np.flatnonzero(hit), side="right")
    flagged = np.zeros(len(ends), dtype=bool)
    flagged[owners[owners < len(ends)]] = True
    return list(flagged.tolist())
