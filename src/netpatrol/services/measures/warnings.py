"""Disposal (处置): answering a clue with a measure. Here: the warning (警示教育)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from jinja2 import Environment, StrictUndefined

from netpatrol.domain.categories import CATEGORY_NAMES_ZH
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.legal import LegalCatalogue
from netpatrol.domain.measures import INITIAL_STATUS, Measure, MeasureKind, check_none_live
from netpatrol.domain.posts import PLATFORM_NAMES_ZH, Post
from netpatrol.domain.units import Unit
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.clues.state import move_clue
from netpatrol.services.measures.legal import Citation, cited
from netpatrol.services.measures.ports import OutgoingMessage
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

CHINA_TIME = timezone(timedelta(hours=8))
EXCERPT_CHARS = 60


@dataclass(frozen=True)
class WarningRequest:
    clue_id: int
    actor: str
    legal_bases: Sequence[str]
    deadline_hours: int = 48
    override: str = ""  # a supervisor's reason for citing an entry that does not fit


class WarningTemplates:
    """Warning texts rendered from shipped templates; a missing variable is an error."""

    def __init__(self, source: str) -> None:
        env = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
        self._template = env.from_string(source)

    def render(
        self,
        unit: Unit,
        post: Post,
        clue: Clue,
        bases: Sequence[object],
        deadline: datetime,
        reply_link: str | None = None,
    ) -> str:
        excerpt = post.text if len(post.text) <= EXCERPT_CHARS else post.text[:EXCERPT_CHARS] + "…"
        return self._template.render(
            author_name=post.author.name,
            unit_name=unit.name,
            post_time=post.created_at.astimezone(CHINA_TIME).strftime("%Y年%m月%d日%H:%M"),
            platform_name=PLATFORM_NAMES_ZH[post.platform],
            post_id=post.external_id,
            category_name=CATEGORY_NAMES_ZH[clue.category],
            excerpt=excerpt,
            legal_bases=bases,
            deadline=deadline.astimezone(CHINA_TIME).strftime("%Y年%m月%d日%H:%M"),
            reply_link=reply_link,
        )


def preview_warning(
    uow: UnitOfWork,
    request: WarningRequest,
    catalogue: LegalCatalogue,
    templates: WarningTemplates,
    clock: Callable[[], datetime],
) -> str:
    """The text a warning would carry, without sending or storing anything."""
    with uow:
        clue, post, unit = clue_context(uow, request.clue_id)
        bases = cited(uow, catalogue, clue, MeasureKind.WARNING, _citation(request))
        deadline = clock() + timedelta(hours=request.deadline_hours)
        return templates.render(unit, post, clue, bases, deadline)


def send_warning(
    uow: UnitOfWork,
    request: WarningRequest,
    catalogue: LegalCatalogue,
    templates: WarningTemplates,
    clock: Callable[[], datetime],
    reply_base: str = "",
) -> tuple[Measure, str]:
    """Send a private warning from the unit's account to the author of the clue's post.

    Returns the measure and the reply token: the recipient's link to acknowledge, report a
    correction or appeal. Only the token's digest is stored.
    """
    if not 1 <= request.deadline_hours <= 24 * 30:
        raise RuleViolation("the deadline must be between 1 hour and 30 days")
    if not request.actor.strip():
        raise RuleViolation("a measure needs the officer who takes it")
    with uow:
        clue, post, unit = clue_context(uow, request.clue_id)
        if clue.status is ClueStatus.CLOSED:
            raise RuleViolation(f"clue {clue.id} is closed")
        check_none_live(uow.measures.for_clue(clue.id or 0), MeasureKind.WARNING)
        bases = cited(uow, catalogue, clue, MeasureKind.WARNING, _citation(request))
        sender = unit.channel_accounts.get(post.platform.value)
        if not sender:
            raise RuleViolation(f"unit {unit.name} has no account on {post.platform.value}")
        now = clock()
        deadline = now + timedelta(hours=request.deadline_hours)
        token = secrets.token_urlsafe(18)
        link = f"{reply_base.rstrip('/')}/r/{token}" if reply_base else None
        body = templates.render(unit, post, clue, bases, deadline, link)
        message = uow.outbox.add(
            OutgoingMessage(
                "private_message", post.platform.value, sender, post.author.id, body, now
            )
        )
        measure = uow.measures.add(
            Measure(
                clue_id=clue.id or 0,
                kind=MeasureKind.WARNING,
                legal_bases=[b.code for b in bases],
                actor=request.actor,
                created_at=now,
                status=INITIAL_STATUS[MeasureKind.WARNING],
                body=body,
                recipient=post.author.id,
                deadline=deadline,
                channel_message_id=str(message.id),
                details=override_note(request.override, request.actor),
            )
        )
        uow.measures.add_reply_token(measure.id or 0, token_digest(token))
        record(
            uow,
            actor=request.actor,
            action="measure.warning.sent",
            subject_type="measure",
            subject_id=measure.id,
            at=now,
            unit_id=unit.id,
            after={
                "clue_id": clue.id,
                "recipient": post.author.id,
                "sender": sender,
                "legal_bases": measure.legal_bases,
                "deadline": deadline.isoformat(),
                "message_id": message.id,
                **measure.details,
            },
        )
        move_clue(uow, clue, ClueStatus.ACTIONED, request.actor, now, f"warning {measure.id} sent")
        uow.commit()
    return measure, token


def _citation(request: WarningRequest) -> Citation:
    return Citation(request.legal_bases, request.override)


def override_note(override: str, actor: str) -> dict[str, object]:
    """What a measure records of an overridden citation: who overrode it, and why."""
    if not override.strip():
        return {}
    return {"legal_basis_override": {"by": actor, "reason": override.strip()}}


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
