"""API routes of the shared indicator store, on behalf of the signed-in user."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.indicators import ReportSource, ReviewState
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal, authorize_unit
from netpatrol.services.matrix import exchange, queries
from netpatrol.services.matrix import indicators as store
from netpatrol.services.matrix.access import (
    authorize_indicator,
    authorize_sources,
    removal_permission,
    visible,
)
from netpatrol.web.api.errors import body_kinds
from netpatrol.web.api.indicators import schemas
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.deps import ContainerDep, RowId

router = APIRouter(tags=["indicators"])
Format = Literal["csv", "stix"]
_EXPORT: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/stix+json": {"schema": {"type": "object"}},
        }
    }
}


def _unit(container: ContainerDep, principal: Principal, code: str) -> str:
    """The user's own unit, or one they administer."""
    unit = code or principal.unit.code
    if unit != principal.unit.code:
        authorize_unit(container.uow(), principal, unit)
    return unit


@router.get("/indicators")
def list_indicators(
    container: ContainerDep,
    principal: PrincipalDep,
    review: ReviewState | None = None,
    kind: Annotated[str, Query(max_length=16)] = "",
    sharing_level: Annotated[str, Query(max_length=16)] = "",
    q: Annotated[str, Query(max_length=256, description="part of the value")] = "",
    expired: bool | None = None,
) -> list[schemas.IndicatorPublic]:
    """The indicators the user may see (their units' own, and those shared with them),
    newest first; removed ones only with `review=removed`."""
    now = container.clock()
    wanted = queries.IndicatorFilter(review, kind, sharing_level, q, expired)
    found = queries.find_indicators(container.uow(), wanted, lambda i: visible(principal, i), now)
    return [schemas.indicator_public(i, now) for i in found]


@router.post("/indicators", status_code=201)
def propose(
    body: schemas.IndicatorCreate, container: ContainerDep, principal: PrincipalDep
) -> schemas.IndicatorPublic:
    """Propose a known scam number, domain or account (stored in canonical form). It
    answers `"review": "proposed"`: nothing matches it, and the public lookup does not
    show it, until a second person with the supervisor or unit admin role confirms it.
    A value the unit already holds is a 409."""
    principal.require(Permission.WORK)
    authorize_sources(container.uow(), principal, body.source_clue_id, body.source_report_id)
    proposal = store.Proposal(
        body.kind,
        body.value,
        body.category,
        _unit(container, principal, body.unit),
        body.sharing_level,
        principal.name,
        body.note,
        body.source_clue_id,
        body.source_report_id,
    )
    added = store.propose_indicator(container.uow(), proposal, container.clock)
    return schemas.indicator_public(added, container.clock())


@router.get("/indicator-reports")
def open_false_positives(
    container: ContainerDep, principal: PrincipalDep
) -> list[schemas.ReportPublic]:
    """Open false-positive reports on indicators the user sees, oldest first."""
    principal.require(Permission.READ)
    pending = queries.awaiting_review(container.uow(), lambda i: visible(principal, i))
    return [schemas.report_public(r) for _, reports in pending for r in reports]


@router.get("/indicator-exports", responses=_EXPORT)
def export(
    container: ContainerDep,
    principal: PrincipalDep,
    format: Format = "csv",
    review: ReviewState | None = ReviewState.CONFIRMED,
) -> Response:
    """The indicators the user sees, as CSV or a STIX 2.1 bundle (confirmed ones unless
    `review` says otherwise)."""
    principal.require(Permission.READ)
    now = container.clock()
    wanted = queries.IndicatorFilter(review=review)
    found = queries.find_indicators(container.uow(), wanted, lambda i: visible(principal, i), now)
    if format == "stix":
        return Response(exchange.export_stix(found), media_type="application/stix+json")
    codes = store.unit_codes(container.uow())
    return Response(
        exchange.export_csv(found, codes),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="indicators.csv"'},
    )


@router.post(
    "/indicator-imports",
    status_code=201,
    openapi_extra=body_kinds(
        {
            "text/csv": {"type": "string", "description": "header: kind,value[,category,...]"},
            "application/stix+json": {"type": "object", "description": "a STIX 2.1 bundle"},
        }
    ),
)
async def import_indicators(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    format: Format = "csv",
    unit: Annotated[str, Query(max_length=16)] = "",
) -> schemas.ImportAnswer:
    """Propose every good row of a CSV file or a STIX 2.1 bundle in one go (each still
    waits for a second person); bad rows come back in `errors` with their row number and
    reason, and none of them is stored."""
    principal.require(Permission.WORK)
    code = _unit(container, principal, unit)
    try:
        text = (await request.body()).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleViolation("the file is not UTF-8 text") from None
    reader = exchange.read_stix if format == "stix" else exchange.read_csv
    rows = await run_in_threadpool(reader, text)
    report = await run_in_threadpool(
        exchange.import_rows, container.uow(), rows, code, principal.name, container.clock
    )
    now = container.clock()
    return schemas.ImportAnswer(
        added=[schemas.indicator_public(i, now) for i in report.added],
        errors=[{"row": n, "reason": why} for n, why in report.errors],
    )


