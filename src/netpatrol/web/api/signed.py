"""Reading a signed push (the ingest and inbox webhooks): the signature is checked as the
body streams in, before anything is parsed; a bad one drops the connection."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Request
from fastapi.responses import JSONResponse

from netpatrol.bootstrap import Container
from netpatrol.services.patrol import ingest

PlatformHeader = Annotated[str, Header(alias="X-Netpatrol-Platform", max_length=16)]
SignatureHeader = Annotated[str, Header(alias="X-Netpatrol-Signature", max_length=80)]
TimestampHeader = Annotated[str, Header(alias="X-Netpatrol-Timestamp", max_length=16)]
NonceHeader = Annotated[str, Header(alias="X-Netpatrol-Nonce", max_length=64)]


async def signed_body(
    request: Request,
    container: Container,
    platform: str,
    signature: str,
    timestamp: str,
    nonce: str,
) -> bytes | JSONResponse:
    """The body, or the refusal to answer with: 401 for a bad or stale signature, 409 for
    a replayed nonce."""
    secret = container.settings.ingest_secrets().get(platform)
    try:
        if not secret:
            raise ingest.Unauthorised("bad or missing signature for this platform")
        ingest.check_freshness(timestamp, nonce, container.clock())
        signer = ingest.Signer(secret, timestamp, nonce)
        chunks = []
        async for chunk in request.stream():  # the body limit (web/limits.py) caps this
            signer.update(chunk)
            chunks.append(chunk)
        if not signer.matches(signature):
            raise ingest.Unauthorised("bad or missing signature for this platform")
        request.app.state.nonces.spend(platform, nonce, container.clock())
    except ingest.Unauthorised as exc:
        # refused before the body is read: the connection is dropped rather than drained
        return JSONResponse({"detail": str(exc)}, 401, headers={"Connection": "close"})
    except ingest.Replayed as exc:
        return JSONResponse({"detail": str(exc)}, status_code=409)
    return b"".join(chunks)
