"""Public reports on the console: opening a reporter's sealed contact, for the roles that
need it, each opening audited."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from netpatrol.domain.errors import PermissionDenied
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import authorize_clue, missing_as
from netpatrol.services.public import report_access
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import render
from netpatrol.web.deps import ContainerDep, RowId

router = APIRouter(include_in_schema=False)


@router.post("/reports/{report_id}/contact", response_class=HTMLResponse)
def open_contact(
    request: Request, report_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    principal.require(Permission.CONTACT)
    with missing_as("report", report_id, PermissionDenied):
        clue_id = report_access.clue_of_report(container.uow(), report_id)
        authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    _, contact = report_access.reveal_contact(
        container.uow(), report_id, principal.name, container.sealer(), container.clock
    )
    return render(request, "_contact.html", principal, {"contact": contact})
