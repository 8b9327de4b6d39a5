"""The scam lookup (查一查, M8): is this number, link or account a known scam indicator?

It answers only from what is public: indicators the units share nationally, confirmed by
a second person and in force, and published alerts. Clues, reports and reporters never
come into it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from netpatrol.detect.indicators import (
    Indicator,
    IndicatorKind,
    IndicatorStore,
    canonical,
    case_kept,
    extract,
)
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.indicators import KnownIndicator, ReportSource
from netpatrol.services.matrix.indicators import report_false_positive
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


def lookup(
    uow: UnitOfWork,
    query: str,
    mentions: MentionFinder | None = None,
    now: datetime | None = None,
) -> LookupResult:
    """Only confirmed, nationally shared indicators in force are called known scams."""
    options = _options(query)
    with uow:
        public = _public(uow, options, now or datetime.now(UTC))
    query = query.strip()
    public = [i for i in public if _same_case(query, i)]
    store = IndicatorStore([(i.kind, i.value, i.category) for i in public])
    for kind, value in options:
        category = store.match(Indicator(kind, value, 0, len(value)))
        if category is not None:
            found = mentions(kind.value, value) if mentions else []
            shown = as_typed(query, kind, value)
            return LookupResult(query, kind.value, shown, True, category, found)
    kind, value = options[0]
    found = mentions(kind.value, value) if mentions else []
    return LookupResult(query, kind.value, as_typed(query, kind, value), bool(found), "", found)


def as_typed(query: str, kind: IndicatorKind, value: str) -> str:
    """A link's path and a base58 address are case-sensitive: the answer names them as the
    visitor typed them, not in the folded form they are matched in."""
    if kind not in (IndicatorKind.URL, IndicatorKind.SHORT_LINK, IndicatorKind.CRYPTO):
        return value
    typed = unicodedata.normalize("NFKC", query)
    at = typed.lower().find(value)
    return typed[at : at + len(value)] if at >= 0 else value


def _same_case(query: str, known: KnownIndicator) -> bool:
    """A short link or crypto address entered with its case matches only the same case."""
    if not known.shown_as:
        return True
    kind = IndicatorKind(known.kind)
    return case_kept(kind, as_typed(query, kind, known.value)) == known.shown_as


def dispute(
    uow: UnitOfWork, query: str, reporter: str, reason: str, clock: Callable[[], datetime]
) -> int:
    """ "This is my number and it is not a scam": each public indicator the query matches
    gets a false-positive report and goes under review. How many did; NotFound if none."""
    options = _options(query)
    with uow:
        disputed = [i for i in _public(uow, options, clock()) if _same_case(query, i)]
        store = IndicatorStore([(i.kind, i.value, str(i.id)) for i in disputed])
        ids = {
            int(hit)
            for kind, value in options
            if (hit := store.match(Indicator(kind, value, 0, len(value)))) is not None
        }
    if not ids:
        raise NotFound("this is not a known scam indicator", zh="这不是已知的诈骗线索")
    for indicator_id in sorted(ids):
        report_false_positive(uow, indicator_id, ReportSource.PUBLIC, reporter, reason, clock)
    return len(ids)


def _options(query: str) -> list[tuple[IndicatorKind, str]]:
    query = query.strip()
    if not query:
        raise RuleViolation(
            "type a phone number, link, QQ or WeChat id to look up",
            zh="请输入要查询的电话号码、链接、QQ 号或微信号",
        )
    if len(query) > MAX_QUERY:
        raise RuleViolation(
            f"a query has at most {MAX_QUERY} characters",
            zh=f"查询内容最多 {MAX_QUERY} 个字符",
        )
    options = candidates(query)
    if not options:
        raise RuleViolation(
            "this is not a phone number, link, QQ or WeChat id",
            zh="这不是电话号码、链接、QQ 号或微信号",
        )
    return options


def _public(
    uow: UnitOfWork, options: list[tuple[IndicatorKind, str]], now: datetime
) -> list[KnownIndicator]:
    return [i for i in uow.indicators.with_values(_stored_forms(options)) if i.is_public(now)]


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
