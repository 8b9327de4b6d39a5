"""Signing in and out, and choosing the language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from netpatrol.domain.errors import NotSignedIn
from netpatrol.services.accounts import signin
from netpatrol.services.accounts import users as accounts
from netpatrol.services.accounts.signin import Attempt
from netpatrol.web.auth import SESSION_COOKIE, PrincipalDep
from netpatrol.web.clients import client_key, throttle
from netpatrol.web.console.common import render, safe_next
from netpatrol.web.csrf import FormChecked
from netpatrol.web.deps import ContainerDep
from netpatrol.web.i18n import LOCALE_COOKIE, LOCALES, current_locale, gettext

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/console") -> HTMLResponse:
    return render(request, "login.html", None, {"next": safe_next(next), "error": ""})


@router.post("/login", response_model=None, dependencies=[FormChecked])
def login(
    request: Request,
    container: ContainerDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form()] = "/console",
) -> Response:
    attempt = Attempt(username, password, client_key(request))
    try:
        token, session = signin.sign_in(
            container.uow(), attempt, container.clock, throttle(request)
        )
    except NotSignedIn:
        error = gettext("The username or password is wrong.")
        context = {"next": safe_next(next), "error": error, "username": username}
        return render(request, "login.html", None, context, status_code=401)
    principal = accounts.resolve(container.uow(), token, container.clock)
    response = RedirectResponse(safe_next(next), status_code=303)
    lifetime = int((session.expires_at - session.created_at).total_seconds())
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=lifetime,
        httponly=True,
        samesite="lax",
        path="/",
        secure=container.settings.public_url.startswith("https://"),  # behind TLS
    )
    response.set_cookie(LOCALE_COOKIE, principal.user.locale, max_age=YEAR, samesite="lax")
    return response


@router.post("/logout", response_model=None)
def logout(request: Request, container: ContainerDep, principal: PrincipalDep) -> Response:
    accounts.sign_out(container.uow(), request.cookies.get(SESSION_COOKIE, ""), container.clock)
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language", response_model=None, dependencies=[FormChecked])
def choose_language(
    request: Request,
    container: ContainerDep,
    locale: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/console",
) -> Response:
    """The language cookie, and the signed-in user's own setting when there is one."""
    chosen = locale if locale in LOCALES else current_locale.get()
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        try:
            principal = accounts.resolve(container.uow(), token, container.clock)
        except NotSignedIn:
            pass
        else:
            assert principal.user.id is not None
            accounts.set_locale(container.uow(), principal.user.id, chosen, container.clock)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LOCALE_COOKIE, chosen, max_age=YEAR, samesite="lax")
    return response