@router.get("/indicators/{indicator_id}")
def get_indicator(
    indicator_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.IndicatorPublic:
    found = authorize_indicator(container.uow(), principal, indicator_id, Permission.READ)
    return schemas.indicator_public(found, container.clock())


@router.patch("/indicators/{indicator_id}")
def edit(
    indicator_id: RowId,
    body: schemas.IndicatorEdit,
    container: ContainerDep,
    principal: PrincipalDep,
) -> schemas.IndicatorPublic:
    """Change the category, sharing level or note; a new category or sharing level sends a
    confirmed indicator back to `proposed`."""
    authorize_indicator(container.uow(), principal, indicator_id, Permission.WORK)
    changed = store.edit_indicator(
        container.uow(),
        indicator_id,
        principal.name,
        container.clock,
        category=body.category,
        sharing=body.sharing_level,
        note=body.note,
    )
    return schemas.indicator_public(changed, container.clock())


@router.post("/indicators/{indicator_id}/confirm")
def confirm(
    indicator_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    body: schemas.Decision | None = None,
) -> schemas.IndicatorPublic:
    """A second person (supervisor or unit admin) confirms it: from now it is matched, and
    shown by the public lookup when shared nationally, for the policy's term. Its proposer
    is refused with a 403 naming the rule `four_eyes`."""
    return _decide(indicator_id, container, principal, True, body)


@router.post("/indicators/{indicator_id}/reject")
def reject(
    indicator_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    body: schemas.Decision | None = None,
) -> schemas.IndicatorPublic:
    """A second person rejects a proposed or disputed indicator."""
    return _decide(indicator_id, container, principal, False, body)


@router.post("/indicators/{indicator_id}/renew")
def renew(
    indicator_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.IndicatorPublic:
    """Another term from now for a confirmed indicator (an expired one comes back)."""
    authorize_indicator(container.uow(), principal, indicator_id, Permission.APPROVE)
    renewed = store.renew_indicator(
        container.uow(), indicator_id, principal.name, container.indicator_expiry(), container.clock
    )
    return schemas.indicator_public(renewed, container.clock())


@router.post("/indicators/{indicator_id}/remove")
def remove(
    indicator_id: RowId, body: schemas.Removal, container: ContainerDep, principal: PrincipalDep
) -> schemas.IndicatorPublic:
    """Take it out for good, with the reason (kept for the audit trail). A proposer may
    withdraw their own proposal; anything else needs a supervisor or unit admin."""
    found = authorize_indicator(container.uow(), principal, indicator_id, Permission.READ)
    authorize_indicator(
        container.uow(), principal, indicator_id, removal_permission(principal, found)
    )
    removed = store.remove_indicator(
        container.uow(), indicator_id, principal.name, body.reason, container.clock
    )
    return schemas.indicator_public(removed, container.clock())


@router.post("/indicators/{indicator_id}/false-positives", status_code=201)
def report_false_positive(
    indicator_id: RowId,
    body: schemas.FalsePositiveCreate,
    container: ContainerDep,
    principal: PrincipalDep,
) -> schemas.ReportPublic:
    """An officer says it is no scam: a confirmed indicator goes under review (out of
    matching and the lookup) until a second person confirms or rejects it again."""
    authorize_indicator(container.uow(), principal, indicator_id, Permission.READ)
    principal.require(Permission.WORK)
    report = store.report_false_positive(
        container.uow(),
        indicator_id,
        ReportSource.OFFICER,
        principal.name,
        body.reason,
        container.clock,
    )
    return schemas.report_public(report)


def _decide(
    indicator_id: int,
    container: ContainerDep,
    principal: Principal,
    confirm: bool,
    body: schemas.Decision | None,
) -> schemas.IndicatorPublic:
    authorize_indicator(container.uow(), principal, indicator_id, Permission.APPROVE)
    decided = store.decide_indicator(
        container.uow(),
        indicator_id,
        principal.name,
        confirm,
        container.indicator_expiry(),
        container.clock,
        body.reason if body else "",
    )
    return schemas.indicator_public(decided, container.clock())
