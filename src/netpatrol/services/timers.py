"""Timers (时限): what falls due is found by asking the database, and handled by changing
the state that made it due, in one transaction. So a restart neither loses a due action
(its state is unchanged until handled) nor repeats one (handled state no longer matches)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.services.audit import record
from netpatrol.services.ports import UnitOfWork

TIMER_ACTOR = "system:timers"
BATCH = 500


ESCALATE_AFTER = timedelta(hours=24)  # an overdue notice unanswered this long escalates


@dataclass
class TimerRun:
    takedowns_overdue: int = 0
    takedowns_escalated: int = 0
    clues_breached: int = 0

    @property
    def total(self) -> int:
        return self.takedowns_overdue + self.takedowns_escalated + self.clues_breached


def run_due(uow: UnitOfWork, clock: Callable[[], datetime]) -> TimerRun:
    """Mark takedown notices past their deadline overdue (escalated a day later if still
    unanswered), and clues past their service level breached; each with an audit entry."""
    result = TimerRun()
    with uow:
        now = clock()
        for measure in uow.measures.overdue(MeasureKind.TAKEDOWN, MeasureStatus.SENT, now):
            measure.move_to(MeasureStatus.OVERDUE, now)
            uow.measures.update(measure)
            clue = uow.clues.get(measure.clue_id)
            record(
                uow,
                actor=TIMER_ACTOR,
                action="measure.takedown.overdue",
                subject_type="measure",
                subject_id=measure.id,
                at=now,
                unit_id=clue.unit_id if clue else None,
                before={"status": "sent"},
                after={
                    "status": "overdue",
                    "deadline": measure.deadline.isoformat() if measure.deadline else None,
                },
            )
            result.takedowns_overdue += 1
        for measure in uow.measures.overdue(
            MeasureKind.TAKEDOWN, MeasureStatus.OVERDUE, now - ESCALATE_AFTER
        ):
            measure.move_to(MeasureStatus.ESCALATED, now)
            uow.measures.update(measure)
            clue = uow.clues.get(measure.clue_id)
            record(
                uow,
                actor=TIMER_ACTOR,
                action="measure.takedown.escalated",
                subject_type="measure",
                subject_id=measure.id,
                at=now,
                unit_id=clue.unit_id if clue else None,
                before={"status": "overdue"},
                after={"status": "escalated"},
                reason="the platform left the notice unanswered a day past its deadline",
            )
            result.takedowns_escalated += 1
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
        uow.commit()
    return result
