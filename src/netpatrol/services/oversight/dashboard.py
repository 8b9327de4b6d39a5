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
from netpatrol.services.oversight.stats import summarise_takedowns
from netpatrol.services.ports import UnitOfWork

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


class _Query:
    """One dashboard's period and units; the measures' outcomes, which two tables read,
    are fetched once."""

    def __init__(self, uow: UnitOfWork, units: Sequence[int] | None, since: datetime) -> None:
        self.uow, self.units, self.since = uow, units, since
        self._outcomes: list[tuple[str, str, str, int]] | None = None

    def outcomes(self) -> list[tuple[str, str, str, int]]:
        if self._outcomes is None:
            self._outcomes = self.uow.figures.measures_by_outcome(self.units, self.since)
        return self._outcomes


def _findings(q: _Query) -> Table:
    rows = q.uow.figures.findings_by_day(q.units, q.since)
    return Table("findings", ("day", "category", "findings"), list(rows))


def _measures(q: _Query) -> Table:
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for _, kind, status, n in q.outcomes():
        totals[(kind, status)] += n
    rows = [(k, s, n) for (k, s), n in sorted(totals.items())]
    return Table("measures", ("kind", "status", "measures"), list(rows))


def _warnings(q: _Query) -> Table:
    """Warnings by the day their outcome was recorded: heeded, escalated, appealed,
    withdrawn, and those still waiting (sent or acknowledged)."""
    days: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, kind, status, n in q.outcomes():
        if kind == MeasureKind.WARNING.value:
            key = status if status in WARNING_OUTCOMES else "waiting"
            days[day][key] += n
    columns = ("day", *(s.value for s in WARNING_OUTCOMES), "waiting")
    rows = [(day, *(days[day][c] for c in columns[1:])) for day in sorted(days)]
    return Table("warnings", columns, list(rows))


def _takedowns(q: _Query) -> Table:
    rows = [
        (
            r.platform,
            r.notices,
            r.confirmed,
            r.overdue,
            r.waiting,
            r.median_hours if r.median_hours is not None else "",
            r.slowest_hours if r.slowest_hours is not None else "",
            r.refused,
            r.needs_more,
            r.removed_share if r.removed_share is not None else "",
            "; ".join(f"{reason} {n}" for reason, n in r.refusals.items()),
        )
        for r in summarise_takedowns(q.uow.figures.takedowns(q.units, q.since))
    ]
    columns = (
        "platform",
        "notices",
        "confirmed",
        "overdue",
        "waiting",
        "median_h",
        "slowest_h",
        "refused",
        "needs_more",
        "removed_share",
        "refusals",
    )
    return Table("takedowns", columns, list(rows))


def _breaches(q: _Query) -> Table:
    rows = q.uow.figures.breaches_by_day(q.units, q.since)
    return Table("breaches", ("day", "category", "breaches"), list(rows))


BUILDERS: dict[str, Callable[[_Query], Table]] = {
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
    with uow:
        query = _Query(uow, unit_ids, _since(now, days))
        return {name: build(query) for name, build in BUILDERS.items()}


def table(
    uow: UnitOfWork, name: str, unit_ids: Sequence[int] | None, now: datetime, days: int
) -> Table:
    if name not in BUILDERS:
        raise NotFound(f"no table {name}; there are {', '.join(BUILDERS)}")
    with uow:
        return BUILDERS[name](_Query(uow, unit_ids, _since(now, days)))


def _since(now: datetime, days: int) -> datetime:
    return now - timedelta(days=max(1, min(days, MAX_DAYS)))
