"""Assigning a clue to a named colleague (指派): the colleague must be an active user who
works the clue's unit; they then find it under "mine". Audited like a claim."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.users import Permission, User, visibility
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]


def colleagues(uow: UnitOfWork, unit_ids: frozenset[int] | None) -> list[User]:
    """Active users who may work clues, of these units (None: every unit), by name."""
    with uow:
        people = [
            u
            for u in uow.users.all()
            if u.may(Permission.WORK) and (unit_ids is None or u.unit_id in unit_ids)
        ]
    return sorted(people, key=lambda u: u.username)


def assign(uow: UnitOfWork, clue_id: int, assignee: str, actor: str, clock: Clock) -> Clue:
    """Give an open or claimed clue to `assignee`; refused when they cannot work its unit."""
    with uow:
        clue = uow.clues.get(clue_id)
        if clue is None:
            raise NotFound(f"clue {clue_id} does not exist")
        if not clue.is_open:
            raise RuleViolation(
                f"clue {clue_id} is {clue.status}; only open clues are assigned",
                rule="assign.open",
                zh=f"线索 {clue_id} 已{_STATUS_ZH.get(clue.status, clue.status)}，只能指派待办线索",
            )
        user = uow.users.by_username(assignee)
        if user is None or not user.may(Permission.WORK):
            raise RuleViolation(
                f"{assignee} is not an active officer",
                rule="assign.colleague",
                zh=f"{assignee} 不是在岗的办案人员",
            )
        own = visibility(user, uow.units.all()).own
        if own is not None and clue.unit_id not in own:
            raise RuleViolation(
                f"{assignee} does not work the unit of clue {clue_id}",
                rule="assign.colleague",
                zh=f"{assignee} 不属于线索 {clue_id} 所在单位",
            )
        now = clock()
        before = clue.assignee
        if clue.status is ClueStatus.OPEN:
            clue.move_to(ClueStatus.CLAIMED, now)
        clue.assignee, clue.claimed_at, clue.updated_at = assignee, now, now
        uow.clues.update(clue)
        record(
            uow,
            actor=actor,
            action="clue.assigned",
            subject_type="clue",
            subject_id=clue_id,
            at=now,
            unit_id=clue.unit_id,
            before={"assignee": before},
            after={"assignee": assignee},
        )
        uow.commit()
    return clue


_STATUS_ZH = {ClueStatus.ACTIONED: "处置", ClueStatus.CLOSED: "结案"}
