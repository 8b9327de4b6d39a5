"""Appeals (申诉, M11): every measure that reaches a person can be appealed, and the appeal
is answered by someone who had no hand in the measure, within the policy's deadline."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from netpatrol.domain.errors import InvalidTransition, PermissionDenied, RuleViolation
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus

# Who the measure reaches: the author (warning, takedown) or the reporter (dismissal).
APPEALABLE = frozenset({MeasureKind.WARNING, MeasureKind.TAKEDOWN, MeasureKind.DISMISSAL})
MAX_TEXT = 2000
LEGACY_DAYS = 7


@dataclass(frozen=True)
class Appeal:
    grounds: str
    appellant: str
    filed_at: datetime
    due_at: datetime
    from_status: MeasureStatus
    escalated_at: datetime | None = None
    upheld: bool | None = None  # None while undecided
    decided_by: str = ""
    reasons: str = ""
    decided_at: datetime | None = None

    def to_data(self) -> dict[str, object]:
        return {
            "grounds": self.grounds,
            "appellant": self.appellant,
            "filed_at": self.filed_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "from_status": self.from_status.value,
            "escalated_at": self.escalated_at.isoformat() if self.escalated_at else None,
            "upheld": self.upheld,
            "decided_by": self.decided_by,
            "reasons": self.reasons,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
        }

    @classmethod
    def from_data(cls, data: dict[str, object]) -> Appeal:
        def when(key: str) -> datetime | None:
            value = data.get(key)
            return datetime.fromisoformat(str(value)) if value else None

        filed, due = when("filed_at"), when("due_at")
        if filed is None or due is None:
            raise ValueError("an appeal records when it was filed and is due")
        upheld = data.get("upheld")
        return cls(
            grounds=str(data.get("grounds", "")),
            appellant=str(data.get("appellant", "")),
            filed_at=filed,
            due_at=due,
            from_status=MeasureStatus(str(data.get("from_status"))),
            escalated_at=when("escalated_at"),
            upheld=upheld if isinstance(upheld, bool) else None,
            decided_by=str(data.get("decided_by", "")),
            reasons=str(data.get("reasons", "")),
            decided_at=when("decided_at"),
        )


def appeal_of(measure: Measure) -> Appeal | None:
    raw = measure.details.get("appeal")
    if isinstance(raw, dict):
        return Appeal.from_data(raw)
    if isinstance(raw, str) and measure.status is MeasureStatus.APPEALED:
        # a warning appealed before appeals kept their deadline stored only its grounds
        filed = measure.updated_at or measure.created_at
        due = filed + timedelta(days=LEGACY_DAYS)
        return Appeal(raw, f"recipient:{measure.recipient}", filed, due, MeasureStatus.SENT)
    return None


def file_appeal(
    measure: Measure, grounds: str, appellant: str, now: datetime, answer_days: float
) -> Appeal:
    """The appellant's grounds move the measure to `appealed`; it is due an answer within
    the policy's days. A measure is appealed once: the answer is final here."""
    grounds = grounds.strip()
    if measure.kind not in APPEALABLE:
        raise RuleViolation(f"a {measure.kind} cannot be appealed here")
    if not grounds:
        raise RuleViolation(
            "an appeal needs its grounds", rule="appeal_grounds", zh="申诉须说明理由"
        )
    if len(grounds) > MAX_TEXT:
        raise RuleViolation(f"the grounds are longer than {MAX_TEXT} characters")
    if "appeal" in measure.details:
        raise InvalidTransition(
            "this measure has been appealed already", rule="appeal_once", zh="该措施已申诉过"
        )
    before = measure.status
    measure.move_to(MeasureStatus.APPEALED, now)
    appeal = Appeal(grounds, appellant, now, now + timedelta(days=answer_days), before)
    measure.details["appeal"] = appeal.to_data()
    return appeal


def decide_appeal(
    measure: Measure, decider: str, upheld: bool, reasons: str, now: datetime
) -> Appeal:
    """Uphold the appeal (the measure is withdrawn) or dismiss it (the measure stands as it
    was), with reasons; never by the officer who took the measure nor by its approver."""
    appeal = appeal_of(measure)
    if measure.status is not MeasureStatus.APPEALED or appeal is None:
        raise InvalidTransition(f"{measure.kind} {measure.id} has no appeal waiting")
    if decider in {measure.actor, measure.approver}:
        raise PermissionDenied(
            "an appeal is decided by someone who neither took nor approved the measure",
            rule="appeal_decided_by_another",
            zh="申诉须由未采取、未审批该措施的人员决定",
        )
    reasons = reasons.strip()
    if not reasons:
        raise RuleViolation(
            "a decision on an appeal gives its reasons",
            rule="appeal_decision_reasons",
            zh="申诉决定须说明理由",
        )
    if len(reasons) > MAX_TEXT:
        raise RuleViolation(f"the reasons are longer than {MAX_TEXT} characters")
    measure.move_to(MeasureStatus.WITHDRAWN if upheld else appeal.from_status, now)
    decided = replace(appeal, upheld=upheld, decided_by=decider, reasons=reasons, decided_at=now)
    measure.details["appeal"] = decided.to_data()
    return decided


def escalate_appeal(measure: Measure, now: datetime) -> Appeal | None:
    """An appeal left unanswered past its deadline is flagged once; None when it is not
    due (answered, already flagged, or still in time)."""
    appeal = appeal_of(measure)
    if (
        appeal is None
        or measure.status is not MeasureStatus.APPEALED
        or appeal.escalated_at is not None
        or appeal.due_at >= now
    ):
        return None
    escalated = replace(appeal, escalated_at=now)
    measure.details["appeal"] = escalated.to_data()
    return escalated
