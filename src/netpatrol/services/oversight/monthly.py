"""The monthly transparency report (透明度报告, M10): per unit, what the units found and
did, how the platforms and the units answered, and how long it took; counts and times
only, so anyone may read it."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.services.oversight.checkpoints import latest_checkpoint
from netpatrol.services.oversight.ports import MonthFacts
from netpatrol.services.oversight.stats import PlatformResponses, summarise_takedowns
from netpatrol.services.ports import UnitOfWork

CHINA = timezone(timedelta(hours=8))
PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
UNROUTED = "-"  # reports that have not joined a clue yet belong to no unit


@dataclass
class UnitMonth:
    unit: str
    unit_name: str
    findings_by_category: dict[str, int] = field(default_factory=dict)
    clues: int = 0
    measures: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings_sent: int = 0
    warnings_heeded: int = 0
    appeals: dict[str, int] = field(default_factory=dict)
    takedowns: list[PlatformResponses] = field(default_factory=list)
    reports_received: int = 0
    reports_answered: int = 0
    hours_to_answer_median: float | None = None
    hours_post_to_finding_median: float | None = None
    hours_finding_to_measure_median: float | None = None


@dataclass
class MonthReport:
    period: str
    units: list[UnitMonth]
    checkpoint: dict[str, object] | None


def month_bounds(period: str, now: datetime) -> tuple[datetime, datetime]:
    """[start, end) of a China month given as YYYY-MM; a month yet to begin is refused."""
    matched = PERIOD.match(period)
    if not matched:
        raise RuleViolation("period: give a month as YYYY-MM, e.g. 2026-11")
    year, month = int(matched[1]), int(matched[2])
    start = datetime(year, month, 1, tzinfo=CHINA)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=CHINA)
    if start > now:
        raise RuleViolation(f"period: {period} has not begun")
    return start.astimezone(UTC), end.astimezone(UTC)


def _median_hours(spans: Iterable[timedelta]) -> float | None:
    hours = [s.total_seconds() / 3600 for s in spans if s >= timedelta(0)]
    return round(statistics.median(hours), 2) if hours else None


def _appeal_outcome(status: str) -> str:
    if status == MeasureStatus.APPEALED:
        return "pending"
    return "upheld" if status == MeasureStatus.WITHDRAWN else "rejected"


def _unit_month(code: str, name: str, unit_id: int | None, facts: MonthFacts) -> UnitMonth:
    row = UnitMonth(code, name)
    findings = [f for f in facts.findings if f.unit_id == unit_id]
    measures = [m for m in facts.measures if m.unit_id == unit_id]
    reports = [r for r in facts.reports if r.unit_id == unit_id]
    row.findings_by_category = dict(sorted(Counter(f.category for f in findings).items()))
    row.clues = sum(1 for u in facts.clue_units if u == unit_id)
    for m in measures:
        by_status = row.measures.setdefault(m.kind, {})
        by_status[m.status] = by_status.get(m.status, 0) + 1
    warnings = [m for m in measures if m.kind == MeasureKind.WARNING]
    row.warnings_sent = len(warnings)
    row.warnings_heeded = sum(1 for m in warnings if m.status == MeasureStatus.HEEDED)
    row.appeals = dict(Counter(_appeal_outcome(m.status) for m in measures if m.appealed))
    row.takedowns = summarise_takedowns(
        [
            (m.platform, m.status, m.response_hours, m.refusal)
            for m in measures
            if m.kind == "takedown"
        ]
    )
    row.reports_received = len(reports)
    answered = [r for r in reports if r.answered_at is not None]
    row.reports_answered = len(answered)
    row.hours_to_answer_median = _median_hours(
        r.answered_at - r.received_at for r in answered if r.answered_at
    )
    row.hours_post_to_finding_median = _median_hours(f.found_at - f.posted_at for f in findings)
    row.hours_finding_to_measure_median = _median_hours(
        m.created_at - m.clue_opened_at for m in measures
    )
    return row


def monthly_report(uow: UnitOfWork, period: str, clock: Callable[[], datetime]) -> MonthReport:
    """The report of one month: a line per unit that did anything in it."""
    start, end = month_bounds(period, clock())
    with uow:
        facts = uow.figures.month_facts(start, end)
        units = {u.id: u for u in uow.units.all()}
    active = (
        {f.unit_id for f in facts.findings}
        | set(facts.clue_units)
        | {m.unit_id for m in facts.measures}
        | {r.unit_id for r in facts.reports if r.unit_id is not None}
    )
    lines = [
        _unit_month(units[i].code, units[i].name, i, facts)
        for i in sorted(active, key=lambda i: units[i].code)
    ]
    if any(r.unit_id is None for r in facts.reports):
        lines.append(_unit_month(UNROUTED, "", None, facts))
    checkpoint = latest_checkpoint(uow)
    signed = (
        {
            "seq": checkpoint.seq,
            "head": checkpoint.head.hex(),
            "at": checkpoint.at.isoformat(),
            "key_id": checkpoint.key_id,
        }
        if checkpoint
        else None
    )
    return MonthReport(period, lines, signed)
