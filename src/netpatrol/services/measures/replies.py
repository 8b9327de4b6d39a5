"""The recipient's side of a warning or a takedown: acknowledge a warning, report the
correction, or appeal either.

The recipient reaches it through the link in the private message; the token in the link
is the only credential, and it opens this one measure and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.appeals import Appeal, appeal_of
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.legal import LegalCatalogue
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.domain.policy import MeasurePolicy
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.measures import appeals
from netpatrol.services.measures.legal import catalogue_in
from netpatrol.services.measures.takedowns import cited_in_words
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
    """What the recipient may see: their own post, why it was flagged, on which law, and
    the decision on their appeal."""

    unit_name: str
    category: str  # the code: the page names it in the reader's language
    excerpt: str
    deadline: datetime | None
    status: str
    legal_bases: list[str]
    body: str
    kind: str = MeasureKind.WARNING.value
    legal_basis_words: str = ""  # the law, article and what it covers, in Chinese
    appeal: Appeal | None = None


def _measure(uow: UnitOfWork, token: str) -> Measure:
    measure = uow.measures.by_reply_token(token_digest(token))
    if measure is None:
        raise NotFound("this link is not valid")
    return measure


def show(uow: UnitOfWork, token: str, catalogue: LegalCatalogue) -> WarningForRecipient:
    with uow:
        measure = _measure(uow, token)
        clue, post, unit = clue_context(uow, measure.clue_id)
        known = catalogue_in(uow, catalogue, unit.id or 0)
        bases = [b for b in (known.get(c) for c in measure.legal_bases) if b is not None]
        return WarningForRecipient(
            unit.name,
            clue.category.value,
            post.text[:140],
            measure.deadline,
            measure.status.value,
            measure.legal_bases,
            measure.body,
            measure.kind.value,
            cited_in_words(bases),
            appeal_of(measure),
        )


def answer(
    uow: UnitOfWork,
    token: str,
    reply: Reply,
    message: str,
    clock: Callable[[], datetime],
    policy: MeasurePolicy,
) -> Measure:
    """Record the recipient's answer; an appeal needs its grounds and is due an answer
    within the policy's days. A takedown's author can only appeal."""
    message = message.strip()
    if len(message) > MAX_MESSAGE:
        raise RuleViolation(f"the message is longer than {MAX_MESSAGE} characters")
    with uow:
        measure = _measure(uow, token)
        now = clock()
        if reply is Reply.APPEAL:
            appeals.file(uow, measure, message, f"recipient:{measure.recipient}", now, policy)
            uow.commit()
            return measure
        if measure.kind is not MeasureKind.WARNING:
            raise RuleViolation(
                f"a {measure.kind} takes an appeal only",
                rule="reply_kind",
                zh="对此类措施只能提出申诉",
            )
        before = measure.status
        if before is MeasureStatus.SENT:
            measure.move_to(MeasureStatus.ACKNOWLEDGED, now)
        elif before is not MeasureStatus.ACKNOWLEDGED:
            raise RuleViolation(f"this warning is {before}; it takes no further answer")
        if reply is Reply.CORRECTED:
            measure.details["reported_corrected_at"] = now.isoformat()
        if message:
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
