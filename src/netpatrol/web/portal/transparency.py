"""The public transparency report (透明度报告): one month, per unit, in the visitor's
language; the same figures as GET /api/v1/transparency."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from netpatrol.domain.errors import RuleViolation
from netpatrol.services.oversight.monthly import monthly_report
from netpatrol.web.api.transparency import current_period
from netpatrol.web.deps import ContainerDep
from netpatrol.web.i18n import N_
from netpatrol.web.portal.common import render

router = APIRouter(include_in_schema=False)
APPEAL_OUTCOMES = {
    "upheld": N_("Upheld: the measure was withdrawn"),
    "rejected": N_("Not upheld"),
    "pending": N_("Still open"),
}


@router.get("/transparency", response_class=HTMLResponse)
def transparency_page(
    request: Request,
    container: ContainerDep,
    period: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    chosen = period or current_period(container.clock())
    try:
        report = monthly_report(container.uow(), chosen, container.clock)
    except RuleViolation:
        refused = {"period": chosen, "error": True, "report": None}
        return render(request, "transparency.html", refused, 422)
    context = {"period": chosen, "report": report, "appeal_outcomes": APPEAL_OUTCOMES}
    return render(request, "transparency.html", context)
