"""Pushed posts (M2): a platform sends a signed batch (services/signing), either
`{"posts": [...]}`, checked whole, or JSON Lines, each line checked on its own (good lines
stored, bad ones reported with their number)."""

from __future__ import annotations

from dataclasses import dataclass, field

from netpatrol.domain.posts import Post
from netpatrol.services.patrol.post_input import Rejected, decode_json, decode_line, parse_post

MAX_BATCH = 1000


@dataclass
class BatchRejected(Exception):
    """Some items are malformed; nothing was stored. `reasons` maps item index to why."""

    reasons: dict[int, str] = field(default_factory=dict)


def parse_batch(platform: str, body: bytes) -> list[Post]:
    """Every item checked; one bad item rejects the batch with every reason listed."""
    try:
        # the whole batch, up to the route's 8 MB; each post in it is bounded like a line
        payload = decode_json(body) if body.strip() else None
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
