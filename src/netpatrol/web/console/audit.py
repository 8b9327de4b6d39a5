"""The audit log (审计日志) for auditors: every change and every read of personal data, for
their units, newest first, and a check of the whole hash chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from netpatrol.domain.users import Permission
from netpatrol.services.oversight.audit import AUDIT_PAGE, audit_trail
from netpatrol.services.oversight.checkpoints import latest_checkpoint, verify_chain
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import render
from netpatrol.web.deps import ContainerDep, Offset

router = APIRouter(include_in_schema=False)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    action: Annotated[str, Query(max_length=64)] = "",
    actor: Annotated[str, Query(max_length=64)] = "",
    before: Offset = 0,
    verify: bool = False,
) -> HTMLResponse:
    principal.require(Permission.AUDIT)
    own = principal.visibility.own
    units = sorted(own) if own is not None else None
    entries = audit_trail(container.uow(), units, action, actor, before, AUDIT_PAGE)
    chain = verify_chain(container.uow(), container.audit_keys) if verify else None
    context = {
        "entries": entries,
        "filters": {"action": action, "actor": actor},
        "next_before": entries[-1].seq if len(entries) == AUDIT_PAGE else None,
        "chain": chain,
        "checkpoint": latest_checkpoint(container.uow()),
    }
    return render(request, "audit.html", principal, context)
