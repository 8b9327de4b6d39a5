"""A platform's answer to a takedown notice (平台回复): it removed the post, refused (with a
reason) or asks for more before it decides. The answers a notice takes in each of its
states are a table; a notice in no row of it is closed, and answering it is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.errors import InvalidTransition, RuleViolation
from netpatrol.domain.measures import MeasureStatus

S = MeasureStatus
MAX_TEXT = 2000


class PlatformAnswer(StrEnum):
    REMOVED = "removed"
    REFUSED = "refused"
    NEEDS_MORE = "needs_more"


class RefusalReason(StrEnum):
    """Why a platform will not remove a post, as the compliance figures count them."""

    NOT_UNLAWFUL = "not_unlawful"  # the platform reads the post as lawful
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    NOT_FOUND = "not_found"  # the post is not (or no longer) on the platform
    NOT_OUR_SERVICE = "not_our_service"
    OTHER = "other"


A = PlatformAnswer
ANSWERS: dict[MeasureStatus, dict[PlatformAnswer, MeasureStatus]] = {
    S.SENT: {A.REMOVED: S.CONFIRMED, A.REFUSED: S.REFUSED, A.NEEDS_MORE: S.NEEDS_MORE},
    S.OVERDUE: {A.REMOVED: S.CONFIRMED, A.REFUSED: S.REFUSED, A.NEEDS_MORE: S.NEEDS_MORE},
    # the platform asked and waits for our answer; it may still decide meanwhile
    S.NEEDS_MORE: {A.REMOVED: S.CONFIRMED, A.REFUSED: S.REFUSED},
}


@dataclass(frozen=True)
class NoticeAnswer:
    answer: PlatformAnswer
    reason: RefusalReason | None = None
    text: str = ""  # the refusal's explanation, or the platform's question
    control_chars_removed: int = 0  # taken out of the text as the platform sent it

    def __post_init__(self) -> None:
        if len(self.text) > MAX_TEXT:
            raise RuleViolation(
                f"the text is longer than {MAX_TEXT} characters", rule="answer_text_length"
            )
        if self.answer is A.REFUSED and self.reason is None:
            raise RuleViolation(
                "a refusal gives its reason: one of " + ", ".join(RefusalReason),
                rule="refusal_reason_required",
                zh="拒绝删除须说明理由",
            )
        if self.answer is A.NEEDS_MORE and not self.text.strip():
            raise RuleViolation(
                "needs_more asks a question: give it as text",
                rule="question_required",
                zh="要求补充材料须写明问题",
            )


def next_status(status: MeasureStatus, answer: PlatformAnswer) -> MeasureStatus:
    """Where the notice goes on this answer; a closed notice, or an answer its state does
    not take, is refused."""
    row = ANSWERS.get(status)
    if row is None:
        raise InvalidTransition(
            f"the notice is {status}: it is closed and takes no answer",
            rule="notice_closed",
            zh="该清理通知已结束，不再接受回复",
        )
    if answer not in row:
        raise InvalidTransition(
            f"the notice is {status}: it takes {', '.join(row)}, not {answer}",
            rule="notice_answer_out_of_turn",
            zh="该通知当前状态不接受此回复",
        )
    return row[answer]


def thread_entry(by: str, at: datetime, kind: str, text: str, reason: str = "") -> dict[str, str]:
    """One line of the exchange between the platform and the unit, as the measure keeps it."""
    return {"by": by, "at": at.isoformat(), "kind": kind, "text": text, "reason": reason}
