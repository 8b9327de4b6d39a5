"""Timers (时限): what falls due is found by asking the database, and handled by changing
the state that made it due, in one transaction. So a restart neither loses a due action
(its state is unchanged until handled) nor repeats one (handled state no longer matches)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from netpatrol.domain.appeals import escalate_appeal
from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.services.agencies import referrals
from netpatrol.services.oversight.audit import record, record_for_measure
from netpatrol.services.ports import UnitOfWork

TIMER_ACTOR = "system:timers"
BATCH = 500


ESCALATE_AFTER = timedelta(hours=24)  # an overdue notice unanswered this long escalates


@dataclass
class TimerRun:
    takedowns_overdue: int = 0
    takedowns_escalated: int = 0
    clues_breached: int = 0
    appeals_escalated: int = 0
    referrals_escalated: int = 0

    @property
    def total(self) -> int:
        return (
            self.takedowns_overdue
            + self.takedowns_escalated
            + self.clues_breached
            + self.appeals_escalated
            + self.referrals_escalated
        )


def run_due(uow: UnitOfWork, clock: Callable[[], datetime]) -> TimerRun:
    """Mark takedown notices past their deadline overdue (escalated a day later if still
    unanswered), clues past their service level breached, and appeals past their deadline
    escalated; each with an audit entry."""
    result = TimerRun()
    with uow:
        now = clock()
        result.takedowns_overdue = _move_takedowns(
            uow, MeasureStatus.SENT, MeasureStatus.OVERDUE, now, now, "the deadline passed"
        )
        result.takedowns_escalated = _move_takedowns(
            uow,
            MeasureStatus.OVERDUE,
            MeasureStatus.ESCALATED,
            now - ESCALATE_AFTER,
            now,
            "the platform left the notice unanswered a day past its deadline",
        )
        for clue in uow.clues.past_due(now, BATCH):
            clue.breached_at = now
            uow.clues.update(clue)
            record(
                uow,
                actor=TIMER_ACTOR,
                action="clue.sla_breached",
                subject_type="clue",
                subject_id=clue.id,
                at=now,
                unit_id=clue.unit_id,
                after={
                    "due_at": clue.due_at.isoformat() if clue.due_at else None,
                    "status": clue.status.value,
                },
            )
            result.clues_breached += 1
        result.appeals_escalated = _escalate_appeals(uow, now)
        result.referrals_escalated = referrals.escalate_overdue(uow, now)
        uow.commit()
    return result


def _move_takedowns(
    uow: UnitOfWork,
    frm: MeasureStatus,
    to: MeasureStatus,
    deadline_before: datetime,
    now: datetime,
    reason: str,
) -> int:
    """Takedown notices in `frm` whose deadline is before `deadline_before` move to `to`."""
    moved = uow.measures.overdue(MeasureKind.TAKEDOWN, frm, deadline_before)
    for measure in moved:
        measure.move_to(to, now)
        uow.measures.update(measure)
        record_for_measure(
            uow,
            measure,
            actor=TIMER_ACTOR,
            action=f"measure.takedown.{to}",
            at=now,
            before={"status": frm.value},
            after={
                "status": to.value,
                "deadline": measure.deadline.isoformat() if measure.deadline else None,
            },
            reason=reason,
        )
    return len(moved)


def _escalate_appeals(uow: UnitOfWork, now: datetime) -> int:
    """Appeals unanswered past their deadline are flagged once, so the supervisors' inbox
    shows them first."""
    escalated = 0
    for measure in uow.measures.with_status([MeasureStatus.APPEALED], BATCH):
        appeal = escalate_appeal(measure, now)
        if appeal is None:
            continue
        uow.measures.update(measure)
        record_for_measure(
            uow,
            measure,
            actor=TIMER_ACTOR,
            action="measure.appeal.escalated",
            at=now,
            after={"due_at": appeal.due_at.isoformat()},
            reason="the appeal was not answered within its deadline",
        )
        escalated += 1
    return escalated
