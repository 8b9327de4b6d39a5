"""Normalisation that undoes common evasions and keeps a map back to the original text.

Two views of each post:
- `folded`: the same length as the original (index i is original index i): NFKC where it
  maps one character to one (full-width letters, circled digits), lower case, Latin
  letters without their accents (pinyin tones: miǎn -> mian),
  traditional -> simplified (OpenCC, character by character), and runs of Chinese
  numerals -> ASCII digits. Indicators (phone numbers, links) are read from this view.
- `compact`: `folded` without whitespace, zero-width characters and decoration symbols
  that are slipped between characters (冰 毒, 冰*毒), and with known homophone, pinyin,
  letter and split-character variants folded to their canonical form (薇信 -> 微信,
  bingdu -> 冰毒, 木仓 -> 枪). Lexicon and classifier read this view; `to_original` maps a
  span of it back to the original text.

All per-character work is table look-ups over arrays of code points (numpy); Python loops
run only over the few places where a variant was folded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import opencc

from netpatrol.detect.matching import BatchMatcher

# Sentence punctuation stays in `compact` (it carries meaning for the classifier);
# everything else that is not a letter or digit is treated as an inserted separator.
JOINER = "\ue000"  # a private-use character: no fold, no separator, no term contains it
JOINER_CODE = 0xE000
TABLE_SIZE = 0x110000
MIN_NUMERAL_RUN = 5
CHINESE_NUMERALS = "零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖两"
NUMERAL_DIGITS = "0012345678911234567892"
CodeArray = npt.NDArray[np.uint32]
IntArray = npt.NDArray[np.int64]
KEEP_PUNCTUATION = frozenset(",!?;:。、“”《》()【】#@%，！？；：（）")
_FOLD_RANGES = (
    (0x0000, 0x0250),
    (0x2000, 0x2C00),
    (0x3000, 0x3400),
    (0x4E00, 0xA000),
    (0xF900, 0xFB00),
    (0xFE10, 0xFE70),
    (0xFF00, 0xFFF0),
    (0x1D400, 0x1D800),  # mathematical letters and digits (𝐰𝐱, 𝟏𝟑𝟖) written as styled ids
)


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """One-to-one folding of every character in the ranges that evasions use."""
    chars = [chr(c) for start, end in _FOLD_RANGES for c in range(start, end)]
    nfkc = [_toneless(unicodedata.normalize("NFKC", c).lower()) for c in chars]
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


def _toneless(char: str) -> str:
    """A Latin letter with accents as its bare letter: pinyin written with its tones (miǎn,
    gōng, lǜ) is the same spelling as without them."""
    if len(char) != 1 or not "\u00c0" <= char <= "\u024f":
        return char
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isascii() and base.isalpha() else char


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


@dataclass(slots=True)
class Normalised:
    original: str
    folded: str
    compact: str
    # positions kept in the batch's joined text; this text's run starts at _base, and
    # the text itself at _offset of the joined text
    _kept: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    _base: int = 0
    _offset: int = 0
    _pieces: list[tuple[int, int, int, int]] = field(default_factory=list, repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the compact span [start, end) came from."""
        s, e = self._unfold(start, end)
        first, last = self._kept[self._base + s], self._kept[self._base + e - 1]
        return int(first) - self._offset, int(last) + 1 - self._offset

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


