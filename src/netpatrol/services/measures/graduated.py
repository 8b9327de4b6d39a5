"""The graduated measures beyond the warning (分级处置, M5): takedown notice (清理), case
(立案调查) with a second person's approval, referral (联动) and dismissal.

Each opens through `open_measure` and moves through `advance`, so every change of state
is checked against the measure's table and written to the audit log once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.legal import LegalCatalogue
from netpatrol.domain.measures import INITIAL_STATUS, Measure, MeasureKind, MeasureStatus
from netpatrol.domain.users import Permission, Visibility
from netpatrol.services.clues.evidence import capture_every_post
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.clues.state import move_clue
from netpatrol.services.measures.legal import catalogue_in
from netpatrol.services.measures.ports import OutgoingMessage
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]

CLUE_STATUS_AFTER = {
    MeasureKind.TAKEDOWN: ClueStatus.ACTIONED,
    MeasureKind.CASE: ClueStatus.ACTIONED,
    MeasureKind.REFERRAL: ClueStatus.ACTIONED,
    MeasureKind.DISMISSAL: ClueStatus.CLOSED,
}


@dataclass(frozen=True)
class MeasureRequest:
    clue_id: int
    kind: MeasureKind
    actor: str
    legal_bases: Sequence[str]
    reason: str = ""
    deadline_hours: int | None = None
    agency: str = ""


def open_measure(
    uow: UnitOfWork, request: MeasureRequest, catalogue: LegalCatalogue, clock: Clock
) -> Measure:
    """Open a takedown, case, referral or dismissal on a clue; commit once."""
    if request.kind is MeasureKind.WARNING:
        raise RuleViolation("a warning is sent with its template: use send_warning")
    if not request.actor.strip():
        raise RuleViolation("a measure needs the officer who takes it")
    if request.kind is MeasureKind.REFERRAL and not request.agency.strip():
        raise RuleViolation("a referral names the partner agency")
    if request.kind in (MeasureKind.DISMISSAL, MeasureKind.CASE) and not request.reason.strip():
        raise RuleViolation(f"a {request.kind} needs its reason")
    with uow:
        clue, post, unit = clue_context(uow, request.clue_id)
        if clue.status is ClueStatus.CLOSED:
            raise RuleViolation(f"clue {clue.id} is closed")
        bases = catalogue_in(uow, catalogue, unit.id or 0).resolve(request.legal_bases)
        now = clock()
        hours = request.deadline_hours
        deadline = now + timedelta(hours=hours) if hours else None
        details: dict[str, object] = {"reason": request.reason}
        if request.kind in (MeasureKind.CASE, MeasureKind.TAKEDOWN):
            # every post of the clue, the merged ones too, as it stands now
            items = capture_every_post(uow, clue, request.actor, now)
            details["evidence"] = [{"id": i.id, "sha256": i.sha256} for i in items]
        if request.kind is MeasureKind.TAKEDOWN:
            notice = (
                f"清理通知：{post.platform.value} 帖子 {post.external_id}（作者 {post.author.id}）"
                f"涉嫌违法，依据 {'、'.join(b.law + b.article for b in bases)}，"
                f"请于 {deadline or now} 前删除并回复。原文：{post.text}"
                + "".join(f"\n证据 {i.id}：SHA-256 {i.sha256}" for i in items)
            )
            message = uow.outbox.add(
                OutgoingMessage(
                    "takedown_notice",
                    post.platform.value,
                    unit.channel_accounts.get(post.platform.value, unit.name),
                    f"platform:{post.platform.value}",
                    notice,
                    now,
                    subject=post.external_id,
                )
            )
            details["message_id"] = message.id
        if request.kind is MeasureKind.REFERRAL:
            details["agency"] = request.agency
        measure = uow.measures.add(
            Measure(
                clue_id=clue.id or 0,
                kind=request.kind,
                legal_bases=[b.code for b in bases],
                actor=request.actor,
                created_at=now,
                status=INITIAL_STATUS[request.kind],
                recipient=post.author.id,
                deadline=deadline,
                details=details,
                updated_at=now,
            )
        )
        record(
            uow,
            actor=request.actor,
            action=f"measure.{request.kind}.opened",
            subject_type="measure",
            subject_id=measure.id,
            at=now,
            unit_id=unit.id,
            after={
                "clue_id": clue.id,
                "kind": request.kind.value,
                "status": measure.status.value,
                "legal_bases": measure.legal_bases,
                **({"agency": request.agency} if request.agency else {}),
            },
            reason=request.reason,
        )
        move_clue(
            uow,
            clue,
            CLUE_STATUS_AFTER[request.kind],
            request.actor,
            now,
            f"{request.kind} {measure.id}",
        )
        uow.commit()
    return measure


def advance(
    uow: UnitOfWork,
    measure_id: int,
    to: MeasureStatus,
    actor: str,
    clock: Clock,
    reason: str = "",
    note: dict[str, object] | None = None,
) -> Measure:
    """Move a measure along its table. A case is approved only by someone other than the
    officer who proposed it (four eyes)."""
    if not actor.strip():
        raise RuleViolation("a change of state needs who makes it")
    with uow:
        measure = uow.measures.get(measure_id)
        if measure is None:
            raise NotFound(f"measure {measure_id} does not exist")
        if measure.kind is MeasureKind.CASE and to in (
            MeasureStatus.APPROVED,
            MeasureStatus.REJECTED,
        ):
            if actor == measure.actor:
                raise RuleViolation("a case is approved by a second person, not its proposer")
            measure.approver = actor
        clue = uow.clues.get(measure.clue_id)
        before = measure.status
        now = clock()
        measure.move_to(to, now)
        measure.details.update(note or {})
        if measure.kind is MeasureKind.TAKEDOWN and to is MeasureStatus.CONFIRMED:
            hours = (now - measure.created_at).total_seconds() / 3600
            measure.details["response_hours"] = round(hours, 2)
        uow.measures.update(measure)
        record(
            uow,
            actor=actor,
            action=f"measure.{measure.kind}.{to}",
            subject_type="measure",
            subject_id=measure.id,
            at=now,
            unit_id=clue.unit_id if clue else None,
            before={"status": before.value},
            after={"status": to.value, **(note or {})},
            reason=reason,
        )
        uow.commit()
    return measure


def list_measures(uow: UnitOfWork, seen: Visibility | None = None) -> list[Measure]:
    """Every measure, or those on clues within `seen`."""
    with uow:
        found = uow.measures.all()
        if seen is None:
            return found
        clues = uow.clues.get_many({m.clue_id for m in found})
        return [
            m
            for m in found
            if m.clue_id in clues
            and seen.allows(clues[m.clue_id].unit_id, clues[m.clue_id].sharing_level)
        ]


APPROVALS = (MeasureStatus.APPROVED, MeasureStatus.REJECTED, MeasureStatus.WITHDRAWN)


def permission_for(to: MeasureStatus) -> Permission:
    """Approving or rejecting a case, or withdrawing a warning on appeal, is a
    supervisor's call; the other moves are an officer's."""
    return Permission.APPROVE if to in APPROVALS else Permission.WORK
