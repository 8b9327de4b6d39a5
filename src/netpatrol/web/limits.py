"""One ceiling on request bodies per class of route, enforced before a route reads a byte:
a declared Content-Length past it is refused at once, and a streamed body is counted as it
arrives and cut off at the ceiling, so no body is ever held whole to be measured."""

from __future__ import annotations

import json

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netpatrol.domain.reports import MAX_SCREENSHOT

MAX_UPLOAD = MAX_SCREENSHOT + 64 * 1024  # a screenshot and the form around it
MAX_PUSH = 8 * 1024 * 1024  # a platform's batch of posts
MAX_JSON = 256 * 1024  # everything else: forms and JSON calls
UPLOADS = ("/report", "/api/v1/reports")
PUSHES = ("/api/v1/ingest", "/api/v1/ingest/inbox")
MAX_CALLBACK = 16 * 1024  # a platform's answer to a notice: a few lines of JSON
CALLBACKS = "/api/v1/platform/"


def signed(path: str) -> bool:
    """A route a platform calls signed: its body is checked and cleaned where it is parsed."""
    return path in PUSHES or path.startswith(CALLBACKS)


def ceiling(path: str) -> int:
    """The largest body a route takes."""
    if path in PUSHES:
        return MAX_PUSH
    if path.startswith(CALLBACKS):
        return MAX_CALLBACK
    if path in UPLOADS:
        return MAX_UPLOAD
    return MAX_JSON


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = ceiling(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or len(declared) > 18):
            await refuse(send, 400, "Content-Length is not a number")
            return
        if declared is not None and int(declared) > limit:
            await refuse(send, 413, _too_large(limit))
            return
        size = 0
        refused = False
        started = False

        async def counted() -> Message:
            nonlocal size, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            size += len(message.get("body", b""))
            if size > limit:  # a chunked body has no Content-Length to trust
                refused = True
                if not started:
                    await refuse(send, 413, _too_large(limit))
                return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; whatever the route answers to a cut-off body is not
            started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except ClientDisconnect:
            if not refused:
                raise  # the client did go away


def _too_large(limit: int) -> str:
    return f"the request is larger than {limit // 1024} KB"


async def refuse(send: Send, status: int, detail: object) -> None:
    """A JSON error answer sent straight from middleware, before any route runs."""
    payload = json.dumps({"detail": detail}).encode()
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        # the server then drops the connection instead of reading the rest to discard it
        *([(b"connection", b"close")] if status == 413 else []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})
