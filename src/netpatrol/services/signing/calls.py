"""Signed calls from platforms (签名请求): a push to /ingest or /ingest/inbox and an answer
to a takedown notice are all signed the one way. The HMAC-SHA256 covers a timestamp and a
nonce as well as the body, so a captured call cannot be sent again: outside the window it is
stale, inside it the nonce is already spent (remembered in the database for the window).
The signature is fed as the body streams in, never after the body is held whole."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from netpatrol.services.ports import Conflict, UnitOfWork

WINDOW = timedelta(minutes=5)  # how far a call's timestamp may be from our clock


class Unauthorised(Exception):
    """The call is not signed by a platform this unit holds a key for, or is stale."""


class Replayed(Exception):
    """The call's nonce was seen within the window: a copy of an earlier call."""


class Signer:
    """The HMAC, fed as the body streams in, so no body is held whole before it is checked."""

    def __init__(self, secret: str, timestamp: str, nonce: str) -> None:
        self._mac = hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256)
        self._mac.update(f"{timestamp}.{nonce}.".encode("utf-8", "replace"))

    def update(self, chunk: bytes) -> None:
        self._mac.update(chunk)

    def hexdigest(self) -> str:
        return "sha256=" + self._mac.hexdigest()

    def matches(self, given: str) -> bool:
        """Constant time; any text may reach it (non-ASCII is simply unequal)."""
        return hmac.compare_digest(self.hexdigest().encode(), given.encode("utf-8", "replace"))


def signature(secret: str, body: bytes, timestamp: str, nonce: str) -> str:
    """`sha256=` and the HMAC-SHA256 of `timestamp.nonce.body` under the platform's key."""
    signer = Signer(secret, timestamp, nonce)
    signer.update(body)
    return signer.hexdigest()


def signed_headers(platform: str, secret: str, body: bytes, at: float) -> dict[str, str]:
    """The headers that sign a call made at Unix time `at`, with a fresh nonce: what the
    simulator, the agency webhook and every client send."""
    timestamp, nonce = str(int(at)), secrets.token_urlsafe(18)
    return {
        "X-Netpatrol-Platform": platform,
        "X-Netpatrol-Timestamp": timestamp,
        "X-Netpatrol-Nonce": nonce,
        "X-Netpatrol-Signature": signature(secret, body, timestamp, nonce),
    }


def start(secret: str | None, timestamp: str, nonce: str, now: datetime) -> Signer:
    """A signer for a call, once its key, timestamp (Unix seconds within the window of now)
    and nonce (16 to 64 letters, digits, '-' or '_') are in order; else Unauthorised."""
    if not secret:
        raise Unauthorised("bad or missing signature for this platform")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise Unauthorised("X-Netpatrol-Timestamp must be Unix seconds")
    if abs(now.timestamp() - int(timestamp)) > WINDOW.total_seconds():
        raise Unauthorised(f"the timestamp is more than {WINDOW.seconds // 60} minutes away")
    if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", nonce, flags=re.ASCII) is None:
        raise Unauthorised("X-Netpatrol-Nonce must be 16 to 64 letters, digits, '-' or '_'")
    return Signer(secret, timestamp, nonce)


def finish(signer: Signer, given: str) -> None:
    """Unauthorised unless the signature over everything fed to `signer` is `given`."""
    if not signer.matches(given):
        raise Unauthorised("bad or missing signature for this platform")


def spend_nonce(uow: UnitOfWork, platform: str, nonce: str, now: datetime) -> None:
    """Remember the nonce for the window (forgetting those past it); Replayed when it was
    already spent, by this process or any other sharing the database."""
    with uow:
        uow.nonces.forget_before(now - 2 * WINDOW)
        if not uow.nonces.remember(platform, nonce, now):
            raise Replayed("this nonce was used within the last minutes: a replayed call")
        try:
            uow.commit()
        except Conflict:  # another process spent it between our look and our write
            raise Replayed("this nonce was used within the last minutes: a replayed call") from None
