"""Pushed posts (M2): a platform sends a signed batch; it is checked whole, then patrolled."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from netpatrol.domain.posts import Post
from netpatrol.services.patrol.post_input import parse_post

MAX_BATCH = 1000


class Unauthorised(Exception):
    """The push is not signed by a platform this unit holds a key for."""


@dataclass
class BatchRejected(Exception):
    """Some items are malformed; nothing was stored. `reasons` maps item index to why."""

    reasons: dict[int, str] = field(default_factory=dict)


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def check_signature(secrets: Mapping[str, str], platform: str, body: bytes, given: str) -> None:
    secret = secrets.get(platform)
    if not secret or not hmac.compare_digest(signature(secret, body), given or ""):
        raise Unauthorised("bad or missing signature for this platform")


def parse_batch(platform: str, payload: Any) -> list[Post]:
    """Every item checked; one bad item rejects the batch with every reason listed."""
    if not isinstance(payload, dict) or not isinstance(payload.get("posts"), list):
        raise BatchRejected({-1: 'expected {"posts": [...]}'})
    items = payload["posts"]
    if not 1 <= len(items) <= MAX_BATCH:
        raise BatchRejected({-1: f"a batch holds 1 to {MAX_BATCH} posts"})
    posts: list[Post] = []
    reasons: dict[int, str] = {}
    for index, item in enumerate(items):
        try:
            post = parse_post(item)
        except ValueError as exc:
            reasons[index] = str(exc)
            continue
        if post.platform.value != platform:
            reasons[index] = f"platform {post.platform.value} in a push signed by {platform}"
            continue
        posts.append(post)
    if reasons:
        raise BatchRejected(reasons)
    return posts
