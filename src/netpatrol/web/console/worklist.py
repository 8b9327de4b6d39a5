"""Working many clues at once from the queue (claim, assign, escalate, dismiss), assigning
one to a colleague, and saved views. Each clue is checked and recorded on its own; the
refusals come back in a red banner in the reader's language."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form
from fastapi.responses import Response

from netpatrol.bootstrap import Container
from netpatrol.domain.errors import DomainError
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal, authorize_clue
from netpatrol.services.clues import assign, triage
from netpatrol.services.clues import views as saved
from netpatrol.services.measures import graduated as measures
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import back, refused, safe_next
from netpatrol.web.deps import ContainerDep, RowId, RowIdItem
from netpatrol.web.i18n import gettext, in_reader_language

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]
Name = Annotated[str, Form(max_length=64)]
ACTIONS = ("claim", "assign", "escalate", "dismiss")


def _one(
    container: Container, principal: Principal, clue_id: int, action: str, who: str, why: str
) -> None:
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    if action == "claim":
        triage.claim(container.uow(), clue_id, principal.name, container.clock)
    elif action == "assign":
        assign.assign(container.uow(), clue_id, who, principal.name, container.clock)
    elif action == "escalate":
        triage.reassign(container.uow(), clue_id, None, principal.name, why, container.clock)
    else:
        request = measures.MeasureRequest(clue_id, MeasureKind.DISMISSAL, principal.name, [], why)
        measures.open_measure(container.uow(), request, container.catalogue, container.clock)


@router.post("/bulk", response_model=None)
def bulk(
    container: ContainerDep,
    principal: PrincipalDep,
    clue_ids: Annotated[list[RowIdItem], Form(max_length=500)] = [],  # noqa: B006 - FastAPI copies defaults
    action: Name = "",
    assignee: Name = "",
    reason: Text = "",
    back_to: Annotated[str, Form(alias="back", max_length=500)] = "/console",
) -> Response:
    """Apply one action to the ticked clues; what is refused is said clue by clue."""
    page = safe_next(back_to)
    missing = (
        gettext("Choose what to do with the ticked clues.")
        if action not in ACTIONS
        else gettext("Tick the clues first.")
        if not clue_ids
        else gettext("Choose the colleague to assign them to.")
        if action == "assign" and not assignee
        else gettext("Escalating or dismissing needs its reason.")
        if action in ("escalate", "dismiss") and not reason.strip()
        else ""
    )
    if missing:
        return refused(page, missing)
    done, refusals = 0, []
    for clue_id in clue_ids:
        try:
            _one(container, principal, clue_id, action, assignee, reason)
            done += 1
        except DomainError as exc:
            refusals.append(f"#{clue_id}: {in_reader_language(exc)}")
    notice = gettext("Done for {done} of {total} clue(s).").format(done=done, total=len(clue_ids))
    if refusals:
        items = "; ".join(refusals)
        return refused(page, notice + " " + gettext("Refused: {items}").format(items=items))
    return back(page, notice)


@router.post("/clues/{clue_id}/assign", response_model=None)
def assign_one(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep, assignee: Name = ""
) -> Response:
    page = f"/console/clues/{clue_id}"
    try:
        authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
        assign.assign(container.uow(), clue_id, assignee, principal.name, container.clock)
    except DomainError as exc:
        return refused(page, exc)
    return back(page, gettext("Assigned to {who}.").format(who=assignee))


@router.post("/views", response_model=None)
def save_view(
    container: ContainerDep,
    principal: PrincipalDep,
    name: Name = "",
    tab: Name = "",
    unit: Name = "",
    status: Name = "",
    category: Name = "",
    platform: Name = "",
) -> Response:
    filters = {"tab": tab, "unit": unit, "status": status, "category": category}
    filters["platform"] = platform
    try:
        view = saved.save_view(container.uow(), principal.name, name, filters, container.clock)
    except DomainError as exc:
        return refused("/console", exc)
    notice = gettext("View {name} saved.").format(name=view.name)
    return back(f"/console?{urlencode(view.filters)}", notice)


@router.post("/views/{view_id}/delete", response_model=None)
def delete_view(view_id: RowId, container: ContainerDep, principal: PrincipalDep) -> Response:
    try:
        saved.delete_view(container.uow(), principal.name, view_id, container.clock)
    except DomainError as exc:
        return refused("/console", exc)
    return back("/console", gettext("View deleted."))
