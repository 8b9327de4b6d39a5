"""Reading indicators out of a text written for the public, and removing personal data
from one (脱敏) before a case becomes a public bulletin."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from netpatrol.detect.indicators import Indicator, IndicatorKind, extract
from netpatrol.detect.normalise import Normaliser

MASK = "＊＊＊"
# an 18-digit identity card number, a mention of an account, an e-mail address
_ID_CARD = regex.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9xX](?![0-9])")
_MENTION = regex.compile(r"@[\p{L}\p{N}_\-]{1,30}")
_EMAIL = regex.compile(r"[a-zA-Z0-9._%+\-]+@[a-zA-Z0-9.\-]+\.[a-zA-Z]{2,}")
# any long number (an account that fails the card check is still someone's account)
_LONG_NUMBER = regex.compile(r"(?<![0-9])[0-9][0-9 \-]{5,}[0-9](?![0-9])")
# a place below the city: a street and number, a building, a unit, a room, a compound
_PLACE_NAME = r"[\p{Han}--[区市县省镇乡在住于的了到从和与及是将把被向]]{2,4}"
_ADDRESS = regex.compile(
    _PLACE_NAME + r"(?:路|街|大道|巷|弄|胡同)[0-9一二三四五六七八九十]+号"
    r"(?:[0-9一二三四五六七八九十]+(?:号楼|栋|幢|单元|室|层|楼))*"
    r"|"
    + _PLACE_NAME
    + r"(?:小区|花园|公寓|大厦)(?:[0-9一二三四五六七八九十]+(?:号楼|栋|幢|单元|室))*",
    flags=regex.V1,
)
# links to big public sites are not personal data; a bulletin may name where a scam ran
_PERSONAL = frozenset(IndicatorKind) - {IndicatorKind.DOMAIN}


@cache
def _normaliser() -> Normaliser:
    return Normaliser()


def indicators_in(text: str) -> list[Indicator]:
    """The contact and payment indicators of a text, spans into the text as written."""
    return extract(_normaliser().fold(text))


MAX_MENTION = 256  # the stored length of a mentioned indicator


def mentioned(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, canonical value) of every indicator the texts mention, once each (a link
    longer than the lookup keeps is left out: nobody types one that long to check it)."""
    found = {
        (i.kind.value, i.value)
        for text in texts
        for i in indicators_in(text)
        if len(i.value) <= MAX_MENTION
    }
    return sorted(found)


def redact(text: str, names: Iterable[str] = ()) -> str:
    """The text with phones, accounts, cards, payment and crypto addresses, links, identity
    numbers, any other long number, e-mail addresses, @mentions, street addresses and
    compounds, and the given names masked."""
    spans = [(i.start, i.end) for i in indicators_in(text) if i.kind in _PERSONAL]
    for pattern in (_ID_CARD, _EMAIL, _MENTION, _LONG_NUMBER, _ADDRESS):
        spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    for name in {n.strip() for n in names if n and len(n.strip()) >= 2}:
        spans += [(m.start(), m.end()) for m in regex.finditer(regex.escape(name), text)]
    out, cursor = [], 0
    for start, end in sorted(spans):
        if end <= cursor:
            continue
        out.append(text[cursor : max(start, cursor)])
        out.append(MASK)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
