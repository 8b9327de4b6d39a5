"""Asking another unit for help (协查) and working the request: accept, decline with a reason,
answer in the shared thread (text and evidence items), close. Each change is audited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from netpatrol.domain.assistance import (
    MAX_DEADLINE_HOURS,
    AssistanceAnswer,
    AssistanceKind,
    AssistanceRequest,
    check_note,
)
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.errors import NotFound, PermissionDenied, RuleViolation
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.services.assistance.acting import Acting
from netpatrol.services.clues.participants import join, sees
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]
MAX_TARGETS = 10
MAX_ITEMS = 10
SUBJECT = "assistance"


@dataclass(frozen=True)
class Ask:
    """What a unit asks, of whom (unit codes), by when, and how far what it attaches may be
    shared on."""

    clue_id: int
    to_units: Sequence[str]
    kind: AssistanceKind
    note: str
    deadline_hours: int
    sharing_level: SharingLevel = SharingLevel.UNIT
    evidence_ids: Sequence[int] = ()


@dataclass(frozen=True)
class Item:
    """An evidence item an answer brings: a title and its content, kept with a digest."""

    title: str
    content: str


def ask(uow: UnitOfWork, wanted: Ask, by: Acting, clock: Clock) -> list[AssistanceRequest]:
    """One request per asked unit; each asked unit takes part in the clue from now on."""
    note = check_note(wanted.note, "a request")
    if not 1 <= wanted.deadline_hours <= MAX_DEADLINE_HOURS:
        raise RuleViolation(
            f"a deadline is 1 to {MAX_DEADLINE_HOURS} hours away",
            rule="assistance.deadline",
            zh=f"期限须在 1 至 {MAX_DEADLINE_HOURS} 小时之间",
        )
    codes = list(dict.fromkeys(c.strip() for c in wanted.to_units if c.strip()))
    if not 1 <= len(codes) <= MAX_TARGETS:
        raise RuleViolation(
            f"ask 1 to {MAX_TARGETS} units",
            rule="assistance.units",
            zh=f"请选择 1 至 {MAX_TARGETS} 个协查单位",
        )
    with uow:
        clue = uow.clues.get(wanted.clue_id)
        if clue is None or not sees(uow, by.seen, clue):
            raise NotFound(f"clue {wanted.clue_id} does not exist")
        if clue.unit_id not in by.units:
            raise PermissionDenied(
                f"only the unit that owns clue {clue.id} asks for assistance on it",
                rule="assistance.owner_asks",
                zh="只有线索的主办单位可以发起协查",
            )
        by_code = {u.code: u for u in uow.units.all()}
        unknown = [c for c in codes if c not in by_code]
        if unknown:
            raise RuleViolation(
                f"no unit has the code {', '.join(unknown)}",
                rule="assistance.unknown_unit",
                zh=f"单位代码不存在：{', '.join(unknown)}",
            )
        targets = [by_code[c] for c in codes]
        if any(t.id == clue.unit_id for t in targets):
            raise RuleViolation(
                "a unit does not ask itself for assistance",
                rule="assistance.own_unit",
                zh="不能向本单位发起协查",
            )
        held = {e.id for e in uow.evidence.for_clue(clue.id or 0)}
        stray = sorted(set(wanted.evidence_ids) - held)
        if stray:
            raise RuleViolation(
                f"evidence items {stray} are not the clue's",
                rule="assistance.evidence_of_clue",
                zh="所附证据须属于该线索",
            )
        now = clock()
        made = []
        for target in targets:
            request = AssistanceRequest(
                clue_id=clue.id or 0,
                from_unit_id=clue.unit_id,
                to_unit_id=target.id or 0,
                kind=wanted.kind,
                note=note,
                deadline=now + timedelta(hours=wanted.deadline_hours),
                sharing_level=wanted.sharing_level,
                created_by=by.name,
                created_at=now,
                evidence_ids=sorted(set(wanted.evidence_ids)),
                updated_at=now,
            )
            uow.assistance.add(request)
            _audit(uow, by, request, "assistance.requested", now, after=_summary(request))
            join(uow, clue, [target], f"asked for assistance (#{request.id})", now, by.name)
            made.append(request)
        uow.commit()
    return made


def involved_request(uow: UnitOfWork, request_id: int, by: Acting) -> AssistanceRequest:
    """The request, inside an open unit of work; one the actor's units are not party to
    reads as missing."""
    request = uow.assistance.get(request_id)
    if request is None or not by.involved(request):
        raise NotFound(f"assistance request {request_id} does not exist")
    return request


def _asked_only(request: AssistanceRequest, by: Acting, what: str) -> None:
    if not by.asked_side(request):
        raise PermissionDenied(
            f"only the asked unit {what} a request",
            rule="assistance.asked_unit_decides",
            zh="只有被请求协查的单位可以受理或拒绝",
        )


def accept(uow: UnitOfWork, request_id: int, by: Acting, clock: Clock) -> AssistanceRequest:
    with uow:
        request = involved_request(uow, request_id, by)
        _asked_only(request, by, "accepts")
        now = clock()
        before = request.status.value
        request.accept(by.name, now)
        uow.assistance.update(request)
        _audit(uow, by, request, "assistance.accepted", now, before=before)
        uow.commit()
    return request


def decline(
    uow: UnitOfWork, request_id: int, reason: str, by: Acting, clock: Clock
) -> AssistanceRequest:
    with uow:
        request = involved_request(uow, request_id, by)
        _asked_only(request, by, "declines")
        now = clock()
        before = request.status.value
        request.decline(by.name, reason, now)
        uow.assistance.update(request)
        _audit(uow, by, request, "assistance.declined", now, before=before, reason=reason)
        uow.commit()
    return request


def close(uow: UnitOfWork, request_id: int, by: Acting, clock: Clock) -> AssistanceRequest:
    """Either side closes the request; the thread takes no more answers."""
    with uow:
        request = involved_request(uow, request_id, by)
        now = clock()
        before = request.status.value
        request.close(by.name, now, by_asker=not by.asked_side(request))
        uow.assistance.update(request)
        _audit(uow, by, request, "assistance.closed", now, before=before)
        uow.commit()
    return request


def answer(
    uow: UnitOfWork,
    request_id: int,
    text: str,
    items: Sequence[Item],
    by: Acting,
    clock: Clock,
) -> AssistanceAnswer:
    """An entry in the shared thread from either side; each evidence item it brings is kept
    on the clue with its digest and audited. A closed or declined request is a 409."""
    cleaned = check_note(text, "an answer")
    if len(items) > MAX_ITEMS:
        raise RuleViolation(
            f"an answer brings at most {MAX_ITEMS} evidence items",
            rule="assistance.items",
            zh=f"每条答复最多附 {MAX_ITEMS} 项证据",
        )
    shaped = [
        (check_note(i.title, "an item's title")[:200], check_note(i.content, "an item"))
        for i in items
    ]
    with uow:
        request = involved_request(uow, request_id, by)
        now = clock()
        by_asker = not by.asked_side(request)
        request.take_answer(now, by_asker)
        unit_id = request.from_unit_id if by_asker else request.to_unit_id
        unit = uow.units.get(unit_id)
        kept = []
        for title, content in shaped:
            item = uow.evidence.add(
                EvidenceItem.capture(
                    request.clue_id,
                    "assistance",
                    {
                        "request": request.id,
                        "unit": unit.code if unit else "",
                        "title": title,
                        "text": content,
                    },
                    now,
                    f"assistance:{request.id}",
                    by.name,
                )
            )
            record(
                uow,
                actor=by.name,
                action="evidence.captured",
                subject_type="clue",
                subject_id=request.clue_id,
                at=now,
                unit_id=unit_id,
                after={"evidence_id": item.id, "sha256": item.sha256, "source": item.source},
            )
            kept.append(item.id or 0)
        entry = uow.assistance.add_answer(
            AssistanceAnswer(request.id or 0, unit_id, by.name, cleaned, now, tuple(kept))
        )
        uow.assistance.update(request)
        _audit(
            uow,
            by,
            request,
            "assistance.answered",
            now,
            after={"answer_id": entry.id, "text": cleaned, "evidence": kept},
        )
        uow.commit()
    return entry


def _summary(request: AssistanceRequest) -> dict[str, object]:
    return {
        "clue_id": request.clue_id,
        "to_unit_id": request.to_unit_id,
        "kind": request.kind.value,
        "deadline": request.deadline.isoformat(),
        "sharing_level": request.sharing_level.value,
        "evidence": request.evidence_ids,
    }


def _audit(
    uow: UnitOfWork,
    by: Acting,
    request: AssistanceRequest,
    action: str,
    at: datetime,
    before: str | None = None,
    after: dict[str, object] | None = None,
    reason: str = "",
) -> None:
    record(
        uow,
        actor=by.name,
        action=action,
        subject_type=SUBJECT,
        subject_id=request.id,
        at=at,
        unit_id=by.unit_id,
        before={"status": before} if before else None,
        after=after if after is not None else {"status": request.status.value},
        reason=reason,
    )
