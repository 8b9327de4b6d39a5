"""The dashboard's aggregates over the in-memory store (the twin of db/figures.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from netpatrol.domain.measures import MeasureKind

if TYPE_CHECKING:
    from netpatrol.adapters.memory.uow import Store

CHINA = timedelta(hours=8)


def _day(at: datetime) -> str:
    return (at + CHINA).date().isoformat()


class MemoryFigures:
    def __init__(self, store: Store) -> None:
        self.s = store

    def _in(self, clue_id: int | None, unit_ids: Sequence[int] | None) -> bool:
        clue = self.s.clues.get(clue_id or -1)
        return clue is not None and (unit_ids is None or clue.unit_id in unit_ids)

    def findings_by_day(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, int]]:
        counts = Counter(
            (_day(f.created_at), f.category.value)
            for f in self.s.findings.values()
            if f.created_at and f.created_at >= since and self._in(f.clue_id, unit_ids)
        )
        return [(d, c, n) for (d, c), n in sorted(counts.items())]

    def measures_by_outcome(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, str, int]]:
        counts = Counter(
            (_day(m.updated_at or m.created_at), m.kind.value, m.status.value)
            for m in self.s.measures.values()
            if m.created_at >= since and self._in(m.clue_id, unit_ids)
        )
        return [(d, k, s, n) for (d, k, s), n in sorted(counts.items())]

    def takedowns(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, float | None]]:
        out = []
        for m in self.s.measures.values():
            if m.kind is not MeasureKind.TAKEDOWN or m.created_at < since:
                continue
            if not self._in(m.clue_id, unit_ids):
                continue
            post = self.s.posts[self.s.clues[m.clue_id].post_id]
            hours = m.details.get("response_hours")
            response = float(hours) if isinstance(hours, int | float) else None
            out.append((post.platform.value, m.status.value, response))
        return out

    def breaches_by_day(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, int]]:
        counts = Counter(
            (_day(c.breached_at), c.category.value)
            for c in self.s.clues.values()
            if c.breached_at is not None
            and c.breached_at >= since
            and (unit_ids is None or c.unit_id in unit_ids)
        )
        return [(d, c, n) for (d, c), n in sorted(counts.items())]
