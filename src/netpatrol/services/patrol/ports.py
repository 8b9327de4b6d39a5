"""Storage the patrol needs: posts and findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Post


class PostRepository(Protocol):
    def add_new(self, posts: Sequence[Post]) -> list[Post]:
        """Store the posts whose (platform, external id) is not stored yet, the first of
        each key in a batch; give each its id and return them in order. A post stored
        before, even by another writer a moment ago, is skipped, not an error."""
        ...

    def add_many(self, posts: Sequence[Post]) -> None:
        """Store new posts and give each its id; Conflict if one is stored already."""
        ...

    def get(self, post_id: int) -> Post | None: ...
    def get_many(self, post_ids: Iterable[int]) -> dict[int, Post]: ...
    def count(self) -> int: ...
    def latest(self, platform: str) -> datetime | None:
        """When the newest stored post of a platform was posted."""
        ...


class FindingRepository(Protocol):
    def add_many(self, findings: Sequence[Finding]) -> None: ...
    def page_for_clue(self, clue_id: int, before_id: int, limit: int) -> list[Finding]:
        """Newest first, those with an id below `before_id` (0: from the newest)."""
        ...

    def for_post(self, post_id: int) -> list[Finding]: ...
    def for_clue(self, clue_id: int) -> list[Finding]: ...
    def count(self) -> int: ...
