"""Reading a platform's signed call (a push to /ingest or /ingest/inbox, an answer to a
takedown notice): one dependency reads the headers, so every signed route documents them
alike, and one reader checks the signature as the body streams in, before anything is
parsed. A bad or stale signature is a 401 that drops the connection; a replayed nonce a 409
(both answered by the handlers in web/app.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from netpatrol.bootstrap import Container
from netpatrol.services.signing import calls


@dataclass(frozen=True)
class PlatformSignature:
    platform: str
    signature: str
    timestamp: str
    nonce: str


def platform_signature(
    platform: Annotated[str, Header(alias="X-Netpatrol-Platform", max_length=16)] = "",
    signature: Annotated[str, Header(alias="X-Netpatrol-Signature", max_length=80)] = "",
    timestamp: Annotated[str, Header(alias="X-Netpatrol-Timestamp", max_length=16)] = "",
    nonce: Annotated[str, Header(alias="X-Netpatrol-Nonce", max_length=64)] = "",
) -> PlatformSignature:
    return PlatformSignature(platform, signature, timestamp, nonce)


SignatureDep = Annotated[PlatformSignature, Depends(platform_signature)]


async def signed_body(request: Request, container: Container, signed: PlatformSignature) -> bytes:
    """The body, once its signature holds and its nonce is spent; raises
    calls.Unauthorised or calls.Replayed. The body limit (web/limits.py) caps the stream."""
    now = container.clock()
    secret = container.settings.ingest_secrets().get(signed.platform)
    signer = calls.start(secret, signed.timestamp, signed.nonce, now)
    chunks = []
    async for chunk in request.stream():
        signer.update(chunk)
        chunks.append(chunk)
    calls.finish(signer, signed.signature)
    await run_in_threadpool(calls.spend_nonce, container.uow(), signed.platform, signed.nonce, now)
    return b"".join(chunks)


async def unauthorised(request: Request, exc: Exception) -> JSONResponse:
    # refused before the body is read: the connection is dropped rather than drained
    return JSONResponse({"detail": str(exc)}, 401, headers={"Connection": "close"})


async def replayed(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=409)
