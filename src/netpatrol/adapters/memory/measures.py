"""Measures, the legal catalogue and the outbox in memory (the twins of db/measures.py)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.services.measures.ports import OutgoingMessage


class MemoryMeasures:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, measure: Measure) -> Measure:
        measure.id = self.s.new_id()
        self.s.measures[measure.id] = copy.deepcopy(measure)
        return measure

    def add_reply_token(self, measure_id: int, token_sha256: str) -> None:
        self.s.reply_tokens[token_sha256] = measure_id

    def by_reply_token(self, token_sha256: str) -> Measure | None:
        measure_id = self.s.reply_tokens.get(token_sha256)
        return self.get(measure_id) if measure_id is not None else None

    def get(self, measure_id: int) -> Measure | None:
        measure = self.s.measures.get(measure_id)
        return copy.deepcopy(measure) if measure else None

    def update(self, measure: Measure) -> None:
        if measure.id not in self.s.measures:
            raise LookupError(f"measure {measure.id} is not stored")
        self.s.measures[measure.id] = copy.deepcopy(measure)

    def for_clue(self, clue_id: int) -> list[Measure]:
        return [copy.deepcopy(m) for m in self.s.measures.values() if m.clue_id == clue_id]

    def for_clues(self, clue_ids: Iterable[int]) -> dict[int, list[Measure]]:
        wanted = set(clue_ids)
        found: dict[int, list[Measure]] = {}
        for _, m in sorted(self.s.measures.items()):
            if m.clue_id in wanted:
                found.setdefault(m.clue_id, []).append(copy.deepcopy(m))
        return found

    def all(self) -> list[Measure]:
        return copy.deepcopy(list(self.s.measures.values()))

    def with_status(
        self,
        statuses: Sequence[MeasureStatus],
        limit: int,
        unit_ids: Sequence[int] | None = None,
    ) -> list[Measure]:
        found = [
            m
            for m in self.s.measures.values()
            if m.status in statuses
            and (unit_ids is None or self.s.clues[m.clue_id].unit_id in unit_ids)
        ]
        found.sort(key=lambda m: (m.created_at, m.id or 0))
        return copy.deepcopy(found[:limit])

    def overdue(self, kind: MeasureKind, status: MeasureStatus, now: datetime) -> list[Measure]:
        return copy.deepcopy(
            [
                m
                for m in self.s.measures.values()
                if m.kind is kind
                and m.status is status
                and m.deadline is not None
                and m.deadline < now
            ]
        )


class MemoryOutbox:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, message: OutgoingMessage) -> OutgoingMessage:
        message.id = self.s.new_id()
        self.s.outbox[message.id] = copy.deepcopy(message)
        return message

    def all(self) -> list[OutgoingMessage]:
        return copy.deepcopy(list(self.s.outbox.values()))

    def queued(self, limit: int) -> list[OutgoingMessage]:
        return copy.deepcopy([m for m in self.s.outbox.values() if m.status == "queued"][:limit])

    def update(self, message: OutgoingMessage) -> None:
        if message.id not in self.s.outbox:
            raise LookupError(f"message {message.id} is not stored")
        self.s.outbox[message.id] = copy.deepcopy(message)


class MemoryLegal:
    def __init__(self, store: Store) -> None:
        self.s = store

    def for_units(self, unit_ids: Sequence[int]) -> dict[int, list[LegalBasis]]:
        found: dict[int, list[LegalBasis]] = {}
        for (unit_id, _), basis in self.s.legal.items():
            if unit_id in unit_ids:
                found.setdefault(unit_id, []).append(basis)
        return found

    def upsert(self, unit_id: int, basis: LegalBasis, by: str, at: datetime) -> bool:
        new = (unit_id, basis.code) not in self.s.legal
        self.s.legal[(unit_id, basis.code)] = basis
        return new
