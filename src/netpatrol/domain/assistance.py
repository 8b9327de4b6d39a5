"""Assistance requests (协查, M9): one unit asks another, or the national desk, for help on a
clue; the asked unit accepts or declines, both answer in a shared thread, either closes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.clue_threads import bounded_text
from netpatrol.domain.errors import InvalidTransition, RuleViolation

MAX_NOTE = 2000
MAX_DEADLINE_HOURS = 720


class AssistanceKind(StrEnum):
    IDENTIFY_HOLDER = "identify_holder"  # identify the account holder through lawful channels
    TAKE_OVER = "take_over"
    CHECK_LEAD = "check_lead"
    JOINT_ACTION = "joint_action"


class AssistanceStatus(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CLOSED = "closed"


ASSISTANCE_TRANSITIONS: dict[AssistanceStatus, frozenset[AssistanceStatus]] = {
    AssistanceStatus.REQUESTED: frozenset(
        {AssistanceStatus.ACCEPTED, AssistanceStatus.DECLINED, AssistanceStatus.CLOSED}
    ),
    AssistanceStatus.ACCEPTED: frozenset({AssistanceStatus.CLOSED}),
    AssistanceStatus.DECLINED: frozenset(),
    AssistanceStatus.CLOSED: frozenset(),
}
ENDED_ZH = {AssistanceStatus.CLOSED: "关闭", AssistanceStatus.DECLINED: "拒绝"}
# a thread takes answers while the request is live
ANSWERABLE = frozenset({AssistanceStatus.REQUESTED, AssistanceStatus.ACCEPTED})


@dataclass
class AssistanceRequest:
    """What one unit asks of another about a clue, and where the request stands.

    The unread flags are each side's notice: set when the other side acts, cleared when the
    side reads the request."""

    clue_id: int
    from_unit_id: int
    to_unit_id: int
    kind: AssistanceKind
    note: str
    deadline: datetime
    sharing_level: SharingLevel
    created_by: str
    created_at: datetime
    evidence_ids: list[int] = field(default_factory=list)
    status: AssistanceStatus = AssistanceStatus.REQUESTED
    updated_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str = ""
    first_answer_at: datetime | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    escalated_at: datetime | None = None
    unread_by_asker: bool = False
    unread_by_asked: bool = True
    id: int | None = None

    @property
    def is_live(self) -> bool:
        return self.status in ANSWERABLE

    def move_to(self, status: AssistanceStatus, at: datetime) -> None:
        if status not in ASSISTANCE_TRANSITIONS[self.status]:
            raise InvalidTransition(
                f"assistance request {self.id} cannot go from {self.status} to {status}",
                rule="assistance.transition",
                zh=f"协查请求 {self.id} 不能从 {self.status} 变为 {status}",
            )
        self.status = status
        self.updated_at = at

    def accept(self, by: str, at: datetime) -> None:
        self.move_to(AssistanceStatus.ACCEPTED, at)
        self.decided_by, self.decided_at = by, at
        self.unread_by_asker = True

    def decline(self, by: str, reason: str, at: datetime) -> None:
        if not reason.strip():
            raise RuleViolation(
                "declining a request needs a reason",
                rule="assistance.decline_reason",
                zh="拒绝协查须说明理由",
            )
        self.move_to(AssistanceStatus.DECLINED, at)
        self.decided_by, self.decided_at, self.decision_reason = by, at, reason.strip()
        self.unread_by_asker = True

    def close(self, by: str, at: datetime, by_asker: bool) -> None:
        self.move_to(AssistanceStatus.CLOSED, at)
        self.closed_by, self.closed_at = by, at
        if by_asker:
            self.unread_by_asked = True
        else:
            self.unread_by_asker = True

    def take_answer(self, at: datetime, by_asker: bool) -> None:
        """An answer joins the thread: the other side is notified; the asked unit's first
        answer is the one its time to answer counts to."""
        if not self.is_live:
            raise InvalidTransition(
                f"assistance request {self.id} is {self.status}: it takes no more answers",
                rule="assistance.closed",
                zh=f"协查请求 {self.id} 已{ENDED_ZH[self.status]}，不能再答复",
            )
        self.updated_at = at
        if by_asker:
            self.unread_by_asked = True
            return
        self.unread_by_asker = True
        if self.first_answer_at is None:
            self.first_answer_at = at

    def overdue(self, now: datetime) -> bool:
        """Past its deadline, still live and not yet escalated."""
        return self.is_live and self.escalated_at is None and self.deadline < now


@dataclass(frozen=True)
class AssistanceAnswer:
    """One entry of a request's shared thread: text, and the evidence items it brings."""

    request_id: int
    unit_id: int
    author: str
    text: str
    created_at: datetime
    evidence_ids: tuple[int, ...] = ()
    id: int | None = None


def check_note(text: str, what: str) -> str:
    return bounded_text(text, what, "assistance.text", MAX_NOTE)
