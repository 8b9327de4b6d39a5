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
from netpatrol.domain.errors import InvalidTransition, NotFound, RuleViolation
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.domain.legal import LegalBasis, LegalCatalogue
from netpatrol.domain.measures import (
    INITIAL_STATUS,
    Measure,
    MeasureKind,
    MeasureStatus,
    check_none_live,
)
from netpatrol.domain.users import Permission, Visibility
from netpatrol.services.agencies import referrals
from netpatrol.services.clues.evidence import capture_every_post
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.clues.state import move_clue
from netpatrol.services.measures.legal import Citation, cited
from netpatrol.services.measures.notices import file_notice
from netpatrol.services.measures.takedowns import notify_author
from netpatrol.services.measures.warnings import override_note
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
    override: str = ""  # a supervisor's reason for citing an entry that does not fit


def open_measure(
    uow: UnitOfWork,
    request: MeasureRequest,
    catalogue: LegalCatalogue,
    clock: Clock,
    reply_base: str = "",
) -> Measure:
    """Open a takedown, case, referral or dismissal on a clue; commit once. A takedown's
    author is told, with a link to appeal, and its notice says where the platform answers;
    a referral's package goes to its agency with the link it answers through (`reply_base`,
    the public address, makes the links absolute)."""
    if request.kind is MeasureKind.WARNING:
        raise RuleViolation("a warning is sent with its template: use send_warning")
    if not request.actor.strip():
        raise RuleViolation("a measure needs the officer who takes it")
    if request.kind is MeasureKind.REFERRAL and not request.agency.strip():
        raise RuleViolation(
            "a referral names the partner agency from the directory",
            rule="agency_from_directory",
            zh="联动单位须从名录中选择",
        )
    if request.kind in (MeasureKind.DISMISSAL, MeasureKind.CASE) and not request.reason.strip():
        raise RuleViolation(
            f"a {request.kind} needs its reason", rule="reason_required", zh="该措施须说明理由"
        )
    if request.kind is MeasureKind.DISMISSAL and request.legal_bases:
        raise RuleViolation(
            "a dismissal finds nothing unlawful: it gives its reason and cites no law",
            rule="dismissal_cites_no_law",
            zh="不予处置意味着未发现违法，只需说明理由，不引用法律依据",
        )
    with uow:
        clue, post, unit = clue_context(uow, request.clue_id)
        if clue.status is ClueStatus.CLOSED:
            raise RuleViolation(f"clue {clue.id} is closed")
        check_none_live(uow.measures.for_clue(clue.id or 0), request.kind)
        referral = request.kind is MeasureKind.REFERRAL
        agency = referrals.resolve(uow, request.agency, unit) if referral else None
        bases: list[LegalBasis] = []
        if request.kind is not MeasureKind.DISMISSAL:
            citation = Citation(request.legal_bases, request.override)
            bases = cited(uow, catalogue, clue, request.kind, citation)
        now = clock()
        hours = request.deadline_hours
        deadline = now + timedelta(hours=hours) if hours else None
        reply_digest = ""
        details: dict[str, object] = {
            "reason": request.reason,
            **override_note(request.override, request.actor),
        }
        items: list[EvidenceItem] = []
        if request.kind in (MeasureKind.CASE, MeasureKind.TAKEDOWN, MeasureKind.REFERRAL):
            # every post of the clue, the merged ones too, as it stands now
            items = capture_every_post(uow, clue, request.actor, now)
            if not items and request.kind is MeasureKind.CASE:
                raise RuleViolation(
                    f"clue {clue.id} has no evidence to open a case on",
                    rule="case_needs_evidence",
                    zh="该线索没有可固定的证据，不能立案",
                )
            details["evidence"] = [{"id": i.id, "sha256": i.sha256} for i in items]
        if request.kind is MeasureKind.TAKEDOWN:
            reply_digest = notify_author(uow, unit, post, clue, bases, now, reply_base)
        if agency is not None:
            details["agency"] = agency.code
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
        if reply_digest:
            uow.measures.add_reply_token(measure.id or 0, reply_digest)
        if request.kind is MeasureKind.TAKEDOWN:
            file_notice(uow, measure, unit, post, bases, items, reply_base)
        if agency is not None:
            parts = (clue, post, unit)
            referrals.send_package(uow, measure, agency, parts, bases, items, reply_base)
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
                **({"agency": agency.code} if agency else {}),
                **override_note(request.override, request.actor),
            },
            reason=request.reason,
        )
        if request.kind is not MeasureKind.CASE:  # a case moves the clue once approved
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
    officer who proposed it (four eyes); an appealed measure moves only by the decision on
    its appeal (see appeals.decide)."""
    if not actor.strip():
        raise RuleViolation("a change of state needs who makes it")
    with uow:
        measure = uow.measures.get(measure_id)
        if measure is None:
            raise NotFound(f"measure {measure_id} does not exist")
        if measure.status is MeasureStatus.APPEALED:
            raise InvalidTransition(
                f"{measure.kind} {measure_id} is under appeal: decide the appeal, with reasons",
                rule="appeal_decided_with_reasons",
                zh="该措施正在申诉中：请作出附理由的申诉决定",
            )
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
        approved_case = measure.kind is MeasureKind.CASE and to is MeasureStatus.APPROVED
        if approved_case and clue and clue.status in (ClueStatus.OPEN, ClueStatus.CLAIMED):
            # the clue stays in its unit's queue, time limit running, until the case is on
            move_clue(uow, clue, ClueStatus.ACTIONED, actor, now, f"case {measure.id} approved")
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


APPROVALS = (MeasureStatus.APPROVED, MeasureStatus.REJECTED)


def permission_for(to: MeasureStatus) -> Permission:
    """Approving or rejecting a case is a supervisor's call (so is deciding an appeal);
    the other moves are an officer's."""
    return Permission.APPROVE if to in APPROVALS else Permission.WORK
