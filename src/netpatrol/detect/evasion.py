"""Evasions as posters write them, applied to known positives to test robustness.

Each function takes a text and a random generator and returns the evaded text; the same
seed gives the same evasion set.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import opencc
import regex

_HAN = regex.compile(r"\p{Han}")
_DIGIT_RUN = regex.compile(r"\d{5,}")
_SEPARATORS = (" ", "*", "·", "★", "-", "/", "\u200b")
_CHINESE_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")

Evasion = Callable[[str, random.Random], str]


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def traditional(text: str, rng: random.Random) -> str:
    return str(_s2t().convert(text))


def full_width(text: str, rng: random.Random) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text.upper())


def inserted_separators(text: str, rng: random.Random) -> str:
    sep = rng.choice(_SEPARATORS)
    return "".join(c + sep if _HAN.match(c) and rng.random() < 0.5 else c for c in text)


def chinese_digits(text: str, rng: random.Random) -> str:
    return str(_DIGIT_RUN.sub(lambda m: m.group().translate(_CHINESE_DIGITS), text))


def variant_spellings(variants: Mapping[str, Sequence[str]]) -> Evasion:
    """Homophones, pinyin, letters and split characters from the shipped variant table."""
    pairs = sorted(((k, list(v)) for k, v in variants.items() if v), key=lambda kv: -len(kv[0]))

    def evade(text: str, rng: random.Random) -> str:
        for canonical, forms in pairs:
            if canonical in text:
                text = text.replace(canonical, rng.choice(forms))
        return text

    return evade


def evasions(variants: Mapping[str, Sequence[str]]) -> dict[str, Evasion]:
    return {
        "traditional": traditional,
        "full_width": full_width,
        "separators": inserted_separators,
        "chinese_digits": chinese_digits,
        "variants": variant_spellings(variants),
    }


def evade_all(
    texts: Sequence[str], variants: Mapping[str, Sequence[str]], seed: int = 7
) -> list[str]:
    """Every text with two evasion classes applied (variants always, then one other)."""
    rng = random.Random(seed)
    table = evasions(variants)
    others = [name for name in table if name != "variants"]
    out = []
    for text in texts:
        evaded = table["variants"](text, rng)
        out.append(table[rng.choice(others)](evaded, rng))
    return out
