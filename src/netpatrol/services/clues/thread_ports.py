"""Storage of what units share about a clue: its participants and its notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from netpatrol.domain.clue_threads import ClueNote, Participant


class ParticipantRepository(Protocol):
    def add_many(self, participants: Sequence[Participant]) -> list[Participant]:
        """Store those whose unit does not already take part in their clue; the new ones."""
        ...

    def for_clue(self, clue_id: int) -> list[Participant]: ...
    def takes_part(self, clue_id: int, unit_ids: frozenset[int]) -> bool: ...
    def clues_of(self, unit_ids: frozenset[int], limit: int) -> list[int]:
        """The clues these units take part in, the latest joined first."""
        ...


class NoteRepository(Protocol):
    def add(self, note: ClueNote) -> ClueNote: ...
    def for_clue(self, clue_id: int, limit: int) -> list[ClueNote]:
        """The latest `limit` notes, oldest first."""
        ...
