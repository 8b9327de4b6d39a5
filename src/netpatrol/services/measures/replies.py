"""The recipient's side of a warning: acknowledge it, report the correction, or appeal.

The recipient reaches it through the link in the private message; the token in the link
is the only credential, and it opens this one warning and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.measures import Measure, MeasureStatus
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.measures.warnings import token_digest
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

MAX_MESSAGE = 2000


class Reply(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    CORRECTED = "corrected"
    APPEAL = "appeal"


@dataclass(frozen=True)
class WarningForRecipient:
    """What the recipient may see: their own post and why it was flagged."""

    unit_name: str
    category: str  # the code: the page names it in the reader's language
    excerpt: str
    deadline: datetime | None
    status: str
    legal_bases: list[str]
    body: str


def _measure(uow: UnitOfWork, token: str) -> Measure:
    measure = uow.measures.by_reply_token(token_digest(token))
    if measure is None:
        raise NotFound("this link is not valid")
    return measure


def show(uow: UnitOfWork, token: str) -> WarningForRecipient:
    with uow:
        measure = _measure(uow, token)
        clue, post, unit = clue_context(uow, measure.clue_id)
        return WarningForRecipient(
            unit.name,
            clue.category.value,
            post.text[:140],
            measure.deadline,
            measure.status.value,
            measure.legal_bases,
            measure.body,
        )


def answer(
    uow: UnitOfWork, token: str, reply: Reply, message: str, clock: Callable[[], datetime]
) -> Measure:
    """Record the recipient's answer; an appeal needs its grounds and goes to an officer."""
    message = message.strip()
    if len(message) > MAX_MESSAGE:
        raise RuleViolation(f"the message is longer than {MAX_MESSAGE} characters")
    if reply is Reply.APPEAL and not message:
        raise RuleViolation("an appeal needs its grounds")
    with uow:
        measure = _measure(uow, token)
        now = clock()
        before = measure.status
        if reply is Reply.APPEAL:
            measure.move_to(MeasureStatus.APPEALED, now)
            measure.details["appeal"] = message
        elif before is MeasureStatus.SENT:
            measure.move_to(MeasureStatus.ACKNOWLEDGED, now)
        elif before is not MeasureStatus.ACKNOWLEDGED:
            raise RuleViolation(f"this warning is {before}; it takes no further answer")
        if reply is Reply.CORRECTED:
            measure.details["reported_corrected_at"] = now.isoformat()
        if message and reply is not Reply.APPEAL:
            measure.details["recipient_message"] = message
        uow.measures.update(measure)
        clue, _, _ = clue_context(uow, measure.clue_id)
        record(
            uow,
            actor=f"recipient:{measure.recipient}",
            action=f"measure.warning.{reply}",
            subject_type="measure",
            subject_id=measure.id,
            at=now,
            unit_id=clue.unit_id,
            before={"status": before.value},
            after={"status": measure.status.value},
            reason=message,
        )
        uow.commit()
    return measure
