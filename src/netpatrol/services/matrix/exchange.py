"""Exchanging indicator lists with other systems: CSV and STIX 2.1 bundles, both ways.

An import proposes every good row in one commit (a second person still confirms each) and
reports each bad row with its reason; no bad row is stored, and no row is stored in part.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import stix2

from netpatrol.domain.errors import DomainError, RuleViolation
from netpatrol.domain.indicators import KnownIndicator
from netpatrol.domain.text import unstorable
from netpatrol.services.matrix.indicators import Proposal, proposed, store_proposed, unit_ids
from netpatrol.services.ports import Conflict, UnitOfWork

CSV_FIELDS = (
    "kind",
    "value",
    "category",
    "sharing_level",
    "review",
    "unit",
    "proposer",
    "reviewer",
    "source_clue_id",
    "expires_at",
    "note",
)
MAX_ROWS = 10_000
# STIX patterns for the kinds STIX has objects for; the rest are custom objects
_STIX_OBJECT = {"domain": "domain-name", "url": "url", "short_link": "url"}
_ACCOUNT_KINDS = ("qq", "wechat", "alipay")
_PATTERN = re.compile(r"([a-z0-9-]+):(value|account_login) = '((?:[^'\\]|\\.)*)'")


@dataclass(frozen=True)
class Row:
    """One indicator as read from a file, before any check."""

    number: int  # 1-based: the CSV line after the header, or the bundle's object
    kind: str
    value: str
    category: str = "fraud"
    sharing: str = "unit"
    note: str = ""


@dataclass
class ImportReport:
    added: list[KnownIndicator] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)


def export_csv(indicators: Iterable[KnownIndicator], unit_codes: dict[int, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for i in indicators:
        writer.writerow(
            {
                "kind": i.kind,
                "value": i.value,
                "category": i.category.value,
                "sharing_level": i.sharing_level.value,
                "review": i.review.value,
                "unit": unit_codes.get(i.unit_id, ""),
                "proposer": i.proposer,
                "reviewer": i.reviewer or "",
                "source_clue_id": i.source_clue_id or "",
                "expires_at": i.expires_at.isoformat() if i.expires_at else "",
                "note": i.note,
            }
        )
    return out.getvalue()


def export_stix(indicators: Iterable[KnownIndicator]) -> str:
    """A STIX 2.1 bundle of Indicator objects; the x_netpatrol_* properties carry what STIX
    has no word for, so a bundle read back gives the same kinds, categories and levels."""
    objects = [
        stix2.Indicator(
            name=f"{i.kind} {i.value}",
            description=i.note or None,
            pattern=_pattern(i.kind, i.value),
            pattern_type="stix",
            valid_from=i.created_at,
            valid_until=i.expires_at if i.expires_at and i.expires_at > i.created_at else None,
            indicator_types=["malicious-activity"],
            allow_custom=True,
            x_netpatrol_kind=i.kind,
            x_netpatrol_category=i.category.value,
            x_netpatrol_sharing_level=i.sharing_level.value,
            x_netpatrol_review=i.review.value,
        )
        for i in indicators
    ]
    bundle = stix2.Bundle(objects=objects, allow_custom=True) if objects else stix2.Bundle()
    return str(bundle.serialize(pretty=True))


def read_csv(text: str) -> list[Row | tuple[int, str]]:
    """Rows, or (row number, reason) for a row that cannot be read at all."""
    reader = csv.DictReader(io.StringIO(text))
    rows: list[Row | tuple[int, str]] = []
    try:
        if not reader.fieldnames or not {"kind", "value"} <= set(reader.fieldnames):
            raise RuleViolation("a CSV of indicators has a header with at least kind and value")
        for number, raw in enumerate(reader, start=1):
            if None in raw:
                rows.append((number, "more fields than the header names"))
                continue
            rows.append(
                Row(
                    number,
                    (raw.get("kind") or "").strip().lower(),
                    (raw.get("value") or "").strip(),
                    (raw.get("category") or "fraud").strip(),
                    (raw.get("sharing_level") or "unit").strip(),
                    (raw.get("note") or "").strip(),
                )
            )
    except csv.Error as exc:  # a field past the csv module's limit, a NUL in old Pythons
        raise RuleViolation(f"line {reader.line_num} of the CSV cannot be read: {exc}") from None
    return [_storable(row) for row in rows]


def _storable(row: Row | tuple[int, str]) -> Row | tuple[int, str]:
    """A row whose text holds a control character is refused, never stored."""
    if isinstance(row, Row):
        for text in (row.kind, row.value, row.category, row.sharing, row.note):
            reason = unstorable(text)
            if reason:
                return row.number, reason
    return row


def read_stix(text: str) -> list[Row | tuple[int, str]]:
    try:
        bundle = json.loads(text)
    except (ValueError, RecursionError):
        raise RuleViolation("this is not JSON: a STIX 2.1 bundle was expected") from None
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle":
        raise RuleViolation("a STIX 2.1 bundle was expected")
    rows: list[Row | tuple[int, str]] = []
    for number, raw in enumerate(bundle.get("objects") or [], start=1):
        if not isinstance(raw, dict) or raw.get("type") != "indicator":
            continue  # identities, markings, relationships: not indicators
        try:
            parsed = stix2.parse(raw, allow_custom=True)
        except Exception as exc:  # stix2 raises many kinds; each names the broken property
            rows.append((number, f"not a valid STIX 2.1 indicator: {exc}"))
            continue
        rows.append(_storable(_row_of(number, parsed)))
    return rows


def import_rows(
    uow: UnitOfWork,
    rows: list[Row | tuple[int, str]],
    unit_code: str,
    actor: str,
    clock: Callable[[], datetime],
) -> ImportReport:
    if len(rows) > MAX_ROWS:
        raise RuleViolation(f"an import has at most {MAX_ROWS} rows")
    report = ImportReport()
    seen: set[tuple[str, str]] = set()
    with uow:
        units, now = unit_ids(uow), clock()
        for row in rows:
            if isinstance(row, tuple):
                report.errors.append(row)
                continue
            proposal = Proposal(
                row.kind, row.value, row.category, unit_code, row.sharing, actor, row.note
            )
            try:
                indicator = proposed(uow, proposal, now, units)
                if (indicator.kind, indicator.value) in seen:
                    raise Conflict(f"{indicator.kind} {indicator.value} is twice in the file")
                seen.add((indicator.kind, indicator.value))
                report.added.append(store_proposed(uow, indicator, actor))
            except (DomainError, Conflict) as exc:
                report.errors.append((row.number, str(exc)))
        uow.commit()
    return report


def _pattern(kind: str, value: str) -> str:
    quoted = value.replace("\\", "\\\\").replace("'", "\\'")
    if kind in _STIX_OBJECT:
        return f"[{_STIX_OBJECT[kind]}:value = '{quoted}']"
    if kind in _ACCOUNT_KINDS:
        return f"[user-account:account_type = '{kind}' AND user-account:account_login = '{quoted}']"
    return f"[x-netpatrol-{kind.replace('_', '-')}:value = '{quoted}']"


def _row_of(number: int, parsed: Any) -> Row | tuple[int, str]:
    match = _PATTERN.search(str(parsed.get("pattern", "")))
    if match is None:
        return (number, "the pattern names no value this system knows")
    obj, value = match.group(1), re.sub(r"\\(.)", r"\1", match.group(3))
    kind = parsed.get("x_netpatrol_kind") or _kind_of(obj, str(parsed.get("pattern", "")))
    return Row(
        number,
        str(kind),
        value,
        str(parsed.get("x_netpatrol_category") or "fraud"),
        str(parsed.get("x_netpatrol_sharing_level") or "unit"),
        str(parsed.get("description") or ""),
    )


def _kind_of(obj: str, pattern: str) -> str:
    if obj == "domain-name":
        return "domain"
    if obj == "user-account":
        account = re.search(r"account_type = '([a-z]+)'", pattern)
        return account.group(1) if account else "wechat"
    return obj.removeprefix("x-netpatrol-").replace("-", "_")
