"""Storage the patrol needs: posts and findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Post


class PostRepository(Protocol):
    def existing_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]: ...
    def add_many(self, posts: Sequence[Post]) -> None:
        """Store new posts and give each its id."""
        ...

    def get(self, post_id: int) -> Post | None: ...
    def get_many(self, post_ids: Iterable[int]) -> dict[int, Post]: ...
    def count(self) -> int: ...
    def latest(self, platform: str) -> datetime | None:
        """When the newest stored post of a platform was posted."""
        ...


class FindingRepository(Protocol):
    def add_many(self, findings: Sequence[Finding]) -> None: ...
    def for_clue(self, clue_id: int) -> list[Finding]: ...
    def count(self) -> int: ...
