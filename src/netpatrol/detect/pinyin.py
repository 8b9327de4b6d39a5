"""Pinyin spellings of lexicon terms (bingdu for 冰毒), generated with pypinyin.

Posters spell a watched word in pinyin to slip past filters; folding each spelling back to
its term lets the lexicon see it. Short spellings are left out: they collide with ordinary
words and names (sima is 死妈 and also 司马).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pypinyin import lazy_pinyin

MIN_LETTERS = 7
MIN_WEIGHT = 0.6
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]{2,}")


def pinyin_variants(
    documents: Iterable[Mapping[str, Any]], shipped: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """The shipped variant table plus the toneless pinyin of each strong Han-only term."""
    merged = {canonical: list(forms) for canonical, forms in shipped.items()}
    for doc in documents:
        for raw in doc["terms"]:
            term = str(raw["term"])
            if float(raw["weight"]) < MIN_WEIGHT or not _HAN_ONLY.fullmatch(term):
                continue
            spelling = "".join(lazy_pinyin(term))
            if len(spelling) >= MIN_LETTERS and spelling not in merged.get(term, []):
                merged.setdefault(term, []).append(spelling)
    return merged
