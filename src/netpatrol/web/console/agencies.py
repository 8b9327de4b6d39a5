"""The partner-agency directory's page (联动单位名录): every entry a unit may refer to, with
edits and additions by the unit admin who owns the entry (the province's, or the national
desk's for a national one), through the same audited service as the API and the CLI."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.domain.agencies import Agency, AgencyKind, Channel
from netpatrol.domain.errors import DomainError
from netpatrol.domain.units import Unit, UnitLevel
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal
from netpatrol.services.agencies import directory
from netpatrol.services.clues.queries import list_units
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import back, refused, render
from netpatrol.web.deps import ContainerDep
from netpatrol.web.i18n import gettext

router = APIRouter(include_in_schema=False)
PAGE = "/console/agencies"
MINE = "mine"  # the province filter's default: what the reader's unit may refer to


@router.get("/agencies", response_class=HTMLResponse)
def agencies_page(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    kind: Annotated[str, Query(max_length=32)] = "",
    province: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str, Query(max_length=64)] = "",
    missing: Annotated[str, Query(max_length=3)] = "",
) -> HTMLResponse:
    principal.require(Permission.READ)
    units = list_units(container.uow())
    provinces = {u.code: u for u in units if u.level is UnitLevel.PROVINCE}
    # by default a unit sees what it may refer to: national entries and its province's
    scoped = province in (None, MINE) and principal.unit.level is not UnitLevel.NATIONAL
    if province == MINE:
        province = None
    listed = (
        directory.list_agencies(container.uow(), principal.unit.code)
        if scoped
        else directory.list_agencies(container.uow())
    )
    entries = [
        a
        for a in listed
        if (not kind or a.kind.value == kind)
        and (not province or (a.province or directory.NATIONAL) == province)
        and (not q or q.strip().lower() in f"{a.name} {a.code} {a.address}".lower())
        and (missing != "yes" or not a.address)
    ]
    context = {
        "entries": entries,
        "provinces": provinces,
        "editable": {a.code for a in entries if _may_edit(principal, units, a)},
        "may_add": principal.may(Permission.ADMINISTER),
        "add_provinces": [
            code for code in (directory.NATIONAL, *provinces) if _owns(principal, units, code)
        ],
        "filters": {
            "kind": kind,
            "province": MINE if scoped else province or "",
            "q": q,
            "missing": missing,
        },
        "mine": MINE if principal.unit.level is not UnitLevel.NATIONAL else "",
        "kinds": [k.value for k in AgencyKind],
        "channels": [c.value for c in Channel],
        "national": directory.NATIONAL,
    }
    return render(request, "agencies.html", principal, context)


@router.post("/agencies", response_model=None)
def save_entry(
    container: ContainerDep,
    principal: PrincipalDep,
    code: Annotated[str, Form(max_length=48)],
    name: Annotated[str, Form(max_length=128)],
    kind: Annotated[str, Form(max_length=32)],
    channel: Annotated[str, Form(max_length=16)],
    province: Annotated[str, Form(max_length=16)] = "",
    address: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    """Edit an entry or add one; the owning unit's admin only."""
    principal.require(Permission.ADMINISTER)
    if kind not in set(AgencyKind) or channel not in set(Channel):
        return refused(PAGE, gettext("Choose a kind and a channel from the lists."))
    where = None if province in ("", directory.NATIONAL) else province
    units = list_units(container.uow())
    if not _owns(principal, units, directory.owning_unit(container.uow(), code.strip(), where)):
        return refused(PAGE, gettext("Only the admin of the unit that owns this entry edits it."))
    agency = Agency(
        code.strip(), name.strip(), AgencyKind(kind), where, Channel(channel), address.strip()
    )
    try:
        added = directory.set_entry(container.uow(), agency, principal.name, container.clock)
    except DomainError as exc:
        return refused(PAGE, exc)
    said = gettext("{name} is added.") if added else gettext("{name} is saved.")
    return back(f"{PAGE}#agency-{agency.code}", said.format(name=agency.name))


def _owns(principal: Principal, units: list[Unit], code: str) -> bool:
    if not principal.may(Permission.ADMINISTER):
        return False
    unit = next((u for u in units if u.code == code), None)
    return unit is not None and unit.id is not None and principal.owns(unit.id)


def _may_edit(principal: Principal, units: list[Unit], agency: Agency) -> bool:
    return _owns(principal, units, agency.province or directory.NATIONAL)
