"""Posts and findings in memory (the twins of db/patrol.py)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Post
from netpatrol.services.ports import Conflict


class MemoryPosts:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add_new(self, posts: Sequence[Post]) -> list[Post]:
        stored = {p.key for p in self.s.posts.values()}
        fresh = []
        for post in posts:
            if post.key not in stored:
                stored.add(post.key)
                fresh.append(post)
        self.add_many(fresh)
        return fresh

    def add_many(self, posts: Sequence[Post]) -> None:
        stored = {p.key for p in self.s.posts.values()}
        if len({p.key for p in posts}) != len(posts) or any(p.key in stored for p in posts):
            raise Conflict("another writer stored one of these posts first")
        for post in posts:
            post.id = self.s.new_id()
            self.s.posts[post.id] = copy.deepcopy(post)

    def get(self, post_id: int) -> Post | None:
        post = self.s.posts.get(post_id)
        return copy.deepcopy(post) if post else None

    def get_many(self, post_ids: Iterable[int]) -> dict[int, Post]:
        return {i: copy.deepcopy(self.s.posts[i]) for i in set(post_ids) if i in self.s.posts}

    def count(self) -> int:
        return len(self.s.posts)

    def latest(self, platform: str) -> datetime | None:
        times = [p.created_at for p in self.s.posts.values() if p.platform.value == platform]
        return max(times, default=None)


class MemoryFindings:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add_many(self, findings: Sequence[Finding]) -> None:
        for finding in findings:
            finding.id = self.s.new_id()
            self.s.findings[finding.id] = copy.deepcopy(finding)

    def page_for_clue(self, clue_id: int, before_id: int, limit: int) -> list[Finding]:
        found = [
            f
            for f in self.s.findings.values()
            if f.clue_id == clue_id and (not before_id or (f.id or 0) < before_id)
        ]
        found.sort(key=lambda f: -(f.id or 0))
        return copy.deepcopy(found[:limit])

    def for_post(self, post_id: int) -> list[Finding]:
        return [copy.deepcopy(f) for f in self.s.findings.values() if f.post_id == post_id]

    def for_clue(self, clue_id: int) -> list[Finding]:
        return [copy.deepcopy(f) for f in self.s.findings.values() if f.clue_id == clue_id]

    def count(self) -> int:
        return len(self.s.findings)
