"""The connector protocol: what the platform needs from a hosting platform.

A real platform's open API (microblog statuses, direct messages, a takedown desk) is one
new class with these methods; `HttpConnector` shows the shape against the simulator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable


class ConnectorError(Exception):
    """The platform refused or could not be reached; the message says which and why."""


@dataclass(frozen=True)
class PostStatus:
    """Whether a post is still up, and its text as it stands now."""

    exists: bool
    text: str | None = None


@runtime_checkable
class PlatformConnector(Protocol):
    platform: str

    def fetch(self, terms: Sequence[str], since: datetime | None) -> list[dict[str, Any]]:
        """Posts matching any of the watch terms, newer than `since`, in the ingest format."""

    def send_private_message(self, sender: str, recipient: str, text: str) -> str:
        """Deliver a private message from one of the unit's accounts; the platform's id."""

    def publish(self, account: str, text: str) -> str:
        """Publish a post from one of the unit's accounts; the new post's id."""

    def request_takedown(self, post_id: str, notice: str) -> str:
        """File a takedown notice with the platform; its ticket id."""

    def post_status(self, post_id: str) -> PostStatus:
        """Whether the post is still up, and its current text."""

    def account_stats(self, account: str) -> dict[str, int]:
        """Followers and posts of an account."""
