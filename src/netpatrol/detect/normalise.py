"""Normalisation that undoes common evasions and keeps a map back to the original text.

Two views of each post:
- `folded`: the same length as the original (index i is original index i): NFKC where it
  maps one character to one (full-width letters, circled digits), lower case,
  traditional -> simplified (OpenCC, character by character), and runs of Chinese
  numerals -> ASCII digits. Indicators (phone numbers, links) are read from this view.
- `compact`: `folded` without whitespace, zero-width characters and decoration symbols
  that are slipped between characters (冰 毒, 冰*毒), and with known homophone, pinyin,
  letter and split-character variants folded to their canonical form (薇信 -> 微信,
  bingdu -> 冰毒, 木仓 -> 枪). Lexicon and classifier read this view; `to_original` maps a
  span of it back to the original text.

All per-character work is done by `str.translate` and compiled regular expressions (C
code); Python loops run only over the few places that changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick_rs
import opencc
import regex

# Sentence punctuation stays in `compact` (it carries meaning for the classifier);
# everything else that is not a letter or digit is treated as an inserted separator.
KEEP_PUNCTUATION = frozenset(",!?;:。、“”《》()【】#@%，！？；：（）")
_CHINESE_DIGITS = str.maketrans(
    "零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖两", "0012345678911234567892"
)
_NUMERAL_RUN = regex.compile(r"[0-9零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖两]{5,}")
_HAS_CHINESE_DIGIT = regex.compile(r"[零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖两]")
_FOLD_RANGES = (
    (0x0000, 0x0250),
    (0x2000, 0x2C00),
    (0x3000, 0x3400),
    (0x4E00, 0xA000),
    (0xF900, 0xFB00),
    (0xFE10, 0xFE70),
    (0xFF00, 0xFFF0),
)


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """One-to-one folding of every character in the ranges that evasions use."""
    chars = [chr(c) for start, end in _FOLD_RANGES for c in range(start, end)]
    nfkc = [unicodedata.normalize("NFKC", c).lower() for c in chars]
    one_to_one = [n if len(n) == 1 else c for c, n in zip(chars, nfkc, strict=True)]
    han = [i for i, c in enumerate(one_to_one) if "\u3400" <= c <= "\u9fff"]
    simplified = opencc.OpenCC("t2s").convert("\n".join(one_to_one[i] for i in han)).split("\n")
    for i, converted in zip(han, simplified, strict=True):
        if len(converted) == 1:
            one_to_one[i] = converted
    table: dict[int, str] = {}
    for original, folded in zip(chars, one_to_one, strict=True):
        # punctuation is left as written: the separator step decides what to keep
        if folded != original and unicodedata.category(original)[0] != "P":
            table[ord(original)] = folded
    return table


def char_class(codes: Sequence[int]) -> re.Pattern[str]:
    """A compiled character class matching exactly the given code points."""
    ranges: list[str] = []
    ordered = sorted(codes)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        lo, hi = re.escape(chr(ordered[i])), re.escape(chr(ordered[j]))
        ranges.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return re.compile("[" + "".join(ranges) + "]+")


@lru_cache(maxsize=1)
def separator_table() -> dict[int, None]:
    """Characters dropped from `compact`: spaces, controls, zero-width, decoration."""
    table: dict[int, None] = {}
    for code in (*range(0x10000), *range(0x1F000, 0x1FB00), 0xE0001, *range(0xE0020, 0xE0080)):
        char = chr(code)
        kind = unicodedata.category(char)
        decoration = kind[0] in "ZSPC" and kind != "Co" and char not in KEEP_PUNCTUATION
        if decoration or kind in ("Mn", "Me"):
            table[code] = None
    for char in "\t\n\r":
        table[ord(char)] = None
    return table


@dataclass
class Normalised:
    original: str
    folded: str
    compact: str
    _kept: list[int] | None = field(default=None, repr=False)
    _pieces: list[tuple[int, int, int, int]] = field(default_factory=list, repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the compact span [start, end) came from."""
        s, e = self._unfold(start, end)
        kept = self._kept_positions()
        return kept[s], kept[e - 1] + 1

    def _unfold(self, start: int, end: int) -> tuple[int, int]:
        """Undo variant folding: compact span -> span of folded-without-separators."""
        shift_start = shift_end = 0
        for new_start, old_start, new_len, old_len in self._pieces:
            delta = old_len - new_len
            if new_start + new_len <= start:
                shift_start += delta
                shift_end += delta
            elif new_start < end:
                if new_start <= start:
                    shift_start = old_start - start
                if new_start + new_len >= end:
                    shift_end = old_start + old_len - end
                else:
                    shift_end += delta
        return start + shift_start, end + shift_end

    def _kept_positions(self) -> list[int]:
        if self._kept is None:
            separators = separator_table()
            self._kept = [i for i, c in enumerate(self.folded) if ord(c) not in separators]
        return self._kept


class Normaliser:
    """Builds both views for a batch; variants come from shipped data (canonical -> forms)."""

    def __init__(self, variants: Mapping[str, Sequence[str]] | None = None) -> None:
        self._fold = fold_table()
        self._fold_runs = char_class(list(self._fold))
        self._separators = separator_table()
        self._separator_runs = char_class(list(self._separators))
        forms: dict[str, str] = {}
        for canonical, spellings in (variants or {}).items():
            target = self._compact_only(canonical)
            for spelling in spellings:
                key = self._compact_only(spelling)
                if key and key != target:
                    forms.setdefault(key, target)
        self._variant_forms = list(forms)
        self._variant_targets = [forms[k] for k in self._variant_forms]
        self._variants = (
            ahocorasick_rs.AhoCorasick(
                self._variant_forms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
            )
            if forms
            else None
        )

    def _compact_only(self, text: str) -> str:
        return self._separator_runs.sub("", self.fold(text))

    def fold(self, text: str) -> str:
        """The one-to-one view used for indicators."""
        table = self._fold
        folded = self._fold_runs.sub(lambda m: m.group().translate(table), text)
        return _digits(folded)

    def normalise(self, text: str) -> Normalised:
        folded = self.fold(text)
        squeezed = self._separator_runs.sub("", folded)
        result = Normalised(text, folded, squeezed)
        if self._variants is not None:
            matches = self._variants.find_matches_as_indexes(squeezed)
            if matches:
                result.compact, result._pieces = self._fold_variants(squeezed, matches)
        return result

    def normalise_many(self, texts: Sequence[str]) -> list[Normalised]:
        return [self.normalise(t) for t in texts]

    def _fold_variants(
        self, text: str, matches: list[tuple[int, int, int]]
    ) -> tuple[str, list[tuple[int, int, int, int]]]:
        parts: list[str] = []
        pieces: list[tuple[int, int, int, int]] = []
        cursor = length = 0
        for index, start, end in matches:
            parts.append(text[cursor:start])
            length += start - cursor
            target = self._variant_targets[index]
            pieces.append((length, start, len(target), end - start))
            parts.append(target)
            length += len(target)
            cursor = end
        parts.append(text[cursor:])
        return "".join(parts), pieces


def _digits(text: str) -> str:
    if not _HAS_CHINESE_DIGIT.search(text):
        return text
    return str(_NUMERAL_RUN.sub(_run_to_digits, text))


def _run_to_digits(match: regex.Match[str]) -> str:
    run: str = match.group()
    return str(run.translate(_CHINESE_DIGITS)) if _HAS_CHINESE_DIGIT.search(run) else run
