"""Reading the indicator store: the list with its filters, and what waits for a reviewer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.indicators import (
    AWAITING_DECISION,
    FalsePositiveReport,
    KnownIndicator,
    ReviewState,
)
from netpatrol.services.ports import UnitOfWork


@dataclass(frozen=True)
class IndicatorFilter:
    review: ReviewState | None = None
    kind: str = ""
    sharing: str = ""
    text: str = ""  # part of the canonical value
    expired: bool | None = None  # confirmed ones past their term (True) or not (False)


def find_indicators(
    uow: UnitOfWork,
    wanted: IndicatorFilter,
    sees: Callable[[KnownIndicator], bool],
    now: datetime,
) -> list[KnownIndicator]:
    """The indicators the caller sees that pass the filter, newest first; removed ones only
    when asked for by state."""
    with uow:
        found = uow.indicators.all()
    return [i for i in reversed(found) if sees(i) and _passes(i, wanted, now)]


def awaiting_review(
    uow: UnitOfWork, sees: Callable[[KnownIndicator], bool]
) -> list[tuple[KnownIndicator, list[FalsePositiveReport]]]:
    """Proposed and disputed indicators the caller sees, oldest first, with the open
    false-positive reports against each: the reviewer's inbox."""
    with uow:
        pending = [i for i in uow.indicators.all() if i.review in AWAITING_DECISION]
        reports = uow.indicators.open_reports()
    by_indicator: dict[int, list[FalsePositiveReport]] = {}
    for report in reports:
        by_indicator.setdefault(report.indicator_id, []).append(report)
    return [(i, by_indicator.get(i.id or 0, [])) for i in pending if sees(i)]


def _passes(i: KnownIndicator, wanted: IndicatorFilter, now: datetime) -> bool:
    if wanted.review is None and i.review is ReviewState.REMOVED:
        return False
    if wanted.review is not None and i.review is not wanted.review:
        return False
    if wanted.kind and i.kind != wanted.kind:
        return False
    if wanted.sharing and i.sharing_level.value != wanted.sharing:
        return False
    if wanted.text and wanted.text.strip().lower() not in i.value:
        return False
    if wanted.expired is not None:
        lapsed = i.review is ReviewState.CONFIRMED and not i.in_force(now)
        return lapsed is wanted.expired
    return True
