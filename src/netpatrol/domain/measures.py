"""Measures (处置措施, M5): what a unit does about a clue, each kind a state machine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.errors import InForce, InvalidTransition


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
    REFUSED = "refused"  # the platform will not remove the post, and says why
    NEEDS_MORE = "needs_more"  # the platform asks a question before it decides
    ACCEPTED = "accepted"  # the partner agency takes the referral up
    DECLINED = "declined"
    DONE = "done"


S = MeasureStatus

# The state machines as data: (kind, from) -> the states it may move to.
TRANSITIONS: dict[MeasureKind, dict[MeasureStatus, frozenset[MeasureStatus]]] = {
    MeasureKind.WARNING: {
        S.SENT: frozenset({S.ACKNOWLEDGED, S.HEEDED, S.ESCALATED, S.APPEALED}),
        S.ACKNOWLEDGED: frozenset({S.HEEDED, S.ESCALATED, S.APPEALED}),
        S.APPEALED: frozenset({S.WITHDRAWN, S.SENT, S.ACKNOWLEDGED}),
    },
    MeasureKind.TAKEDOWN: {
        S.SENT: frozenset({S.CONFIRMED, S.OVERDUE, S.APPEALED, S.REFUSED, S.NEEDS_MORE}),
        S.OVERDUE: frozenset({S.CONFIRMED, S.ESCALATED, S.APPEALED, S.REFUSED, S.NEEDS_MORE}),
        S.NEEDS_MORE: frozenset({S.SENT, S.CONFIRMED, S.REFUSED, S.APPEALED}),
        S.CONFIRMED: frozenset({S.APPEALED}),
        S.APPEALED: frozenset({S.WITHDRAWN, S.SENT, S.OVERDUE, S.CONFIRMED}),
    },
    MeasureKind.CASE: {
        S.PROPOSED: frozenset({S.APPROVED, S.REJECTED}),
        S.APPROVED: frozenset({S.CLOSED}),
    },
    MeasureKind.REFERRAL: {
        S.SENT: frozenset({S.ANSWERED, S.ACCEPTED, S.DECLINED, S.DONE}),
        S.ACCEPTED: frozenset({S.DONE, S.DECLINED}),
        S.ANSWERED: frozenset({S.CLOSED}),
    },
    MeasureKind.DISMISSAL: {
        S.RECORDED: frozenset({S.APPEALED}),
        S.APPEALED: frozenset({S.WITHDRAWN, S.RECORDED}),
    },
}

# While a measure is in one of these states, a second of its kind on the same clue would
# say the same thing twice (a heeded warning has done its work; a repeat post is a new clue).
LIVE: dict[MeasureKind, frozenset[MeasureStatus]] = {
    MeasureKind.WARNING: frozenset({S.SENT, S.ACKNOWLEDGED, S.HEEDED, S.APPEALED}),
    MeasureKind.TAKEDOWN: frozenset({S.SENT, S.OVERDUE, S.CONFIRMED, S.APPEALED, S.NEEDS_MORE}),
    MeasureKind.CASE: frozenset({S.PROPOSED, S.APPROVED}),
    MeasureKind.REFERRAL: frozenset({S.SENT, S.ANSWERED, S.ACCEPTED}),
    MeasureKind.DISMISSAL: frozenset({S.RECORDED, S.APPEALED}),
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


def live_of(measures: list[Measure], kind: MeasureKind) -> Measure | None:
    """The clue's live measure of this kind, if any."""
    return next((m for m in measures if m.kind is kind and m.status in LIVE[kind]), None)


def check_none_live(measures: list[Measure], kind: MeasureKind) -> None:
    """One live measure of a kind per clue."""
    live = live_of(measures, kind)
    if live is not None:
        raise InForce(
            f"{kind} {live.id} on this clue is still {live.status}: one {kind} at a time",
            rule="one_live_measure_per_kind",
            zh=f"该线索已有生效中的同类措施（{kind} #{live.id}，{live.status}），不能重复采取",
        )
