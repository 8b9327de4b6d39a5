"""A clue's change of state, with its audit entry: shared by every measure that moves it."""

from __future__ import annotations

from datetime import datetime

from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork


def move_clue(
    uow: UnitOfWork, clue: Clue, to: ClueStatus, actor: str, at: datetime, reason: str
) -> None:
    before = clue.status
    clue.move_to(to, at)
    uow.clues.update(clue)
    record(
        uow,
        actor=actor,
        action="clue.status_changed",
        subject_type="clue",
        subject_id=clue.id,
        at=at,
        unit_id=clue.unit_id,
        before={"status": before.value},
        after={"status": clue.status.value},
        reason=reason,
    )
