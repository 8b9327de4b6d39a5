"""Evidence in whole words (整词证据): a span the classifier points at, widened to the words
it cuts through, as jieba segments the text around it; a span of digits or punctuation
alone is no evidence a person can use, and is dropped.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import regex

_NOTHING = regex.compile(r"[\p{N}\p{P}\p{S}\s]*")
REACH = 4  # characters of context on each side for segmentation
MAX_WORD_SPAN = 12  # a widened span never grows past this
# Windows segmented lately: the two classifiers often point at the same words of a finding,
# and spam repeats itself, so a window comes again far more often than chance would say.
SEGMENT_CACHE = 16384


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def load_dictionary() -> None:
    """Load jieba's dictionary now (about a second), rather than at the first explanation:
    a fork server does it once for all the processes it forks."""
    _tokenizer()


@lru_cache(maxsize=SEGMENT_CACHE)
def segment(window: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each word jieba cuts the window into; the same window, the same words."""
    return tuple((s, e) for _, s, e in _tokenizer().tokenize(window, HMM=False))


def whole_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span widened to whole words, or None when it holds no word at all.

    Only the window of REACH characters on each side is segmented (and its words cached),
    so that a span's words depend on its neighbourhood alone."""
    low = max(0, start - REACH)
    high = min(len(text), end + REACH)
    s, e = start, end
    for t_start, t_end in segment(text[low:high]):
        t_start, t_end = t_start + low, t_end + low
        if t_start < end and t_end > start:
            s, e = min(s, t_start), max(e, t_end)
    if e - s > MAX_WORD_SPAN:
        s, e = start, end
    if _NOTHING.fullmatch(text[s:e]):
        return None
    return s, e
