"""Pushed posts (M2): a platform sends a signed batch, either `{"posts": [...]}`, checked
whole, or JSON Lines, each line checked on its own (good lines stored, bad ones reported
with their number). The signature covers a timestamp and a nonce as well as the body, so a
captured push cannot be sent again: outside the window it is stale, inside it the nonce is
already spent."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from netpatrol.domain.posts import Post
from netpatrol.services.patrol.post_input import Rejected, decode_line, parse_post

MAX_BATCH = 1000
WINDOW = timedelta(minutes=5)  # how far a push's timestamp may be from our clock
MAX_NONCES = 200_000


class Unauthorised(Exception):
    """The push is not signed by a platform this unit holds a key for."""


class Replayed(Exception):
    """The push's nonce was seen within the window: a copy of an earlier push."""


@dataclass
class BatchRejected(Exception):
    """Some items are malformed; nothing was stored. `reasons` maps item index to why."""

    reasons: dict[int, str] = field(default_factory=dict)


def signature(secret: str, body: bytes, timestamp: str = "", nonce: str = "") -> str:
    """`sha256=` and the HMAC-SHA256 of `timestamp.nonce.body` under the platform's key."""
    signer = Signer(secret, timestamp, nonce)
    signer.update(body)
    return signer.hexdigest()


def push_headers(platform: str, secret: str, body: bytes, at: float) -> dict[str, str]:
    """The headers that sign a push made at Unix time `at`, with a fresh nonce."""
    timestamp, nonce = str(int(at)), secrets.token_urlsafe(18)
    return {
        "X-Netpatrol-Platform": platform,
        "X-Netpatrol-Timestamp": timestamp,
        "X-Netpatrol-Nonce": nonce,
        "X-Netpatrol-Signature": signature(secret, body, timestamp, nonce),
    }


class Signer:
    """The HMAC, fed as the body streams in, so no body is held whole before it is checked."""

    def __init__(self, secret: str, timestamp: str, nonce: str) -> None:
        self._mac = hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256)
        self._mac.update(f"{timestamp}.{nonce}.".encode())

    def update(self, chunk: bytes) -> None:
        self._mac.update(chunk)

    def hexdigest(self) -> str:
        return "sha256=" + self._mac.hexdigest()

    def matches(self, given: str) -> bool:
        return hmac.compare_digest(self.hexdigest().encode(), given.encode("utf-8", "replace"))


def check_freshness(timestamp: str, nonce: str, now: datetime) -> None:
    """The timestamp (Unix seconds) within the window of now, and a nonce of 16 to 64
    letters, digits, '-' or '_'."""
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise Unauthorised("X-Netpatrol-Timestamp must be Unix seconds")
    if abs(now.timestamp() - int(timestamp)) > WINDOW.total_seconds():
        raise Unauthorised(f"the timestamp is more than {WINDOW.seconds // 60} minutes away")
    if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", nonce) is None:
        raise Unauthorised("X-Netpatrol-Nonce must be 16 to 64 letters, digits, '-' or '_'")


class NonceBook:
    """Nonces seen within the window, per platform (in memory, per process)."""

    def __init__(self) -> None:
        self._seen: OrderedDict[tuple[str, str], datetime] = OrderedDict()

    def spend(self, platform: str, nonce: str, now: datetime) -> None:
        while self._seen and (
            next(iter(self._seen.values())) < now - 2 * WINDOW or len(self._seen) > MAX_NONCES
        ):
            self._seen.popitem(last=False)
        if (platform, nonce) in self._seen:
            raise Replayed("this nonce was used within the last minutes: a replayed push")
        self._seen[(platform, nonce)] = now


def parse_batch(platform: str, body: bytes) -> list[Post]:
    """Every item checked; one bad item rejects the batch with every reason listed."""
    try:
        payload = decode_line(body) if body.strip() else None
    except ValueError as exc:
        raise BatchRejected({-1: str(exc)}) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("posts"), list):
        raise BatchRejected({-1: 'expected {"posts": [...]}'})
    items = payload["posts"]
    if not 1 <= len(items) <= MAX_BATCH:
        raise BatchRejected({-1: f"a batch holds 1 to {MAX_BATCH} posts"})
    posts: list[Post] = []
    reasons: dict[int, str] = {}
    for index, item in enumerate(items):
        try:
            posts.append(_own(platform, parse_post(item)))
        except ValueError as exc:
            reasons[index] = str(exc)
    if reasons:
        raise BatchRejected(reasons)
    return posts


def parse_lines(platform: str, body: bytes) -> tuple[list[Post], list[Rejected]]:
    """JSON Lines: each line decoded and checked on its own, numbered from 1."""
    posts: list[Post] = []
    rejected: list[Rejected] = []
    for number, line in enumerate(body.split(b"\n"), start=1):
        if not line.strip():
            continue
        if len(posts) + len(rejected) >= MAX_BATCH:
            rejected.append(Rejected(number, f"a push holds at most {MAX_BATCH} lines"))
            break
        try:
            posts.append(_own(platform, parse_post(decode_line(line))))
        except ValueError as exc:
            rejected.append(Rejected(number, str(exc)))
    return posts, rejected


def _own(platform: str, post: Post) -> Post:
    if post.platform.value != platform:
        raise ValueError(f"platform {post.platform.value} in a push signed by {platform}")
    return post
