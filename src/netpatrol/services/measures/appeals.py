"""Appeals (申诉): filed by the person a measure reached, through the link in the message
(warning, takedown) or the receipt page (a dismissed report); decided, with reasons, by a
supervisor who neither took nor approved the measure (the timers escalate one left
unanswered past the policy's deadline)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.domain.appeals import Appeal, decide_appeal, file_appeal
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.domain.policy import MeasurePolicy
from netpatrol.domain.reports import code_digest
from netpatrol.services.clues.state import move_clue
from netpatrol.services.oversight.audit import record_for_measure
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]


def file(
    uow: UnitOfWork,
    measure: Measure,
    grounds: str,
    appellant: str,
    now: datetime,
    policy: MeasurePolicy,
) -> Appeal:
    """Inside an open unit of work: file the appeal and write its audit entry."""
    before = measure.status
    appeal = file_appeal(measure, grounds, appellant, now, policy.days_to_answer(measure.kind))
    uow.measures.update(measure)
    record_for_measure(
        uow,
        measure,
        actor=appellant,
        action=f"measure.{measure.kind}.appeal",
        at=now,
        before={"status": before.value},
        after={"status": measure.status.value, "due_at": appeal.due_at.isoformat()},
        reason=appeal.grounds,
    )
    return appeal


def appeal_dismissal(
    uow: UnitOfWork, code: str, grounds: str, clock: Clock, policy: MeasurePolicy
) -> Appeal:
    """The holder of a receipt appeals the dismissal of their report ("nothing unlawful")."""
    with uow:
        report = uow.reports.by_receipt(code_digest(code))
        if report is None or report.clue_id is None:
            raise NotFound("no report has this receipt code")
        dismissal = next(
            (
                m
                for m in uow.measures.for_clue(report.clue_id)
                if m.kind is MeasureKind.DISMISSAL and m.status is MeasureStatus.RECORDED
            ),
            None,
        )
        if dismissal is None:
            raise RuleViolation(
                "only a dismissed report can be appealed",
                rule="appeal_dismissed_report",
                zh="只有被认定不违法的举报可以申诉",
            )
        appeal = file(uow, dismissal, grounds, f"reporter:{report.id}", clock(), policy)
        uow.commit()
    return appeal


def decide(
    uow: UnitOfWork, measure_id: int, upheld: bool, actor: str, reasons: str, clock: Clock
) -> Measure:
    """Uphold (the measure is withdrawn; a dismissed clue goes back to the queue) or dismiss
    the appeal (the measure stands); the appellant's page shows the decision and reasons."""
    with uow:
        measure = uow.measures.get(measure_id)
        if measure is None:
            raise NotFound(f"measure {measure_id} does not exist")
        now = clock()
        decision = decide_appeal(measure, actor, upheld, reasons, now)
        uow.measures.update(measure)
        record_for_measure(
            uow,
            measure,
            actor=actor,
            action=f"measure.appeal.{'upheld' if upheld else 'dismissed'}",
            at=now,
            before={"status": MeasureStatus.APPEALED.value},
            after={"status": measure.status.value, "upheld": upheld},
            reason=decision.reasons,
        )
        clue = uow.clues.get(measure.clue_id)
        if clue is not None and upheld and clue.status is ClueStatus.CLOSED:
            move_clue(uow, clue, ClueStatus.OPEN, actor, now, f"appeal on {measure_id} upheld")
        uow.commit()
    return measure
