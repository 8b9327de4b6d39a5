"""A ceiling on request bodies where the public can upload: a body past it is refused with
413 before any of it is parsed or spooled to disk, whatever Content-Length claims."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netpatrol.domain.reports import MAX_SCREENSHOT

MAX_UPLOAD = MAX_SCREENSHOT + 64 * 1024  # a screenshot and the form around it
LIMITED = ("/report", "/api/v1/reports")


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int = MAX_UPLOAD) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in LIMITED:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit():
            await _refuse(send, 400, "Content-Length is not a number")
            return
        if int(declared) > self.limit:
            await _refuse(send, 413, f"the request is larger than {self.limit // 1024} KB")
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            if size > self.limit:  # a chunked body has no Content-Length to trust
                await _refuse(send, 413, f"the request is larger than {self.limit // 1024} KB")
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _refuse(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
