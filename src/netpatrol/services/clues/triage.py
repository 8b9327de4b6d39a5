"""Working the queue (M4): claim and release a clue, reassign it to another unit, escalate
it to the unit above. Each writes one audit entry with the state before and after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.errors import InvalidTransition, NotFound, RuleViolation
from netpatrol.domain.units import Jurisdictions
from netpatrol.services.clues.evidence import capture_in
from netpatrol.services.clues.participants import FORMER_OWNER, join
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]


def _open_clue(uow: UnitOfWork, clue_id: int) -> Clue:
    clue = uow.clues.get(clue_id)
    if clue is None:
        raise NotFound(f"clue {clue_id} does not exist")
    return clue


def _require(actor: str) -> None:
    if not actor.strip():
        raise RuleViolation("say who does it")


def claim(uow: UnitOfWork, clue_id: int, officer: str, clock: Clock) -> Clue:
    """Take a clue: records who and when; a clue claimed by someone else is refused."""
    _require(officer)
    with uow:
        clue = _open_clue(uow, clue_id)
        if clue.status is ClueStatus.CLAIMED and clue.assignee != officer:
            raise RuleViolation(
                f"clue {clue_id} is claimed by {clue.assignee}",
                rule="claim.taken",
                zh=f"线索 {clue_id} 已由 {clue.assignee} 认领",
            )
        now = clock()
        first_claim = clue.status is not ClueStatus.CLAIMED
        if first_claim:
            clue.move_to(ClueStatus.CLAIMED, now)
        clue.assignee, clue.claimed_at = officer, now
        uow.clues.update(clue)
        record(
            uow,
            actor=officer,
            action="clue.claimed",
            subject_type="clue",
            subject_id=clue_id,
            at=now,
            unit_id=clue.unit_id,
            after={"assignee": officer},
        )
        post = uow.posts.get(clue.post_id)
        if first_claim and post is not None:  # taken up: the post is captured as evidence
            capture_in(uow, clue, post, officer, now)
        uow.commit()
    return clue


def release(uow: UnitOfWork, clue_id: int, officer: str, clock: Clock) -> Clue:
    """Put a claimed clue back in the queue."""
    _require(officer)
    with uow:
        clue = _open_clue(uow, clue_id)
        if clue.status is not ClueStatus.CLAIMED:
            raise InvalidTransition(f"clue {clue_id} is {clue.status}, not claimed")
        now = clock()
        before = clue.assignee
        clue.move_to(ClueStatus.OPEN, now)
        clue.assignee = clue.claimed_at = None
        uow.clues.update(clue)
        record(
            uow,
            actor=officer,
            action="clue.released",
            subject_type="clue",
            subject_id=clue_id,
            at=now,
            unit_id=clue.unit_id,
            before={"assignee": before},
            after={"assignee": None},
        )
        uow.commit()
    return clue


def reassign(
    uow: UnitOfWork, clue_id: int, unit_code: str | None, actor: str, reason: str, clock: Clock
) -> Clue:
    """Hand a clue to another unit (`unit_code`), or to the unit above when it is None."""
    _require(actor)
    if not reason.strip():
        raise RuleViolation(
            "reassigning or escalating a clue needs a reason",
            rule="reassign.reason",
            zh="转交或上报线索需要写明理由",
        )
    with uow:
        clue = _open_clue(uow, clue_id)
        if not clue.is_open:
            raise RuleViolation(
                f"clue {clue_id} is {clue.status}; only open clues move",
                rule="reassign.open",
                zh=f"线索 {clue_id} 不在待办状态，不能转交或上报",
            )
        units = uow.units.all()
        current = next(u for u in units if u.id == clue.unit_id)
        if unit_code is None:
            parent = next((u for u in units if u.code == current.parent_code), None)
            if parent is None:
                raise RuleViolation(
                    f"{current.name} has no unit above it",
                    rule="escalate.top",
                    zh=f"{current.name} 没有上级单位",
                )
            target = Jurisdictions(units).active_ancestor(parent)
        else:
            found = next((u for u in units if u.code == unit_code), None)
            if found is None:
                raise NotFound(f"unit {unit_code} does not exist")
            target = found
        now = clock()
        clue.unit_id = target.id or 0
        clue.updated_at = now
        if clue.status is ClueStatus.CLAIMED:
            clue.move_to(ClueStatus.OPEN, now)
            clue.assignee = clue.claimed_at = None
        uow.clues.update(clue)
        action = "clue.escalated" if unit_code is None else "clue.reassigned"
        record(
            uow,
            actor=actor,
            action=action,
            subject_type="clue",
            subject_id=clue_id,
            at=now,
            unit_id=target.id,
            before={"unit": current.code},
            after={"unit": target.code},
            reason=reason,
        )
        join(uow, clue, [current], FORMER_OWNER, now, actor)  # it keeps reading the clue
        uow.commit()
    return clue
