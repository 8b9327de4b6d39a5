"""The unit's figures at a glance (M10): each chart on the dashboard is one of these
tables, and each table can be downloaded as CSV."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from netpatrol.domain.errors import NotFound
from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.stats import summarise_takedowns

MAX_DAYS = 366
WARNING_OUTCOMES = (
    MeasureStatus.HEEDED,
    MeasureStatus.ESCALATED,
    MeasureStatus.APPEALED,
    MeasureStatus.WITHDRAWN,
)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[object, ...]]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def _findings(uow: UnitOfWork, units: Sequence[int] | None, since: datetime) -> Table:
    rows = uow.figures.findings_by_day(units, since)
    return Table("findings", ("day", "category", "findings"), list(rows))


def _measures(uow: UnitOfWork, units: Sequence[int] | None, since: datetime) -> Table:
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for _, kind, status, n in uow.figures.measures_by_outcome(units, since):
        totals[(kind, status)] += n
    rows = [(k, s, n) for (k, s), n in sorted(totals.items())]
    return Table("measures", ("kind", "status", "measures"), list(rows))


def _warnings(uow: UnitOfWork, units: Sequence[int] | None, since: datetime) -> Table:
    """Warnings by the day their outcome was recorded: heeded, escalated, appealed,
    withdrawn, and those still waiting (sent or acknowledged)."""
    days: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, kind, status, n in uow.figures.measures_by_outcome(units, since):
        if kind == MeasureKind.WARNING.value:
            key = status if status in WARNING_OUTCOMES else "waiting"
            days[day][key] += n
    columns = ("day", *(s.value for s in WARNING_OUTCOMES), "waiting")
    rows = [(day, *(days[day][c] for c in columns[1:])) for day in sorted(days)]
    return Table("warnings", columns, list(rows))


def _takedowns(uow: UnitOfWork, units: Sequence[int] | None, since: datetime) -> Table:
    rows = [
        (
            r.platform,
            r.notices,
            r.confirmed,
            r.overdue,
            r.waiting,
            r.median_hours if r.median_hours is not None else "",
            r.slowest_hours if r.slowest_hours is not None else "",
        )
        for r in summarise_takedowns(uow.figures.takedowns(units, since))
    ]
    columns = ("platform", "notices", "confirmed", "overdue", "waiting", "median_h", "slowest_h")
    return Table("takedowns", columns, list(rows))


def _breaches(uow: UnitOfWork, units: Sequence[int] | None, since: datetime) -> Table:
    rows = uow.figures.breaches_by_day(units, since)
    return Table("breaches", ("day", "category", "breaches"), list(rows))


BUILDERS: dict[str, Callable[[UnitOfWork, Sequence[int] | None, datetime], Table]] = {
    "findings": _findings,
    "measures": _measures,
    "warnings": _warnings,
    "takedowns": _takedowns,
    "breaches": _breaches,
}


def tables(
    uow: UnitOfWork, unit_ids: Sequence[int] | None, now: datetime, days: int
) -> dict[str, Table]:
    """Every table over the last `days` days for these units (None: all units)."""
    since = now - timedelta(days=max(1, min(days, MAX_DAYS)))
    with uow:
        return {name: build(uow, unit_ids, since) for name, build in BUILDERS.items()}


def table(
    uow: UnitOfWork, name: str, unit_ids: Sequence[int] | None, now: datetime, days: int
) -> Table:
    if name not in BUILDERS:
        raise NotFound(f"no table {name}; there are {', '.join(BUILDERS)}")
    since = now - timedelta(days=max(1, min(days, MAX_DAYS)))
    with uow:
        return BUILDERS[name](uow, unit_ids, since)
