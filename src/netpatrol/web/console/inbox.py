"""The accounts' inbox on the console (私信): per unit and account, unread first; a
thread per netizen with the answers given; assign, answer with a template, mark handled,
make a public report, attach to a clue."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.domain.categories import BENIGN, Category
from netpatrol.domain.errors import DomainError
from netpatrol.domain.inbox import Cursor, InboxQuery, InboxStatus
from netpatrol.services.inbox import work
from netpatrol.services.inbox.reporting import report_message
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import back, refused, render
from netpatrol.web.deps import ContainerDep, RowId
from netpatrol.web.i18n import gettext

router = APIRouter(include_in_schema=False)
PAGE = 30


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    unit: Annotated[str, Query(max_length=12)] = "",
    account: Annotated[str, Query(max_length=128)] = "",
    status: Annotated[str, Query(max_length=8)] = "",
    after: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    own = principal.visibility.own
    units = [
        u
        for u in work.units(container.uow())
        if u.id is not None and (own is None or u.id in own) and u.channel_accounts
    ]
    chosen = next((u for u in units if u.code == unit), None)
    accounts = sorted(chosen.channel_accounts.items()) if chosen else []
    if account not in {a for _, a in accounts}:
        account = ""
    query = InboxQuery(
        frozenset({chosen.id or 0}) if chosen else None,
        account=account,
        status=InboxStatus(status) if status in ("unread", "handled") else None,
        after=Cursor.parse(after),
        limit=PAGE,
    )
    page = work.listing(container.uow(), principal, query, own)
    filters = {"unit": unit if chosen else "", "account": account, "status": status}
    more = urlencode({**filters, "after": page.next_after}) if page.next_after else ""
    context = {
        "page": page,
        "units": units,
        "chosen": chosen,
        "accounts": accounts,
        "filters": filters,
        "more": more,
        "unit_names": {u.id: u.name for u in units},
    }
    return render(request, "inbox.html", principal, context)


@router.get("/inbox/{message_id}", response_class=HTMLResponse)
def thread_page(
    request: Request, message_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    message, thread = work.thread_of(container.uow(), principal, message_id)
    context = {
        "message": message,
        "thread": thread,
        "templates": work.templates(),
        "assignees": work.assignees(container.uow(), message.unit_id),
        "categories": [c.value for c in Category if c not in BENIGN],
    }
    return render(request, "inbox_thread.html", principal, context)


def _at(message_id: int) -> str:
    return f"/console/inbox/{message_id}"


@router.post("/inbox/{message_id}/reply", response_model=None)
def reply(
    message_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    template: Annotated[str, Form(max_length=32)] = "",
    text: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        work.reply(
            container.uow(),
            principal,
            message_id,
            container.connectors(),
            container.clock,
            template,
            text,
        )
    except DomainError as exc:
        return refused(_at(message_id), exc)
    return back(_at(message_id), gettext("The answer was sent from the account."))


@router.post("/inbox/{message_id}/assign", response_model=None)
def assign(
    message_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    assignee: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        work.assign(container.uow(), principal, message_id, assignee, container.clock)
    except DomainError as exc:
        return refused(_at(message_id), exc)
    return back(_at(message_id), gettext("Assigned."))


@router.post("/inbox/{message_id}/handled", response_model=None)
def handled(message_id: RowId, container: ContainerDep, principal: PrincipalDep) -> Response:
    try:
        work.mark_handled(container.uow(), principal, message_id, container.clock)
    except DomainError as exc:
        return refused(_at(message_id), exc)
    return back(_at(message_id), gettext("Marked handled."))


@router.post("/inbox/{message_id}/report", response_model=None)
def report(
    message_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    category: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    try:
        made = report_message(
            container.uow,
            principal,
            message_id,
            category,
            container.detection(),
            container.triage,
            container.sealer(),
            container.clock,
        )
    except DomainError as exc:
        return refused(_at(message_id), exc)
    notice = gettext("Reported: receipt %(code)s, clue #%(clue)s (send the netizen the receipt).")
    return back(_at(message_id), notice % {"code": made.receipt, "clue": made.clue_id})


@router.post("/inbox/{message_id}/attach", response_model=None)
def attach(
    message_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    clue_id: Annotated[int, Form(ge=1, le=2**53)],
) -> Response:
    try:
        work.attach(container.uow(), principal, message_id, clue_id, container.clock)
    except DomainError as exc:
        return refused(_at(message_id), exc)
    return back(_at(message_id), gettext("Attached to the clue."))
