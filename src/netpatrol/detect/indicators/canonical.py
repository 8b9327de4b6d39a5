"""Canonical forms of indicators, and the checksums that tell a card or id from noise."""

from __future__ import annotations

import unicodedata
from contextlib import suppress

import regex

from netpatrol.detect.indicators.kinds import IndicatorKind
from netpatrol.detect.indicators.patterns import _phone

_NON_DIGITS = regex.compile(r"[^0-9]+")


_PHONE_ONLY = regex.compile(_phone(0))


_IP = regex.compile(r"[0-9]+(?:\.[0-9]+){3}")


_TRAILING = ".,;:!?'\"()[]{}<>"


_DOUBLED = str.maketrans("0123456789", "0246813579")


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def luhn_ok(digits: str) -> bool:
    """Whether a string of ASCII digits passes the Luhn check (bank cards use it)."""
    if not (digits.isascii() and digits.isdigit()):
        return False
    reverse = digits[::-1]
    doubled = reverse[1::2].translate(_DOUBLED)
    return (sum(map(int, reverse[0::2])) + sum(map(int, doubled))) % 10 == 0


def _looks_like_id_card(digits: str) -> bool:
    """An 18-digit resident ID number (居民身份证) with a valid birth date and check digit."""
    if len(digits) != 18:
        return False
    year, month, day = int(digits[6:10]), int(digits[10:12]), int(digits[12:14])
    if not (1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(w * int(d) for w, d in zip(_ID_WEIGHTS, digits, strict=False))
    return "10X98765432"[total % 11] == digits[17]


def _mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789" and digits.isdigit()


def _digits(text: str) -> str:
    digits: str = _NON_DIGITS.sub("", text)
    return digits


def _phone_digits(text: str) -> str:
    digits = _digits(text)
    if len(digits) == 13 and digits.startswith("86"):
        return digits[2:]
    if len(digits) == 15 and digits.startswith("0086"):
        return digits[4:]
    return digits


def _landline(text: str) -> str:
    digits = _digits(text)
    if digits.startswith("0086"):
        digits = "0" + digits[4:]
    elif digits.startswith("86") and len(digits) >= 11:
        digits = "0" + digits[2:]
    if len(digits) < 5 or digits[0] != "0":
        return digits
    area = 3 if digits[1] in "12" else 4
    return f"{digits[:area]}-{digits[area:]}"


def _host(text: str) -> str:
    """The host of a link, address or host: no scheme, user, port, path or 'www.'; labels
    in punycode (xn--) decoded, so both spellings of a Chinese host compare equal."""
    host = text
    if "://" in host:
        host = host.split("://", 1)[1]
    for stop in "/?#@:":
        if stop in host:
            host = host.rsplit("@", 1)[1] if stop == "@" else host.split(stop, 1)[0]
    host = host.rstrip(".").removeprefix("www.")
    if "xn--" not in host:
        return host
    labels = host.split(".")
    for i, label in enumerate(labels):
        if label.startswith("xn--"):
            with suppress(UnicodeError):
                labels[i] = label[4:].encode("ascii").decode("punycode").lower()
    return ".".join(labels)


def _short_link(text: str) -> str:
    link = text.rstrip(_TRAILING)
    if "://" in link:
        link = link.split("://", 1)[1]
    return link.removeprefix("www.").rstrip("/")


def canonical(kind: IndicatorKind, raw: str) -> str:
    """The form an indicator is stored and matched in: digits for numbers (a mobile number
    without +86), 0xx-xxxxxxxx for landlines, a bare host for domains (no www., punycode
    decoded), a link without scheme or www. for short links, lower case for the rest."""
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    if kind is IndicatorKind.PHONE:
        return _phone_digits(text)
    if kind in (IndicatorKind.QQ, IndicatorKind.BANK_CARD):
        return _digits(text)
    if kind is IndicatorKind.LANDLINE:
        return _landline(text)
    if kind is IndicatorKind.DOMAIN:
        return _host(text)
    if kind is IndicatorKind.URL:
        return text.rstrip(_TRAILING)
    if kind is IndicatorKind.SHORT_LINK:
        return _short_link(text)
    if kind in (IndicatorKind.WECHAT, IndicatorKind.ALIPAY) and _PHONE_ONLY.fullmatch(text):
        return _phone_digits(text)
    return text


CASE_SENSITIVE = frozenset({IndicatorKind.SHORT_LINK, IndicatorKind.CRYPTO})


def case_kept(kind: IndicatorKind, raw: str) -> str:
    """A short link's or a crypto address's canonical form with its case kept (their path
    and base58 letters are case-sensitive), '' for other kinds or when the raw text does
    not fold to the canonical form. The patrol matches the folded form; the public lookup
    compares this one too, so one short link is never called another."""
    if kind not in CASE_SENSITIVE:
        return ""
    text = unicodedata.normalize("NFKC", raw).strip()
    kept = text
    if kind is IndicatorKind.SHORT_LINK:
        kept = text.rstrip(_TRAILING)
        if "://" in kept:
            kept = kept.split("://", 1)[1]
        if kept.lower().startswith("www."):
            kept = kept[4:]
        kept = kept.rstrip("/")
    return kept if kept.lower() == canonical(kind, raw) else ""
