"""Console pages of assistance between units (协查): the requests to and from the user's
units, one request with its shared thread and the forms to accept, decline, answer and
close; the clue page's panel (participants, notes, requests, the form to ask for help)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.bootstrap import Container
from netpatrol.domain.assistance import MAX_DEADLINE_HOURS, AssistanceKind
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.errors import DomainError
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal
from netpatrol.services.assistance import reads, requests
from netpatrol.services.assistance.acting import Acting, acting
from netpatrol.services.clues import notes, participants
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import back, refused, render
from netpatrol.web.deps import ContainerDep, RowId
from netpatrol.web.i18n import gettext
from netpatrol.web.labels import assistance as words

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]


def _by(principal: Principal) -> Acting:
    return acting(principal.name, principal.unit.id or 0, principal.visibility)


def badge(container: Container, principal: Principal) -> reads.Badge:
    """The count beside the nav's link: requests waiting for the user's units, and news."""
    return reads.badge(container.uow(), _by(principal))


@router.get("/assistance", response_class=HTMLResponse)
def assistance_page(
    request: Request, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    by = _by(principal)
    context = {
        "inbox": reads.inbox(container.uow(), by),
        "taking_part": participants.taking_part(container.uow(), principal.visibility),
        "assistance_badge": badge(container, principal),
        "words": words.ALL,
        "now": container.clock(),
    }
    return render(request, "assistance.html", principal, context)


@router.get("/assistance/{request_id}", response_class=HTMLResponse)
def request_page(
    request: Request, request_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    by = _by(principal)
    seen = reads.view(container.uow(), request_id, by, container.clock)
    context = {
        "r": seen,
        "may_work": principal.may(Permission.WORK),
        "assistance_badge": badge(container, principal),
        "words": words.ALL,
    }
    return render(request, "assistance_request.html", principal, context)


@router.post("/assistance", response_model=None)
def ask(
    container: ContainerDep,
    principal: PrincipalDep,
    clue_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    kind: Annotated[AssistanceKind, Form()],
    note: Text,
    units: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    deadline_hours: Annotated[int, Form(ge=1, le=MAX_DEADLINE_HOURS)] = 72,
    sharing_level: Annotated[SharingLevel, Form()] = SharingLevel.UNIT,
    evidence_ids: Annotated[list[int], Form()] = [],  # noqa: B006
) -> Response:
    page = f"/console/clues/{clue_id}"
    principal.require(Permission.WORK)
    wanted = requests.Ask(clue_id, units, kind, note, deadline_hours, sharing_level, evidence_ids)
    try:
        made = requests.ask(container.uow(), wanted, _by(principal), container.clock)
    except DomainError as exc:
        return refused(page, exc)
    return back(page, gettext("Asked {count} unit(s) for assistance.").format(count=len(made)))


def _step(request_id: int, done: str, work: Any) -> Response:
    page = f"/console/assistance/{request_id}"
    try:
        work()
    except DomainError as exc:
        return refused(page, exc)
    return back(page, done)


@router.post("/assistance/{request_id}/accept", response_model=None)
def accept(request_id: RowId, container: ContainerDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.WORK)
    return _step(
        request_id,
        gettext("Accepted."),
        lambda: requests.accept(container.uow(), request_id, _by(principal), container.clock),
    )


@router.post("/assistance/{request_id}/decline", response_model=None)
def decline(
    request_id: RowId, container: ContainerDep, principal: PrincipalDep, reason: Text = ""
) -> Response:
    principal.require(Permission.WORK)
    by = _by(principal)
    return _step(
        request_id,
        gettext("Declined."),
        lambda: requests.decline(container.uow(), request_id, reason, by, container.clock),
    )


@router.post("/assistance/{request_id}/close", response_model=None)
def close(request_id: RowId, container: ContainerDep, principal: PrincipalDep) -> Response:
    principal.require(Permission.WORK)
    return _step(
        request_id,
        gettext("Closed."),
        lambda: requests.close(container.uow(), request_id, _by(principal), container.clock),
    )


@router.post("/assistance/{request_id}/answers", response_model=None)
def answer(
    request_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    text: Text = "",
    item_title: Annotated[str, Form(max_length=200)] = "",
    item_content: Text = "",
) -> Response:
    principal.require(Permission.WORK)
    items = [requests.Item(item_title or gettext("Item"), item_content)] if item_content else []
    by = _by(principal)
    return _step(
        request_id,
        gettext("Answered."),
        lambda: requests.answer(container.uow(), request_id, text, items, by, container.clock),
    )


@router.post("/clues/{clue_id}/notes", response_model=None)
def add_note(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep, text: Text = ""
) -> Response:
    principal.require(Permission.WORK)
    page = f"/console/clues/{clue_id}"
    try:
        notes.add_note(
            container.uow(),
            clue_id,
            text,
            principal.name,
            principal.unit.id or 0,
            principal.visibility,
            container.clock,
        )
    except DomainError as exc:
        return refused(page, exc)
    return back(page, gettext("Note added."))


def clue_panel(container: Container, principal: Principal, clue_id: int) -> dict[str, Any]:
    """What the clue page shows of what units share about the clue."""
    units = participants.all_units(container.uow())
    by_id = {u.id: u for u in units}
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
        part = clue is not None and participants.takes_part(uow, principal.visibility, clue)
    owner = clue is not None and clue.unit_id in _by(principal).units
    return {
        "participants": participants.participants(container.uow(), clue_id),
        "notes": notes.notes_for(container.uow(), clue_id),
        "note_units": by_id,
        "requests_on_clue": reads.on_clue(container.uow(), clue_id),
        "may_note": part and principal.may(Permission.WORK),
        "may_ask": owner and principal.may(Permission.WORK),
        "ask_units": [
            u
            for u in units
            if (u.among_first_50 or u.parent_code is None)
            and (clue is None or u.id != clue.unit_id)
        ],
        "words": words.ALL,
        "why_taking_part": words.why_taking_part,
        "max_deadline": MAX_DEADLINE_HOURS,
    }
