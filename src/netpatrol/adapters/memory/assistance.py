"""Assistance requests, clue participants and notes in memory (twins of db/assistance.py)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.assistance import AssistanceAnswer, AssistanceRequest
from netpatrol.domain.clue_threads import ClueNote, Participant


class MemoryAssistance:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, request: AssistanceRequest) -> None:
        request.id = self.s.new_id()
        self.s.assistance[request.id] = copy.deepcopy(request)

    def get(self, request_id: int) -> AssistanceRequest | None:
        return copy.deepcopy(self.s.assistance.get(request_id))

    def update(self, request: AssistanceRequest) -> None:
        if request.id not in self.s.assistance:
            raise LookupError(f"assistance request {request.id} is not stored")
        self.s.assistance[request.id] = copy.deepcopy(request)

    def involving(self, unit_ids: Iterable[int] | None, limit: int) -> list[AssistanceRequest]:
        wanted = None if unit_ids is None else set(unit_ids)
        found = [
            r
            for _, r in sorted(self.s.assistance.items(), reverse=True)
            if wanted is None or r.to_unit_id in wanted or r.from_unit_id in wanted
        ]
        return copy.deepcopy(found[:limit])

    def for_clue(self, clue_id: int) -> list[AssistanceRequest]:
        return copy.deepcopy(
            [r for _, r in sorted(self.s.assistance.items()) if r.clue_id == clue_id]
        )

    def overdue(self, now: datetime, limit: int) -> list[AssistanceRequest]:
        due = [r for r in self.s.assistance.values() if r.overdue(now)]
        due.sort(key=lambda r: (r.deadline, r.id or 0))
        return copy.deepcopy(due[:limit])

    def since(self, start: datetime, unit_ids: Sequence[int] | None) -> list[AssistanceRequest]:
        return copy.deepcopy(
            [
                r
                for r in self.s.assistance.values()
                if r.created_at >= start and (unit_ids is None or r.to_unit_id in unit_ids)
            ]
        )

    def add_answer(self, answer: AssistanceAnswer) -> AssistanceAnswer:
        stored = replace(answer, id=self.s.new_id())
        self.s.assistance_answers.append(stored)
        return stored

    def answers(self, request_id: int) -> list[AssistanceAnswer]:
        return [a for a in self.s.assistance_answers if a.request_id == request_id]


class MemoryParticipants:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add_many(self, participants: Sequence[Participant]) -> list[Participant]:
        held = {(p.clue_id, p.unit_id) for p in self.s.participants}
        added = []
        for participant in participants:
            if (participant.clue_id, participant.unit_id) not in held:
                held.add((participant.clue_id, participant.unit_id))
                self.s.participants.append(participant)
                added.append(participant)
        return added

    def for_clue(self, clue_id: int) -> list[Participant]:
        return [p for p in self.s.participants if p.clue_id == clue_id]

    def takes_part(self, clue_id: int, unit_ids: frozenset[int]) -> bool:
        return any(p.clue_id == clue_id and p.unit_id in unit_ids for p in self.s.participants)

    def clues_of(self, unit_ids: frozenset[int], limit: int) -> list[int]:
        found = [p.clue_id for p in reversed(self.s.participants) if p.unit_id in unit_ids]
        return list(dict.fromkeys(found))[:limit]


class MemoryNotes:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, note: ClueNote) -> ClueNote:
        stored = replace(note, id=self.s.new_id())
        self.s.clue_notes.append(stored)
        return stored

    def for_clue(self, clue_id: int, limit: int) -> list[ClueNote]:
        return [n for n in self.s.clue_notes if n.clue_id == clue_id][-limit:]
