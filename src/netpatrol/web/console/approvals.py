"""The approvals inbox (审批): everything that waits for a second person, from the sources
registered in `waiting`: cases, appeals (decided by a supervisor who neither took nor
approved the measure), fact-check verdicts, debunks and publications to approve, and
indicators proposed or disputed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.domain.errors import DomainError
from netpatrol.domain.measures import MeasureStatus
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import authorize_measure
from netpatrol.services.clues import queries
from netpatrol.services.matrix.access import visible
from netpatrol.services.matrix.queries import awaiting_review
from netpatrol.services.measures import appeals
from netpatrol.services.measures import graduated as measures
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console import waiting
from netpatrol.web.console.common import back, refused, render, safe_next
from netpatrol.web.deps import ContainerDep, RowId
from netpatrol.web.i18n import gettext

router = APIRouter(include_in_schema=False)


@router.get("/approvals", response_class=HTMLResponse)
def approvals_page(
    request: Request, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    pending = queries.awaiting_approval(
        container.uow(), principal.visibility, principal.name, container.clock()
    )
    indicators = awaiting_review(container.uow(), lambda i: visible(principal, i))
    found = waiting.collect(container, principal)
    context = {
        "pending": pending,
        "indicators": indicators,
        "may_approve": principal.may(Permission.APPROVE),
        "sources": [(s, len(found[s.name])) for s in waiting.SOURCES.values()],
        "waiting": found,
        "waiting_total": sum(len(items) for items in found.values()),
    }
    return render(request, "approvals.html", principal, context)


@router.post("/measures/{measure_id}/move", response_model=None)
def move_measure(
    measure_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    to: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
    answer: Annotated[str, Form(max_length=2000)] = "",
    next: Annotated[str, Form()] = "/console/approvals",
) -> Response:
    """Approve or reject a case, decide an appeal, record a platform's or agency's answer."""
    page = safe_next(next)
    try:
        status = MeasureStatus(to)
    except ValueError:
        return refused(page, gettext("Unknown state."))
    authorize_measure(container.uow(), principal, measure_id, measures.permission_for(status))
    note: dict[str, object] | None = {"answer": answer} if answer.strip() else None
    try:
        measures.advance(
            container.uow(), measure_id, status, principal.name, container.clock, reason, note
        )
    except DomainError as exc:
        return refused(page, exc)
    return back(page, gettext("Recorded."))


@router.post("/measures/{measure_id}/appeal", response_model=None)
def decide_appeal(
    measure_id: int,
    container: ContainerDep,
    principal: PrincipalDep,
    upheld: Annotated[str, Form()],
    reasons: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Uphold or dismiss an appeal, with the reasons the appellant will read."""
    authorize_measure(container.uow(), principal, measure_id, Permission.APPROVE)
    try:
        appeals.decide(
            container.uow(), measure_id, upheld == "yes", principal.name, reasons, container.clock
        )
    except DomainError as exc:
        return refused("/console/approvals", exc)
    return back("/console/approvals", gettext("The appeal is decided."))
