"""Figures (M10): how hosting platforms answer takedown notices."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from netpatrol.domain.measures import MeasureStatus
from netpatrol.services.ports import UnitOfWork

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PlatformResponses:
    platform: str
    notices: int
    confirmed: int
    overdue: int
    waiting: int
    median_hours: float | None
    slowest_hours: float | None


def takedown_responses(
    uow: UnitOfWork, unit_ids: Sequence[int] | None = None, since: datetime = EPOCH
) -> list[PlatformResponses]:
    """Per platform: notices sent, confirmed, overdue, and hours from notice to confirmation."""
    with uow:
        rows = uow.figures.takedowns(unit_ids, since)
    return summarise_takedowns(rows)


def summarise_takedowns(rows: Sequence[tuple[str, str, float | None]]) -> list[PlatformResponses]:
    """(platform, status, response hours) per notice -> one line per platform."""
    by_platform: dict[str, list[tuple[str, float | None]]] = {}
    for platform, status, hours in rows:
        by_platform.setdefault(platform, []).append((status, hours))
    out = []
    for platform, found in sorted(by_platform.items()):
        times = sorted(h for s, h in found if s == MeasureStatus.CONFIRMED and h is not None)
        out.append(
            PlatformResponses(
                platform,
                len(found),
                sum(s == MeasureStatus.CONFIRMED for s, _ in found),
                sum(s == MeasureStatus.OVERDUE for s, _ in found),
                sum(s == MeasureStatus.SENT for s, _ in found),
                round(statistics.median(times), 2) if times else None,
                times[-1] if times else None,
            )
        )
    return out
