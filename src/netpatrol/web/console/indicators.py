"""The indicator store's page (共享线索库): the list with its filters, proposing, a second
person's confirmation or rejection, edits, renewal, removal and false-positive reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.domain.errors import DomainError
from netpatrol.domain.indicators import KnownIndicator, ReportSource, ReviewState
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal, authorize_unit
from netpatrol.services.matrix import indicators as store
from netpatrol.services.matrix import queries
from netpatrol.services.matrix.access import (
    authorize_indicator,
    authorize_sources,
    removal_permission,
    visible,
)
from netpatrol.services.ports import Conflict
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import back, refused, render
from netpatrol.web.deps import ContainerDep, RowId
from netpatrol.web.i18n import gettext
from netpatrol.web.labels import indicators as indicator_labels

router = APIRouter(include_in_schema=False)
PAGE = "/console/indicators"
MAX_ROWS = 500


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    review: Annotated[str, Query(max_length=16)] = "",
    kind: Annotated[str, Query(max_length=16)] = "",
    sharing: Annotated[str, Query(max_length=16)] = "",
    q: Annotated[str, Query(max_length=256)] = "",
    expired: Annotated[str, Query(max_length=3)] = "",
) -> HTMLResponse:
    principal.require(Permission.READ)
    now = container.clock()
    state = ReviewState(review) if review in set(ReviewState) else None
    lapsed = {"yes": True, "no": False}.get(expired)
    wanted = queries.IndicatorFilter(state, kind, sharing, q, lapsed)
    sees = _sees(principal)
    found = queries.find_indicators(container.uow(), wanted, sees, now)
    disputed = [
        (i, reports) for i, reports in queries.awaiting_review(container.uow(), sees) if reports
    ]
    context = {
        "indicators": found[:MAX_ROWS],
        "more": max(0, len(found) - MAX_ROWS),
        "disputed": disputed,
        "filters": {"review": review, "kind": kind, "sharing": sharing, "q": q, "expired": expired},
        "ilabels": indicator_labels.ALL,
        "now": now,
        "may_approve": principal.may(Permission.APPROVE),
        "may_work": principal.may(Permission.WORK),
        "unit_code": principal.unit.code,
    }
    return render(request, "indicators.html", principal, context)


@router.post("/indicators", response_model=None)
def propose(
    container: ContainerDep,
    principal: PrincipalDep,
    kind: Annotated[str, Form(max_length=16)],
    value: Annotated[str, Form(max_length=256)],
    category: Annotated[str, Form(max_length=32)] = "fraud",
    sharing: Annotated[str, Form(max_length=16)] = "unit",
    note: Annotated[str, Form(max_length=2000)] = "",
    unit: Annotated[str, Form(max_length=16)] = "",
    clue: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    principal.require(Permission.WORK)
    code = unit or principal.unit.code
    try:
        if code != principal.unit.code:
            authorize_unit(container.uow(), principal, code)
        source = int(clue) if clue.strip().isdigit() and len(clue.strip()) < 10 else None
        authorize_sources(container.uow(), principal, source, None)
        proposal = store.Proposal(
            kind, value, category, code, sharing, principal.name, note, source
        )
        added = store.propose_indicator(container.uow(), proposal, container.clock)
    except (DomainError, Conflict) as exc:
        return refused(PAGE, exc if isinstance(exc, DomainError) else str(exc))
    notice = gettext("{value} is proposed: a supervisor confirms it before it is used.")
    return back(PAGE, notice.format(value=added.value))


@router.post("/indicators/{indicator_id}/decide", response_model=None)
def decide(
    indicator_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    to: Annotated[str, Form(max_length=16)],
    reason: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=200)] = PAGE,
) -> Response:
    """Confirm or reject (a supervisor or unit admin who did not propose it)."""
    page = next if next in (PAGE, "/console/approvals") else PAGE
    authorize_indicator(container.uow(), principal, indicator_id, Permission.APPROVE)
    try:
        decided = store.decide_indicator(
            container.uow(),
            indicator_id,
            principal.name,
            to == "confirmed",
            container.indicator_expiry(),
            container.clock,
            reason,
        )
    except DomainError as exc:
        return refused(page, exc)
    said = indicator_labels.REVIEW_STATES[decided.review.value]
    return back(page, gettext("{value}: {state}.").format(value=decided.value, state=gettext(said)))


@router.post("/indicators/{indicator_id}/edit", response_model=None)
def edit(
    indicator_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    category: Annotated[str, Form(max_length=32)] = "",
    sharing: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    authorize_indicator(container.uow(), principal, indicator_id, Permission.WORK)
    return _act(
        lambda: store.edit_indicator(
            container.uow(),
            indicator_id,
            principal.name,
            container.clock,
            category=category or None,
            sharing=sharing or None,
            note=note,
        ),
        gettext("Saved."),
    )


@router.post("/indicators/{indicator_id}/renew", response_model=None)
def renew(indicator_id: RowId, container: ContainerDep, principal: PrincipalDep) -> Response:
    authorize_indicator(container.uow(), principal, indicator_id, Permission.APPROVE)
    return _act(
        lambda: store.renew_indicator(
            container.uow(),
            indicator_id,
            principal.name,
            container.indicator_expiry(),
            container.clock,
        ),
        gettext("Renewed for another term."),
    )


@router.post("/indicators/{indicator_id}/remove", response_model=None)
def remove(
    indicator_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    found = authorize_indicator(container.uow(), principal, indicator_id, Permission.READ)
    authorize_indicator(
        container.uow(), principal, indicator_id, removal_permission(principal, found)
    )
    return _act(
        lambda: store.remove_indicator(
            container.uow(), indicator_id, principal.name, reason, container.clock
        ),
        gettext("Removed."),
    )


@router.post("/indicators/{indicator_id}/false-positive", response_model=None)
def report_false_positive(
    indicator_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    authorize_indicator(container.uow(), principal, indicator_id, Permission.READ)
    principal.require(Permission.WORK)
    try:
        store.report_false_positive(
            container.uow(),
            indicator_id,
            ReportSource.OFFICER,
            principal.name,
            reason,
            container.clock,
        )
    except DomainError as exc:
        return refused(PAGE, exc)
    return back(PAGE, gettext("Reported: it is under review and not used meanwhile."))


def _act(change: Callable[[], KnownIndicator], notice: str) -> Response:
    try:
        change()
    except DomainError as exc:
        return refused(PAGE, exc)
    return back(PAGE, notice)


def _sees(principal: Principal) -> Callable[[KnownIndicator], bool]:
    return lambda i: visible(principal, i)
