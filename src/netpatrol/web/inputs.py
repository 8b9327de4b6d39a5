"""Text that no route stores: C0 control characters (tab, newline and carriage return
aside, which forms and text areas send) and lone surrogates. PostgreSQL refuses a NUL in
text, an Atom feed may not carry one, and a surrogate cannot be encoded, so they are
refused with 422 at the door, in the path, the query and JSON or form bodies alike. Signed
calls from platforms (pushes, notice answers) are cleaned where they are parsed instead, and
the count kept (services/patrol/post_input.py, services/inbox/intake.py, notices.py).

Validation errors name the field and the rule, with at most a short excerpt of the input."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netpatrol.domain.text import unstorable
from netpatrol.web.limits import refuse, signed

EXCERPT = 40  # characters of the input an error answer may quote
MAX_DEPTH = 32  # nesting of a JSON body; no schema here goes past a handful


class TextGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("utf-8", "replace")
        found = _first_bad([("path", scope["path"])]) or _first_bad(
            ("query", v) for pair in parse_qsl(query, keep_blank_values=True) for v in pair
        )
        kind = dict(scope["headers"]).get(b"content-type", b"").split(b";")[0].strip()
        checked = kind in (b"application/json", b"application/x-www-form-urlencoded")
        if found is None and checked and not signed(scope["path"]):
            body, ended = await _read(receive)
            if ended:
                return  # the client went away, or the body was over its ceiling (413 sent)
            found = _check_body(kind, body)
            receive = _replay(body, receive)
        if found is not None:
            await _refuse(send, found)
            return
        await self.app(scope, receive, send)


def _first_bad(values: Any) -> tuple[str, str] | None:
    for where, value in values:
        reason = unstorable(value)
        if reason:
            return where, reason
    return None


def _check_body(kind: bytes, body: bytes) -> tuple[str, str] | None:
    if kind == b"application/x-www-form-urlencoded":
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        return _first_bad(("form", text) for pair in pairs for text in pair)
    try:
        data = json.loads(body)
    except RecursionError:
        return "body", f"JSON nested deeper than {MAX_DEPTH}"
    except ValueError:
        return None  # the route's own parser says what is wrong with it
    return _check_json(data)


def _check_json(data: Any) -> tuple[str, str] | None:
    """Every key and string of a decoded JSON body, walked without recursion."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return "body", f"JSON nested deeper than {MAX_DEPTH}"
        texts: list[Any] = []
        if isinstance(value, str):
            texts = [value]
        elif isinstance(value, dict):
            texts = list(value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        found = _first_bad(("body", text) for text in texts)
        if found:
            return found
    return None


async def _read(receive: Receive) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", True
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks), False


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(send: Send, found: tuple[str, str]) -> None:
    where, reason = found
    await refuse(send, 422, [{"loc": [where], "msg": reason, "type": "value_error"}])


def excerpt(value: object) -> object:
    """What of a refused input an answer may repeat: a short string or a plain scalar."""
    if isinstance(value, str):
        return value[:EXCERPT] + ("…" if len(value) > EXCERPT else "")
    if isinstance(value, bool | None) or (isinstance(value, int | float) and len(str(value)) < 24):
        return value
    return None


async def validation_failed(request: Request, exc: Exception) -> JSONResponse:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [
        {
            "loc": list(e.get("loc", ())),
            "msg": str(e.get("msg", ""))[:200],
            "type": str(e.get("type", "")),
            **({"input": excerpt(e["input"])} if "input" in e else {}),
        }
        for e in errors[:20]
    ]
    return JSONResponse({"detail": detail}, status_code=422)
