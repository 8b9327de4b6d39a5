"""The queue (线索队列): the clues the user may see, most urgent first, with filters,
claim / release and bulk dismissal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.bootstrap import Container
from netpatrol.domain.categories import Category
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.errors import DomainError
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.posts import Platform
from netpatrol.domain.units import Unit, UnitLevel
from netpatrol.domain.users import Permission, units_below
from netpatrol.services.accounts.users import Principal, authorize_clue
from netpatrol.services.clues import assign, queries, tabs, triage
from netpatrol.services.clues import views as saved
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.clues.tabs import OPEN, Tab
from netpatrol.services.measures import graduated as measures
from netpatrol.services.ports import UnitOfWork
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console import assistance
from netpatrol.web.console.common import back, refused, render
from netpatrol.web.deps import ContainerDep, Offset, RowId, RowIdItem
from netpatrol.web.i18n import gettext, in_reader_language

router = APIRouter(include_in_schema=False)
E = TypeVar("E", bound=StrEnum)
PAGE = 100


def _choice(kind: type[E], value: str) -> E | None:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


@router.get("", response_class=HTMLResponse)
def queue_page(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    tab: str = "",
    unit: str = "",
    status: str = "",
    category: str = "",
    platform: str = "",
    assignee: str = "",
    offset: Offset = 0,
) -> HTMLResponse:
    units = _units_for(container, principal)
    chosen = _choice(ClueStatus, status)
    unit_code = unit if any(u.code == unit for u in units) else None
    base = ClueQuery(
        visibility=principal.visibility,
        statuses=None if chosen else OPEN,
        status=chosen,
        category=_choice(Category, category),
        platform=platform if _choice(Platform, platform) else None,
    )
    counts = tabs.counts(container.uow(), principal.name, base)
    shown = _choice(Tab, "mine" if assignee == "me" else tab) or (
        Tab.MINE if counts[Tab.MINE] else Tab.UNIT
    )
    views = queries.clue_queue(
        container.uow(),
        unit_code,
        None,
        PAGE,
        offset,
        principal.name,
        container.clock(),
        tabs.narrowed(shown, principal.name, base),
    )
    own = principal.visibility.own
    filters = {
        "unit": unit_code or "",
        "status": chosen.value if chosen else "",
        "category": base.category.value if base.category else "",
        "platform": base.platform or "",
    }
    kept = {k: v for k, v in filters.items() if v}  # a tab's counts and link keep the filters
    context = {
        "views": views,
        "units": units,
        "now": container.clock(),
        "tab": shown.value,
        "counts": {t.value: n for t, n in counts.items()},
        "saved": saved.list_views(container.uow(), principal.name),
        "colleagues": assign.colleagues(container.uow(), own)
        if principal.may(Permission.WORK)
        else [],
        "filters": filters,
        "tab_links": {t.value: urlencode({**kept, "tab": t.value}) for t in Tab},
        "offset": offset,
        "page": PAGE,
        "assistance_badge": assistance.badge(container, principal),
    }
    return render(request, "queue.html", principal, context)


def _units_for(container: Container, principal: Principal) -> list[Unit]:
    every = queries.list_units(container.uow())
    mine = units_below(principal.unit, every)
    return [u for u in mine if u.among_first_50 or u.level is not UnitLevel.CITY]


@router.post("/clues/{clue_id}/claim", response_class=HTMLResponse)
def claim(
    request: Request, clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> Response:
    return _row_after(request, container, principal, clue_id, triage.claim)


@router.post("/clues/{clue_id}/release", response_class=HTMLResponse)
def release(
    request: Request, clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> Response:
    return _row_after(request, container, principal, clue_id, triage.release)


def _row_after(
    request: Request,
    container: Container,
    principal: Principal,
    clue_id: RowId,
    action: Callable[[UnitOfWork, int, str, Callable[[], datetime]], Clue],
) -> Response:
    """Claim or release, then answer htmx with the row as it is now (or the clue page)."""
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    error = ""
    try:
        action(container.uow(), clue_id, principal.name, container.clock)
    except DomainError as exc:
        error = in_reader_language(exc)
    if request.headers.get("HX-Request"):
        view = queries.clue_detail(container.uow(), clue_id)
        context = {"v": view, "now": container.clock(), "error": error}
        return render(request, "_clue_row.html", principal, context)
    page = f"/console/clues/{clue_id}"
    return refused(page, error) if error else back(page, gettext("Done."))


@router.post("/dismiss", response_model=None)
def bulk_dismiss(
    container: ContainerDep,
    principal: PrincipalDep,
    clue_ids: Annotated[list[RowIdItem], Form(max_length=500)] = [],  # noqa: B006 - FastAPI copies defaults
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Dismiss the ticked clues with one reason (a dismissal cites no law: it found nothing
    unlawful); each is checked and recorded on its own."""
    if not clue_ids:
        return refused("/console", gettext("Tick the clues to dismiss first."))
    if not reason.strip():
        return refused("/console", gettext("A dismissal needs its reason."))
    done, refusals = 0, []
    for clue_id in clue_ids:
        try:
            authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
            request = measures.MeasureRequest(
                clue_id, MeasureKind.DISMISSAL, principal.name, [], reason
            )
            measures.open_measure(container.uow(), request, container.catalogue, container.clock)
            done += 1
        except DomainError as exc:
            refusals.append(f"#{clue_id}: {in_reader_language(exc)}")
    notice = gettext("Dismissed {done} clue(s).").format(done=done)
    if refusals:
        items = "; ".join(refusals)
        return refused("/console", notice + " " + gettext("Refused: {items}").format(items=items))
    return back("/console", notice)
