"""Account administration (账号管理) and the legal catalogue (法律依据) in the console, for
unit admins (their unit and those below) and the national desk (every unit): the same
services as `netpatrol user` and `netpatrol legal`; others get the 403 page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.domain.categories import Category
from netpatrol.domain.errors import DomainError, PermissionDenied
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.users import Permission, Role
from netpatrol.services.accounts import admin
from netpatrol.services.accounts.users import authorize_unit
from netpatrol.services.clues import queries
from netpatrol.services.measures import legal
from netpatrol.services.ports import Conflict
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import back, refused, render
from netpatrol.web.deps import ContainerDep
from netpatrol.web.i18n import gettext

router = APIRouter(include_in_schema=False)
Username = Annotated[str, Path(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")]
Text = Annotated[str, Form(max_length=500)]
PAGE = "/console/accounts"


def _role(raw: str) -> Role | None:
    try:
        return Role(raw)
    except ValueError:
        return None


@router.get("/accounts", response_class=HTMLResponse)
def accounts_page(
    request: Request, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    listed = admin.accounts_for(container.uow(), principal)
    units = [
        u for u in queries.list_units(container.uow()) if u.id is not None and principal.owns(u.id)
    ]
    context = {"accounts": listed, "units": units, "roles": admin.grantable(principal)}
    return render(request, "accounts.html", principal, context)


@router.post("/accounts", response_model=None)
def create_account(
    container: ContainerDep,
    principal: PrincipalDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    role: Annotated[str, Form(max_length=32)],
    unit: Annotated[str, Form(max_length=16)],
    name: Text = "",
) -> Response:
    chosen = _role(role)
    if chosen is None:
        return refused(PAGE, gettext("Unknown role."))
    try:
        admin.create(
            container.uow(),
            principal,
            username=username.strip(),
            password=password,
            role=chosen,
            unit_code=unit,
            display_name=name.strip(),
            clock=container.clock,
        )
    except PermissionDenied:
        raise  # the 403 page: not a form to correct
    except DomainError as exc:
        return refused(PAGE, exc)
    except Conflict:
        return refused(PAGE, gettext("The username {name} is taken.").format(name=username))
    return back(PAGE, gettext("Account {name} created.").format(name=username.strip()))


@router.post("/accounts/{username}/disable", response_model=None)
def disable_account(
    username: Username, container: ContainerDep, principal: PrincipalDep
) -> Response:
    return _done(
        lambda: admin.disable(container.uow(), principal, username, container.clock),
        gettext("Account {name} disabled.").format(name=username),
    )


@router.post("/accounts/{username}/password", response_model=None)
def reset_password(
    username: Username,
    container: ContainerDep,
    principal: PrincipalDep,
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    return _done(
        lambda: admin.reset_password(
            container.uow(), principal, username, password, container.clock
        ),
        gettext("New password set for {name}.").format(name=username),
    )


@router.post("/accounts/{username}/role", response_model=None)
def change_role(
    username: Username,
    container: ContainerDep,
    principal: PrincipalDep,
    role: Annotated[str, Form(max_length=32)],
) -> Response:
    chosen = _role(role)
    if chosen is None:
        return refused(PAGE, gettext("Unknown role."))
    return _done(
        lambda: admin.change_role(container.uow(), principal, username, chosen, container.clock),
        gettext("Role of {name} changed.").format(name=username),
    )


def _done(change: Callable[[], object], notice: str) -> Response:
    """Make an account change: back to the page with the notice, or with the refusal; a
    permission refused is the 403 page, not a form to correct."""
    try:
        change()
    except PermissionDenied:
        raise
    except DomainError as exc:
        return refused(PAGE, exc)
    return back(PAGE, notice)


@router.get("/legal", response_class=HTMLResponse)
def legal_page(
    request: Request, container: ContainerDep, principal: PrincipalDep, unit: str = ""
) -> HTMLResponse:
    principal.require(Permission.ADMINISTER)
    code = unit or principal.unit.code
    authorize_unit(container.uow(), principal, code)
    units = [
        u for u in queries.list_units(container.uow()) if u.id is not None and principal.owns(u.id)
    ]
    context = {
        "unit_code": code,
        "units": units,
        "catalogue": list(legal.catalogue_for(container.uow(), container.catalogue, code)),
        "categories": [c.value for c in Category],
        "measures": [k.value for k in MeasureKind if k is not MeasureKind.DISMISSAL],
    }
    return render(request, "legal.html", principal, context)


@router.post("/legal", response_model=None)
def set_legal_entry(
    container: ContainerDep,
    principal: PrincipalDep,
    unit: Annotated[str, Form(max_length=16)],
    code: Annotated[str, Form(max_length=64)],
    law: Text,
    article: Text,
    covers: Annotated[str, Form(max_length=2000)],
    categories: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006 - FastAPI copies defaults
    measures: Annotated[list[str], Form(max_length=10)] = [],  # noqa: B006 - FastAPI copies defaults
) -> Response:
    page = f"/console/legal?unit={unit}"
    authorize_unit(container.uow(), principal, unit)
    try:
        basis = LegalBasis(
            code.strip(),
            law.strip(),
            article.strip(),
            covers.strip(),
            tuple(categories),
            tuple(measures),
        )
        new = legal.set_entry(
            container.uow(),
            container.catalogue,
            unit_code=unit,
            basis=basis,
            actor=principal.name,
            clock=container.clock,
        )
    except DomainError as exc:
        return refused(page, exc)
    said = gettext("Entry {code} added.") if new else gettext("Entry {code} changed.")
    return back(page, said.format(code=code.strip()))
