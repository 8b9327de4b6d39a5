"""The audit chain and the dashboard's aggregates in memory (the twins of db/oversight.py)."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Generator, Sequence
from datetime import datetime, timedelta

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.audit import GENESIS_HASH, AuditEntry, ChainRow, Checkpoint
from netpatrol.domain.measures import MeasureKind
from netpatrol.services.oversight.ports import FindingFact, MeasureFact, MonthFacts, ReportFact

CHINA = timedelta(hours=8)


def _day(at: datetime) -> str:
    return (at + CHINA).date().isoformat()


class MemoryFigures:
    def __init__(self, store: Store) -> None:
        self.s = store

    def _in(self, clue_id: int | None, unit_ids: Sequence[int] | None) -> bool:
        clue = self.s.clues.get(clue_id or -1)
        return clue is not None and (unit_ids is None or clue.unit_id in unit_ids)

    def month_facts(self, start: datetime, end: datetime) -> MonthFacts:
        def within(at: datetime | None) -> bool:
            return at is not None and start <= at < end

        facts = MonthFacts()
        for f in self.s.findings.values():
            clue, post = self.s.clues.get(f.clue_id or -1), self.s.posts.get(f.post_id or -1)
            if clue and post and f.created_at and within(f.created_at):
                facts.findings.append(
                    FindingFact(clue.unit_id, f.category.value, post.created_at, f.created_at)
                )
        facts.clue_units = [c.unit_id for c in self.s.clues.values() if within(c.created_at)]
        for m in self.s.measures.values():
            clue = self.s.clues[m.clue_id]
            if within(m.created_at):
                hours = m.details.get("response_hours")
                facts.measures.append(
                    MeasureFact(
                        clue.unit_id,
                        m.kind.value,
                        m.status.value,
                        m.created_at,
                        clue.created_at,
                        self.s.posts[clue.post_id].platform.value,
                        "appeal" in m.details,
                        float(hours) if isinstance(hours, int | float) else None,
                        str(m.details.get("refusal_reason") or "") or None,
                    )
                )
        for r in self.s.reports.values():
            if within(r.created_at):
                clue = self.s.clues.get(r.clue_id or -1)
                times = [m.created_at for m in self.s.measures.values() if m.clue_id == r.clue_id]
                facts.reports.append(
                    ReportFact(
                        clue.unit_id if clue else None, r.created_at, min(times, default=None)
                    )
                )
        return facts

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
    ) -> list[tuple[str, str, float | None, str | None]]:
        out = []
        for m in self.s.measures.values():
            if m.kind is not MeasureKind.TAKEDOWN or m.created_at < since:
                continue
            if not self._in(m.clue_id, unit_ids):
                continue
            post = self.s.posts[self.s.clues[m.clue_id].post_id]
            hours = m.details.get("response_hours")
            response = float(hours) if isinstance(hours, int | float) else None
            refusal = m.details.get("refusal_reason")
            reason = refusal if isinstance(refusal, str) else None
            out.append((post.platform.value, m.status.value, response, reason))
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


MEMORY_AUDIT_KEY = b"netpatrol-memory-audit-key-only-for-tests"


class MemoryAudit:
    def __init__(self, store: Store, key: bytes = MEMORY_AUDIT_KEY) -> None:
        self.s = store
        self.key = key

    def append(self, entry: AuditEntry) -> AuditEntry:
        entry.seal(self.s.audit[-1].hash if self.s.audit else GENESIS_HASH, self.key)
        entry.seq = (self.s.audit[-1].seq or 0) + 1 if self.s.audit else 1
        self.s.audit.append(copy.deepcopy(entry))
        return entry

    def ends(self) -> tuple[bytes, int, bytes]:
        if not self.s.audit:
            return b"", 0, GENESIS_HASH
        return self.s.audit[0].hash, self.s.audit[-1].seq or 0, self.s.audit[-1].hash

    def rows(self, batch: int) -> Generator[ChainRow, None, None]:
        yield from [e.row() for e in self.s.audit]

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        self.s.checkpoints.append(checkpoint)

    def checkpoints(self) -> list[Checkpoint]:
        return sorted(self.s.checkpoints, key=lambda c: c.seq)

    def entries(self, after_seq: int = 0, limit: int | None = None) -> list[AuditEntry]:
        chosen = [e for e in self.s.audit if (e.seq or 0) > after_seq]
        return copy.deepcopy(chosen[:limit] if limit is not None else chosen)

    def recent(
        self, unit_ids: Sequence[int] | None, action: str, actor: str, before_seq: int, limit: int
    ) -> list[AuditEntry]:
        found = [
            e
            for e in reversed(self.s.audit)
            if (unit_ids is None or e.unit_id in unit_ids)
            and e.action.startswith(action)
            and (not actor or e.actor == actor)
            and (not before_seq or (e.seq or 0) < before_seq)
        ]
        return copy.deepcopy(found[:limit])

    def page_for_subjects(
        self, subjects: Sequence[tuple[str, str]], before_seq: int, limit: int, skip: str = ""
    ) -> list[AuditEntry]:
        wanted = set(subjects)
        found = [
            e
            for e in reversed(self.s.audit)
            if (e.subject_type, e.subject_id) in wanted
            and (not before_seq or (e.seq or 0) < before_seq)
            and not (skip and e.action.endswith(skip))
        ]
        return copy.deepcopy(found[:limit])

    def for_subject(self, subject_type: str, subject_id: str) -> list[AuditEntry]:
        return copy.deepcopy(
            [
                e
                for e in self.s.audit
                if (e.subject_type, e.subject_id) == (subject_type, subject_id)
            ]
        )
