"""The scam lookup (查一查, M8): is this number, link or account a known scam indicator?

It answers only from what is public: indicators the units share nationally and published
alerts. Clues, reports and reporters never come into it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from netpatrol.detect.indicators import (
    Indicator,
    IndicatorKind,
    IndicatorStore,
    canonical,
    extract,
)
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.errors import RuleViolation
from netpatrol.services.ports import UnitOfWork

MAX_QUERY = 200
_DIGITS = re.compile(r"\d{5,12}")
_ACCOUNT = re.compile(r"[a-z][a-z0-9_-]{5,19}")


@dataclass(frozen=True)
class Mention:
    """A published alert that names the indicator."""

    title: str
    url: str


# published alerts naming an indicator: (kind, canonical value) -> mentions
MentionFinder = Callable[[str, str], list[Mention]]


@dataclass(frozen=True)
class LookupResult:
    query: str
    kind: str
    value: str
    known: bool
    category: str = ""
    mentions: list[Mention] = field(default_factory=list)


def candidates(query: str) -> list[tuple[IndicatorKind, str]]:
    """What the query may be, most specific first: what the indicator extraction finds in
    it, else a bare QQ number or an account id."""
    text = unicodedata.normalize("NFKC", query).strip().lower()
    found = [(i.kind, i.value) for i in extract(text)]
    if not found and _DIGITS.fullmatch(text):
        found = [(IndicatorKind.QQ, text), (IndicatorKind.BANK_CARD, text)]
    elif not found and _ACCOUNT.fullmatch(text):
        found = [(IndicatorKind.WECHAT, text), (IndicatorKind.ALIPAY, text)]
    return [(kind, canonical(kind, value)) for kind, value in found]


def lookup(uow: UnitOfWork, query: str, mentions: MentionFinder | None = None) -> LookupResult:
    query = query.strip()
    if not query:
        raise RuleViolation("type a phone number, link, QQ or WeChat id to look up")
    if len(query) > MAX_QUERY:
        raise RuleViolation(f"a query has at most {MAX_QUERY} characters")
    options = candidates(query)
    if not options:
        raise RuleViolation("this is not a phone number, link, QQ or WeChat id")
    with uow:
        public = [
            (i.kind, i.value, i.category)
            for i in uow.indicators.with_values(_stored_forms(options))
            if i.sharing_level is SharingLevel.NATIONAL
        ]
    store = IndicatorStore(public)
    for kind, value in options:
        category = store.match(Indicator(kind, value, 0, len(value)))
        if category is not None:
            found = mentions(kind.value, value) if mentions else []
            return LookupResult(query, kind.value, value, True, category, found)
    kind, value = options[0]
    found = mentions(kind.value, value) if mentions else []
    return LookupResult(query, kind.value, value, bool(found), "", found)


def _stored_forms(options: list[tuple[IndicatorKind, str]]) -> set[str]:
    """The values a known entry matching one of the options may be stored under: the value,
    and for a domain each domain above it (an entry for a domain covers its subdomains)."""
    forms = set()
    for kind, value in options:
        forms.add(value)
        if kind is IndicatorKind.DOMAIN:
            parts = value.split(".")
            forms.update(".".join(parts[i:]) for i in range(1, len(parts) - 1))
    return forms
