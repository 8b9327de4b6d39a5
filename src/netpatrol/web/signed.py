"""The headers a platform signs a call with (a push to /ingest, an answer to a notice):
one dependency, so every signed route documents and reads them alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header


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