class Normaliser:
    """Builds both views for a batch; variants come from shipped data (canonical -> forms).

    The batch is joined into one string and turned into an array of code points; folding,
    Chinese digits and separator removal are table look-ups over that array (numpy), so
    the cost per character is a few nanoseconds whatever the text.
    """

    def __init__(
        self,
        variants: Mapping[str, Sequence[str]] | None = None,
        stand_ins: Mapping[str, str] | None = None,
    ) -> None:
        self._fold_codes = np.arange(TABLE_SIZE, dtype=np.uint32)
        for code, folded in fold_table().items():
            self._fold_codes[code] = ord(folded)
        for picture, char in (stand_ins or {}).items():
            if len(picture) != 1 or len(char) != 1:
                raise ValueError(f"a stand-in folds one character to one: {picture!r} -> {char!r}")
            self._fold_codes[ord(picture)] = ord(char)
        self._is_separator = np.zeros(TABLE_SIZE, dtype=bool)
        self._is_separator[list(separator_table())] = True
        self._is_numeral = np.zeros(TABLE_SIZE, dtype=bool)
        self._is_chinese_numeral = np.zeros(TABLE_SIZE, dtype=bool)
        self._digit_codes = np.arange(TABLE_SIZE, dtype=np.uint32)
        for numeral, digit in zip(CHINESE_NUMERALS, NUMERAL_DIGITS, strict=True):
            self._is_chinese_numeral[ord(numeral)] = True
            self._digit_codes[ord(numeral)] = ord(digit)
        self._is_numeral[self._is_chinese_numeral] = True
        self._is_numeral[ord("0") : ord("9") + 1] = True
        forms: dict[str, str] = {}
        for canonical, spellings in (variants or {}).items():
            target = self._plain(canonical)
            for spelling in spellings:
                key = self._plain(spelling)
                if key and key != target:
                    forms.setdefault(key, target)
        self._variant_forms = list(forms)
        self._variant_targets = [forms[k] for k in self._variant_forms]
        self._variants = BatchMatcher(self._variant_forms, leftmost_longest=True) if forms else None

    @property
    def variants(self) -> BatchMatcher | None:
        """The matcher of the variant spellings (`share_scan` may screen with it)."""
        return self._variants

    def _plain(self, text: str) -> str:
        """Folded and squeezed, without variant folding (for building the variant table)."""
        codes = self._fold_array(_codes(text))
        return _text(codes[~self._is_separator[codes]])

    def _fold_array(self, codes: CodeArray) -> CodeArray:
        folded = np.take(self._fold_codes, codes)
        # runs of 5+ numerals with a Chinese one among them become ASCII digits; the
        # numerals are few, so the runs are found among their positions only
        at = np.flatnonzero(np.take(self._is_numeral, folded))
        if len(at) >= MIN_NUMERAL_RUN:
            run = np.cumsum(np.r_[True, np.diff(at) != 1])
            lengths = np.bincount(run)
            chinese = np.bincount(run, weights=self._is_chinese_numeral[folded[at]])
            convert = at[(lengths[run] >= MIN_NUMERAL_RUN) & (chinese[run] > 0)]
            folded[convert] = self._digit_codes[folded[convert]]
        return folded

    def fold(self, text: str) -> str:
        """The one-to-one view used for indicators."""
        return _text(self._fold_array(_codes(text)))

    def normalise(self, text: str) -> Normalised:
        return self.normalise_many([text])[0]

    def normalise_many(self, texts: Sequence[str]) -> list[Normalised]:
        if not texts:
            return []
        if any(JOINER in t for t in texts):
            return [r for t in texts for r in self.normalise_many([t.replace(JOINER, " ")])]
        codes = self._fold_array(_codes(JOINER.join(texts)))
        keep = ~np.take(self._is_separator, codes)
        folded = _text(codes).split(JOINER)
        squeezed = _text(codes[keep])
        kept = np.flatnonzero(keep)
        bounds = np.flatnonzero(codes[kept] == JOINER_CODE)
        text_starts = np.r_[0, np.flatnonzero(codes == JOINER_CODE) + 1]
        piece_starts = np.r_[0, bounds + 1]
        results = [
            Normalised(original, fold, compact, kept, base, offset)
            for original, fold, compact, base, offset in zip(
                texts,
                folded,
                squeezed.split(JOINER),
                piece_starts.tolist(),
                text_starts.tolist(),
                strict=True,
            )
        ]
        if self._variants is not None:
            for result, matches in zip(
                results, self._variants.find([r.compact for r in results]), strict=True
            ):
                if matches:
                    result.compact, result._pieces = self._fold_variants(result.compact, matches)
        return results

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


def _codes(text: str) -> CodeArray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()


def _text(codes: CodeArray) -> str:
    return codes.astype(np.uint32).tobytes().decode("utf-32-le")
