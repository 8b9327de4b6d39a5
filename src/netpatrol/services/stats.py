"""Figures (M10): how hosting platforms answer takedown notices."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.services.ports import UnitOfWork


@dataclass(frozen=True)
class PlatformResponses:
    platform: str
    notices: int
    confirmed: int
    overdue: int
    waiting: int
    median_hours: float | None
    slowest_hours: float | None


def takedown_responses(uow: UnitOfWork) -> list[PlatformResponses]:
    """Per platform: notices sent, confirmed, overdue, and hours from notice to confirmation."""
    with uow:
        notices = [m for m in uow.measures.all() if m.kind is MeasureKind.TAKEDOWN]
        clues = {m.clue_id: uow.clues.get(m.clue_id) for m in notices}
        posts = uow.posts.get_many(c.post_id for c in clues.values() if c is not None)
    by_platform: dict[str, list[tuple[MeasureStatus, float | None]]] = {}
    for m in notices:
        clue = clues[m.clue_id]
        post = posts.get(clue.post_id) if clue else None
        platform = post.platform.value if post else "unknown"
        hours = m.details.get("response_hours")
        by_platform.setdefault(platform, []).append(
            (m.status, float(hours) if isinstance(hours, int | float) else None)
        )
    out = []
    for platform, rows in sorted(by_platform.items()):
        times = sorted(h for s, h in rows if s is MeasureStatus.CONFIRMED and h is not None)
        out.append(
            PlatformResponses(
                platform,
                len(rows),
                sum(s is MeasureStatus.CONFIRMED for s, _ in rows),
                sum(s is MeasureStatus.OVERDUE for s, _ in rows),
                sum(s is MeasureStatus.SENT for s, _ in rows),
                round(statistics.median(times), 2) if times else None,
                times[-1] if times else None,
            )
        )
    return out
