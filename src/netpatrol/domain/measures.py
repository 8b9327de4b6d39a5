"""Measures (处置措施, M5): what a unit does about a clue, each kind a state machine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.errors import InvalidTransition


class MeasureKind(StrEnum):
    WARNING = "warning"  # 警示教育
    TAKEDOWN = "takedown"  # 清理
    CASE = "case"  # 立案调查
    REFERRAL = "referral"  # 联动
    DISMISSAL = "dismissal"


class MeasureStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    HEEDED = "heeded"
    ESCALATED = "escalated"
    APPEALED = "appealed"
    WITHDRAWN = "withdrawn"
    CONFIRMED = "confirmed"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    CLOSED = "closed"
    RECORDED = "recorded"


S = MeasureStatus

# The state machines as data: (kind, from) -> the states it may move to.
TRANSITIONS: dict[MeasureKind, dict[MeasureStatus, frozenset[MeasureStatus]]] = {
    MeasureKind.WARNING: {
        S.SENT: frozenset({S.ACKNOWLEDGED, S.HEEDED, S.ESCALATED, S.APPEALED}),
        S.ACKNOWLEDGED: frozenset({S.HEEDED, S.ESCALATED, S.APPEALED}),
        S.APPEALED: frozenset({S.WITHDRAWN, S.SENT}),
    },
    MeasureKind.TAKEDOWN: {
        S.SENT: frozenset({S.CONFIRMED, S.OVERDUE}),
        S.OVERDUE: frozenset({S.CONFIRMED, S.ESCALATED}),
    },
    MeasureKind.CASE: {
        S.PROPOSED: frozenset({S.APPROVED, S.REJECTED}),
        S.APPROVED: frozenset({S.CLOSED}),
    },
    MeasureKind.REFERRAL: {
        S.SENT: frozenset({S.ANSWERED}),
        S.ANSWERED: frozenset({S.CLOSED}),
    },
    MeasureKind.DISMISSAL: {},
}

INITIAL_STATUS: dict[MeasureKind, MeasureStatus] = {
    MeasureKind.WARNING: S.SENT,
    MeasureKind.TAKEDOWN: S.SENT,
    MeasureKind.CASE: S.PROPOSED,
    MeasureKind.REFERRAL: S.SENT,
    MeasureKind.DISMISSAL: S.RECORDED,
}


@dataclass
class Measure:
    clue_id: int
    kind: MeasureKind
    legal_bases: list[str]
    actor: str
    created_at: datetime
    status: MeasureStatus
    body: str = ""
    recipient: str | None = None
    deadline: datetime | None = None
    approver: str | None = None
    channel_message_id: str | None = None
    details: dict[str, object] = field(default_factory=dict)
    id: int | None = None
    updated_at: datetime | None = None

    def move_to(self, status: MeasureStatus, at: datetime | None = None) -> None:
        allowed = TRANSITIONS[self.kind].get(self.status, frozenset())
        if status not in allowed:
            raise InvalidTransition(
                f"a {self.kind} measure cannot go from {self.status} to {status}"
            )
        self.status = status
        self.updated_at = at or self.updated_at
