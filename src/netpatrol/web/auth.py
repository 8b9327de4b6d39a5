"""Who is calling: a session cookie (the console) or a bearer token (scripts), with CSRF
checks for cookie-borne changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from netpatrol.domain.errors import NotSignedIn, PermissionDenied
from netpatrol.services.accounts import users as accounts
from netpatrol.services.accounts.users import Principal
from netpatrol.web.csrf import same_token
from netpatrol.web.deps import ContainerDep

SESSION_COOKIE = "np_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_principal(request: Request, container: ContainerDep) -> Principal:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
        return await run_in_threadpool(accounts.resolve, container.uow(), token, container.clock)
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        raise NotSignedIn("sign in first")
    principal = await run_in_threadpool(accounts.resolve, container.uow(), token, container.clock)
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent and _is_form(request):
            sent = str((await request.form()).get(CSRF_FIELD, ""))
        if not same_token(sent, principal.csrf_token):
            raise PermissionDenied("the form is stale or came from elsewhere (CSRF check)")
    request.state.principal = principal
    return principal


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


PrincipalDep = Annotated[Principal, Depends(get_principal)]
