"""The platform simulator's state and rules: microblog, public-account and forum flavours
with users, posts, replies, private messages, takedowns and followers, all in memory.

It is a whole (small) platform, not a stub: it stores what is published, searches it,
delivers messages, and its users answer warnings the way people do: most delete or edit
the post before the deadline, some ignore it.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from netpatrol.domain.posts import ACCOUNT_PLATFORMS
from netpatrol.services.ports import ConnectorError, PostStatus

PLATFORMS = ACCOUNT_PLATFORMS
HEED_SHARE = 0.6  # of warned authors delete or correct their post


@dataclass
class SimPost:
    data: dict[str, Any]
    removed: bool = False

    @property
    def id(self) -> str:
        return str(self.data["id"])


@dataclass
class PlatformState:
    platform: str
    posts: dict[str, SimPost] = field(default_factory=dict)
    messages: list[dict[str, str]] = field(default_factory=list)
    takedowns: list[dict[str, str]] = field(default_factory=list)
    followers: dict[str, int] = field(default_factory=dict)
    inbox: list[dict[str, Any]] = field(default_factory=list)  # sent to the units' accounts


class SimulatedPlatform:
    """One platform flavour; implements PlatformConnector directly (the in-memory twin)."""

    def __init__(self, platform: str, clock: Any = None) -> None:
        if platform not in PLATFORMS:
            raise ConnectorError(f"unknown platform {platform!r}")
        self.platform = platform
        self.state = PlatformState(platform)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._clock = clock or (lambda: datetime.now(UTC))
        # a desk that reviews notices first decides (and answers) later; else it removes at once
        self.reviews = False
        # where notices go for review, if anywhere (sim/desk.py): receive(platform, post, text)
        self.desk: Any = None

    def add_posts(self, posts: Iterable[dict[str, Any]]) -> int:
        added = 0
        with self._lock:
            for post in posts:
                if post.get("platform") != self.platform:
                    continue
                self.state.posts[str(post["id"])] = SimPost(dict(post))
                added += 1
        return added

    def fetch(self, terms: Sequence[str], since: datetime | None) -> list[dict[str, Any]]:
        with self._lock:
            found = []
            for post in self.state.posts.values():
                if post.removed:
                    continue
                if since and datetime.fromisoformat(post.data["created_at"]) < since:
                    continue
                if not terms or any(t and t in post.data["text"] for t in terms):
                    found.append(dict(post.data))
            return found

    def send_private_message(self, sender: str, recipient: str, text: str) -> str:
        if not sender or not recipient or not text:
            raise ConnectorError("a private message needs a sender, a recipient and a text")
        with self._lock:
            message_id = f"{self.platform}-dm-{next(self._ids)}"
            self.state.messages.append(
                {"id": message_id, "sender": sender, "recipient": recipient, "text": text}
            )
            if _heeds(recipient):  # the author removes the posts the warning is about
                for post in self.state.posts.values():
                    if post.data["author"]["id"] == recipient and post.id in text:
                        post.removed = True
        return message_id

    def publish(self, account: str, text: str) -> str:
        if not account or not text:
            raise ConnectorError("a post needs an account and a text")
        with self._lock:
            post_id = f"{self.platform}-own-{next(self._ids)}"
            self.state.posts[post_id] = SimPost(
                {
                    "platform": self.platform,
                    "id": post_id,
                    "author": {"id": account, "name": account, "region": ""},
                    "text": text,
                    "created_at": self._clock().isoformat(),
                    "links": [],
                    "reposts": 0,
                    "comments": 0,
                    "likes": 0,
                    "parent_id": None,
                }
            )
            self.state.followers.setdefault(account, _audience(account))
        return post_id

    def request_takedown(self, post_id: str, notice: str) -> str:
        with self._lock:
            post = self.state.posts.get(post_id)
            if post is None:
                raise ConnectorError(f"no post {post_id} on {self.platform}")
            ticket = f"{self.platform}-td-{next(self._ids)}"
            post.removed = post.removed or not self.reviews
            self.state.takedowns.append({"ticket": ticket, "post_id": post_id, "notice": notice})
        if self.desk is not None:
            self.desk.receive(self.platform, post_id, notice)
        return ticket

    def decide_takedown(self, post_id: str, remove: bool) -> None:
        """The reviewing desk's decision on a notice about this post."""
        with self._lock:
            post = self.state.posts.get(post_id)
            if post is not None and remove:
                post.removed = True

    def post_status(self, post_id: str) -> PostStatus:
        with self._lock:
            post = self.state.posts.get(post_id)
            if post is None or post.removed:
                return PostStatus(False)
            return PostStatus(True, str(post.data["text"]))

    def send_to_account(self, messages: Iterable[dict[str, Any]]) -> int:
        """Netizens write to an account: private messages, comments, @mentions."""
        with self._lock:
            before = len(self.state.inbox)
            self.state.inbox.extend(dict(m) for m in messages)
            return len(self.state.inbox) - before

    def fetch_inbox(self, since: datetime | None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                dict(m)
                for m in self.state.inbox
                if since is None or datetime.fromisoformat(m["created_at"]) >= since
            ]

    def account_stats(self, account: str) -> dict[str, int]:
        with self._lock:
            posts = sum(1 for p in self.state.posts.values() if p.data["author"]["id"] == account)
            return {"followers": self.state.followers.get(account, 0), "posts": posts}


def _audience(account: str) -> int:
    """Followers of an official account the first time it posts: fixed per account,
    between 5,000 and 205,000."""
    value = int(hashlib.sha256(account.encode("utf-8")).hexdigest()[:8], 16)
    return 5_000 + value % 200_000


def _heeds(author_id: str) -> bool:
    """Whether this (simulated) author heeds a warning: fixed per author, about 60%."""
    value = int(hashlib.sha256(author_id.encode("utf-8")).hexdigest()[:8], 16)
    return value / 0xFFFFFFFF < HEED_SHARE
