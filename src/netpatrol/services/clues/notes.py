"""A clue's thread of internal notes (内部批注): the owning unit and the participants write
in it, each note audited; the clue page and the queue show it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.domain.clue_threads import ClueNote, note_text
from netpatrol.domain.errors import NotFound
from netpatrol.domain.users import Visibility
from netpatrol.services.clues.participants import require_part, sees
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

THREAD_PAGE = 200


def add_note(
    uow: UnitOfWork,
    clue_id: int,
    text: str,
    author: str,
    unit_id: int,
    seen: Visibility,
    clock: Callable[[], datetime],
) -> ClueNote:
    """Write a note as `author` of `unit_id`; a clue the author's units neither own nor
    take part in is refused (403), one they cannot see reads as missing (404)."""
    cleaned = note_text(text)
    with uow:
        clue = require_part(uow, seen, clue_id)
        now = clock()
        note = uow.notes.add(ClueNote(clue_id, unit_id, author, cleaned, now))
        record(
            uow,
            actor=author,
            action="clue.note_added",
            subject_type="clue",
            subject_id=clue_id,
            at=now,
            unit_id=clue.unit_id,
            after={"note_id": note.id, "unit_id": unit_id, "text": cleaned},
        )
        uow.commit()
    return note


def notes_for(
    uow: UnitOfWork, clue_id: int, seen: Visibility | None = None, limit: int = THREAD_PAGE
) -> list[ClueNote]:
    """The latest notes, oldest first; with `seen`, a clue the reader cannot see reads as
    missing."""
    with uow:
        clue = uow.clues.get(clue_id)
        if clue is None or (seen is not None and not sees(uow, seen, clue)):
            raise NotFound(f"clue {clue_id} does not exist")
        return uow.notes.for_clue(clue_id, limit)
