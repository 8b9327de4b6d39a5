"""Pinyin spellings of lexicon terms (bingdu for 冰毒), generated with pypinyin.

Posters spell a watched word in pinyin to slip past filters; folding each spelling back to
its term lets the lexicon see it. Short spellings are left out: they collide with ordinary
words and names (sima is 死妈 and also 司马). Half-and-half spellings (bing毒, 冰du, you货)
keep one character of the word and so collide with nothing: every watched word of two to
four characters gets one for each of its characters.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

MIN_LETTERS = 7
MIN_WEIGHT = 0.6
MAX_MIXED = 4  # longer words are rarely half spelt, and would only grow the table
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]{2,}")


@functools.cache
def spelling_version() -> str:
    """This module's code and pypinyin's version: what the spellings depend on besides the
    words (a digest of the source, so an edit here never reads an older table). Worked out
    once a process: neither changes under a running one."""
    from importlib.metadata import version

    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"{source}/pypinyin {version('pypinyin')}"


def pinyin_variants(
    documents: Iterable[Mapping[str, Any]],
    shipped: Mapping[str, Sequence[str]],
    words: Iterable[str] = (),
) -> dict[str, list[str]]:
    """The shipped variant table, the toneless pinyin of each strong Han-only term, and the
    half-and-half spellings of those terms and of the other watched `words`."""
    from pypinyin import lazy_pinyin  # its phrase dictionary takes 0.4 s to import

    merged = {canonical: list(forms) for canonical, forms in shipped.items()}
    watched: list[str] = []
    for doc in documents:
        for raw in doc["terms"]:
            term = str(raw["term"])
            if float(raw["weight"]) < MIN_WEIGHT or not _HAN_ONLY.fullmatch(term):
                continue
            watched.append(term)
            spelling = "".join(lazy_pinyin(term))
            if len(spelling) >= MIN_LETTERS and spelling not in merged.get(term, []):
                merged.setdefault(term, []).append(spelling)
    watched += [w for w in words if _HAN_ONLY.fullmatch(w)]
    for term in dict.fromkeys(watched):
        if len(term) > MAX_MIXED:
            continue
        syllables = lazy_pinyin(term)
        for i, syllable in enumerate(syllables):
            mixed = term[:i] + syllable + term[i + 1 :]
            if len(syllable) >= 2 and mixed not in merged.get(term, []):
                merged.setdefault(term, []).append(mixed)
    return merged
