"""Figures (M10): how hosting platforms answer takedown notices (their compliance)."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from netpatrol.domain.measures import MeasureStatus
from netpatrol.services.ports import UnitOfWork

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PlatformResponses:
    """How one platform answered the notices (its compliance): removed, refused (by
    reason), asked for more, overdue or still waiting, and hours to its first answer."""

    platform: str
    notices: int
    confirmed: int
    overdue: int
    waiting: int
    median_hours: float | None
    slowest_hours: float | None
    refused: int = 0
    needs_more: int = 0
    removed_share: float | None = None
    refusals: dict[str, int] = field(default_factory=dict)


def takedown_responses(
    uow: UnitOfWork, unit_ids: Sequence[int] | None = None, since: datetime = EPOCH
) -> list[PlatformResponses]:
    """Per platform: notices sent, removed, refused, overdue, and hours to answer."""
    with uow:
        rows = uow.figures.takedowns(unit_ids, since)
    return summarise_takedowns(rows)


def summarise_takedowns(
    rows: Sequence[tuple[str, str, float | None, str | None]],
) -> list[PlatformResponses]:
    """(platform, status, hours to answer, refusal reason) per notice -> one line per
    platform; the share removed is of the notices the platform has decided."""
    by_platform: dict[str, list[tuple[str, float | None, str | None]]] = {}
    for platform, status, hours, reason in rows:
        by_platform.setdefault(platform, []).append((status, hours, reason))
    out = []
    for platform, found in sorted(by_platform.items()):
        times = sorted(h for _, h, _ in found if h is not None)
        removed = sum(s == MeasureStatus.CONFIRMED for s, _, _ in found)
        refused = sum(s == MeasureStatus.REFUSED for s, _, _ in found)
        reasons = Counter(r for s, _, r in found if s == MeasureStatus.REFUSED and r)
        out.append(
            PlatformResponses(
                platform,
                len(found),
                removed,
                sum(s == MeasureStatus.OVERDUE for s, _, _ in found),
                sum(s == MeasureStatus.SENT for s, _, _ in found),
                round(statistics.median(times), 2) if times else None,
                times[-1] if times else None,
                refused,
                sum(s == MeasureStatus.NEEDS_MORE for s, _, _ in found),
                round(removed / (removed + refused), 3) if removed + refused else None,
                dict(sorted(reasons.items())),
            )
        )
    return out
