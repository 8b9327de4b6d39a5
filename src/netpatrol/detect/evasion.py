"""Evasions as posters write them, applied to known positives to test robustness.

Each function takes a text and a random generator and returns the evaded text; the same
seed gives the same evasion set. The classes follow what offenders do: traditional
characters, full-width letters, separators between characters, Chinese digits, shipped
homophone and pinyin variants, an emoji for the key character (❄ for 冰), pinyin or its
initials inside a word, a character split into its parts (女昌), 火星文 variant
characters, a disguised contact cue (V❤, styled 𝐯𝐱) and a defanged link (hxxp, [.]).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import opencc
import regex
from pypinyin import Style, lazy_pinyin

_HAN = regex.compile(r"\p{Han}")
_DIGIT_RUN = regex.compile(r"\d{5,}")
_SEPARATORS = (" ", "*", "·", "★", "-", "/", "\u200b")
_CHINESE_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")
_CONTACT_CUES = regex.compile(r"微信|vx|VX|Vx|wx|WX|薇信|加v|加V|qq|QQ")
_CONTACT_DISGUISES = ("V❤", "𝐯𝐱", "ⓥⓧ", "威❤", "ＶＸ", "v.x", "扣扣")
_LINK = regex.compile(r"(?:https?://)?(?:[a-z0-9\-]+\.)+[a-z]{2,6}(?:/\S*)?", regex.IGNORECASE)
_DOTS = ("[.]", " . ", "。", "(.)")

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


def char_swap(table: Mapping[str, str], share: float = 0.8) -> Evasion:
    """Each character that the table knows is written its other way (with a probability)."""

    def evade(text: str, rng: random.Random) -> str:
        return "".join(table[c] if c in table and rng.random() < share else c for c in text)

    return evade


def pinyin_inside(text: str, rng: random.Random) -> str:
    """One or two characters of the text written as pinyin, or as its initial."""
    spots = [m.start() for m in _HAN.finditer(text)]
    if not spots:
        return text
    chosen = set(rng.sample(spots, min(len(spots), rng.choice((1, 2, 3)))))
    out = []
    for i, c in enumerate(text):
        if i in chosen:
            style = Style.FIRST_LETTER if rng.random() < 0.3 else Style.NORMAL
            out.append(str(lazy_pinyin(c, style=style)[0]))
        else:
            out.append(c)
    return "".join(out)


def contact_disguise(text: str, rng: random.Random) -> str:
    """Contact cues styled so a word list misses them; ids in full-width digits."""
    text = _CONTACT_CUES.sub(lambda _: rng.choice(_CONTACT_DISGUISES), text)
    return str(_DIGIT_RUN.sub(lambda m: "".join(chr(ord(c) + 0xFEE0) for c in m.group()), text))


def defanged_links(text: str, rng: random.Random) -> str:
    def defang(m: regex.Match[str]) -> str:
        link = str(m.group()).replace("https://", "hxxps://").replace("http://", "hxxp://")
        return link.replace(".", rng.choice(_DOTS))

    return str(_LINK.sub(defang, text))


def evasions(
    variants: Mapping[str, Sequence[str]],
    stand_ins: Mapping[str, str] | None = None,
    splits: Mapping[str, str] | None = None,
    variant_chars: Mapping[str, str] | None = None,
) -> dict[str, Evasion]:
    table: dict[str, Evasion] = {
        "traditional": traditional,
        "full_width": full_width,
        "separators": inserted_separators,
        "chinese_digits": chinese_digits,
        "variants": variant_spellings(variants),
        "pinyin_inside": pinyin_inside,
        "contact_disguise": contact_disguise,
        "defanged_links": defanged_links,
    }
    if stand_ins:
        table["emoji"] = char_swap({char: picture for picture, char in stand_ins.items()})
    if splits:
        table["split_characters"] = char_swap(splits)
    if variant_chars:
        table["mars_script"] = char_swap({c: v for v, c in variant_chars.items()}, share=0.5)
    return table


def evade_all(
    texts: Sequence[str],
    variants: Mapping[str, Sequence[str]],
    seed: int = 7,
    **tables: Mapping[str, str],
) -> list[str]:
    """Every text with two evasion classes applied (variants always, then one other)."""
    rng = random.Random(seed)
    table = evasions(variants, **tables)
    others = [name for name in table if name != "variants"]
    out = []
    for text in texts:
        evaded = table["variants"](text, rng)
        out.append(table[rng.choice(others)](evaded, rng))
    return out


def evade_by_class(
    texts: Sequence[str],
    variants: Mapping[str, Sequence[str]],
    seed: int = 7,
    **tables: Mapping[str, str],
) -> dict[str, list[str]]:
    """Every text under each evasion class alone: which evasions the engine undoes."""
    table = evasions(variants, **tables)
    return {
        name: [evade(text, random.Random(f"{seed}:{name}:{i}")) for i, text in enumerate(texts)]
        for name, evade in table.items()
    }
