"""Reading assistance requests: a unit's requests to and from it, one request with its
thread (which clears the reader's side's unread notice), the badge, the figures per unit."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from netpatrol.domain.assistance import AssistanceAnswer, AssistanceRequest, AssistanceStatus
from netpatrol.domain.clues import Clue
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.domain.posts import Post
from netpatrol.domain.units import Unit
from netpatrol.services.assistance.acting import Acting
from netpatrol.services.assistance.requests import SUBJECT, involved_request
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

LIST_LIMIT = 200


@dataclass
class RequestView:
    request: AssistanceRequest
    from_unit: Unit
    to_unit: Unit
    clue: Clue
    post: Post | None = None
    answers: list[AssistanceAnswer] = field(default_factory=list)
    attached: list[EvidenceItem] = field(default_factory=list)
    brought: dict[int, EvidenceItem] = field(default_factory=dict)
    unread: bool = False
    asked_side: bool = False

    @property
    def overdue(self) -> bool:
        return self.request.escalated_at is not None and self.request.is_live


@dataclass
class Inbox:
    to_us: list[RequestView]
    from_us: list[RequestView]


@dataclass(frozen=True)
class Badge:
    waiting: int  # asked of the reader's units, not yet accepted or declined
    unread: int  # requests with news for the reader's side

    @property
    def total(self) -> int:
        return self.waiting + self.unread


def _unread(request: AssistanceRequest, by: Acting) -> bool:
    if by.asked_side(request) and request.unread_by_asked:
        return True
    return by.asking_side(request) and request.unread_by_asker


def inbox(uow: UnitOfWork, by: Acting, limit: int = LIST_LIMIT) -> Inbox:
    """Requests to the reader's units and from them, newest first, unread first."""
    with uow:
        found = uow.assistance.involving(by.units, limit)
        units = {u.id: u for u in uow.units.all()}
        clues = uow.clues.get_many({r.clue_id for r in found})
        views = [
            RequestView(
                r,
                units[r.from_unit_id],
                units[r.to_unit_id],
                clues[r.clue_id],
                unread=_unread(r, by),
                asked_side=by.asked_side(r),
            )
            for r in found
        ]
    views.sort(key=lambda v: not v.unread)  # stable: newest first within each
    return Inbox([v for v in views if v.asked_side], [v for v in views if not v.asked_side])


def badge(uow: UnitOfWork, by: Acting) -> Badge:
    with uow:
        found = uow.assistance.involving(by.units, LIST_LIMIT)
    waiting = sum(1 for r in found if by.asked_side(r) and r.status is AssistanceStatus.REQUESTED)
    unread = sum(
        1
        for r in found
        if _unread(r, by) and not (by.asked_side(r) and r.status is AssistanceStatus.REQUESTED)
    )
    return Badge(waiting, unread)


def on_clue(uow: UnitOfWork, clue_id: int) -> list[RequestView]:
    """The requests made about a clue (the clue page lists them)."""
    with uow:
        found = uow.assistance.for_clue(clue_id)
        units = {u.id: u for u in uow.units.all()}
        clue = uow.clues.get(clue_id)
        if clue is None:
            return []
        return [RequestView(r, units[r.from_unit_id], units[r.to_unit_id], clue) for r in found]


def view(
    uow: UnitOfWork, request_id: int, by: Acting, clock: Callable[[], datetime]
) -> RequestView:
    """One request with its clue, attached evidence and thread. Reading it clears the
    unread notice of the reader's side (audited as a read)."""
    with uow:
        request = involved_request(uow, request_id, by)
        units = {u.id: u for u in uow.units.all()}
        clue = uow.clues.get(request.clue_id)
        assert clue is not None
        post = uow.posts.get(clue.post_id)
        answers = uow.assistance.answers(request_id)
        items = {e.id or 0: e for e in uow.evidence.for_clue(clue.id or 0)}
        unread = _unread(request, by)
        result = RequestView(
            request,
            units[request.from_unit_id],
            units[request.to_unit_id],
            clue,
            post,
            answers,
            [items[i] for i in request.evidence_ids if i in items],
            {i: items[i] for a in answers for i in a.evidence_ids if i in items},
            unread,
            by.asked_side(request),
        )
        if unread:
            if by.asked_side(request):
                request.unread_by_asked = False
            if by.asking_side(request):
                request.unread_by_asker = False
            uow.assistance.update(request)
            record(
                uow,
                actor=by.name,
                action="assistance.read",
                subject_type=SUBJECT,
                subject_id=request_id,
                at=clock(),
                unit_id=by.unit_id,
            )
            uow.commit()
        return result


@dataclass(frozen=True)
class UnitFigures:
    """Per asked unit: requests it received, those it answered, median hours to answer."""

    unit: Unit
    asked: int
    answered: int
    median_hours: float | None


def figures(
    uow: UnitOfWork, unit_ids: Sequence[int] | None, now: datetime, days: int
) -> list[UnitFigures]:
    with uow:
        found = uow.assistance.since(now - timedelta(days=days), unit_ids)
        units = {u.id: u for u in uow.units.all()}
    by_unit: dict[int, list[AssistanceRequest]] = {}
    for r in found:
        by_unit.setdefault(r.to_unit_id, []).append(r)
    rows = []
    for unit_id, requests in by_unit.items():
        hours = [
            (r.first_answer_at - r.created_at).total_seconds() / 3600
            for r in requests
            if r.first_answer_at is not None
        ]
        median = round(statistics.median(hours), 1) if hours else None
        rows.append(UnitFigures(units[unit_id], len(requests), len(hours), median))
    return sorted(rows, key=lambda f: (-f.asked, f.unit.code))
