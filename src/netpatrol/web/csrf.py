"""CSRF for the forms a visitor sends before any session exists (signing in, the language
switch, reports, volunteers, warning replies): a random token in a strict cookie, repeated
in a hidden field of every form. Another site cannot read the cookie, so cannot forge the
field, and so cannot sign a visitor in under its own account (login CSRF) or act for them.
Forms of a signed-in user also carry the session's own token (web/auth.py)."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Form, Request
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netpatrol.domain.errors import PermissionDenied

FORM_COOKIE = "np_form"
FORM_FIELD = "form_token"


class FormToken:
    """Gives every visitor a token (kept in the request's state for the templates) and sets
    the cookie on the first answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = HTTPConnection(scope).cookies.get(FORM_COOKIE, "")
        fresh = not _well_formed(token)
        if fresh:
            token = secrets.token_urlsafe(24)
        scope.setdefault("state", {})["form_token"] = token

        async def with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                secure = "; Secure" if scope.get("scheme") == "https" else ""
                MutableHeaders(scope=message).append(
                    "set-cookie",
                    f"{FORM_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}",
                )
            await send(message)

        await self.app(scope, receive, with_cookie)


def _well_formed(token: str) -> bool:
    return (
        20 <= len(token) <= 64
        and token.isascii()
        and token.replace("-", "").replace("_", "").isalnum()
    )


def same_token(sent: str, expected: str) -> bool:
    """A constant-time comparison that any text may reach: non-ASCII input is just unequal."""
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())


def check_form_token(
    request: Request, form_token: Annotated[str, Form(max_length=64)] = ""
) -> None:
    expected = request.cookies.get(FORM_COOKIE, "")
    # only a token this server could have issued: a cookie planted in another shape (from a
    # sibling subdomain, say) with a field to match proves nothing
    if not _well_formed(expected) or not same_token(form_token, expected):
        raise PermissionDenied("the form is stale or came from elsewhere (CSRF check)")


FormChecked = Depends(check_form_token)
