"""Retention in memory (the twin of db/retention.py)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.domain.retention import DataClass

PSEUDONYM = "p:"
OPEN_CASE = (MeasureStatus.PROPOSED, MeasureStatus.APPROVED)


def _session_id(token: str) -> int:
    """A session's number here: stable while others are removed (its table's id in SQL)."""
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=7).digest(), "big")


class MemoryRetention:
    def __init__(self, store: Store) -> None:
        self.s = store

    def _open_case(self, clue_id: int | None) -> bool:
        return any(
            m.clue_id == clue_id and m.kind is MeasureKind.CASE and m.status in OPEN_CASE
            for m in self.s.measures.values()
        )

    def _unactioned_closed(self, clue_id: int | None, cutoff: datetime) -> bool:
        clue = self.s.clues.get(clue_id or -1)
        acted = any(
            m.clue_id == clue_id and m.kind is not MeasureKind.DISMISSAL
            for m in self.s.measures.values()
        )
        return bool(clue and clue.status is ClueStatus.CLOSED and clue.updated_at < cutoff) and (
            not acted
        )

    def _candidates(self, data: DataClass, cutoff: datetime, hold: bool) -> list[int]:
        s = self.s
        if data is DataClass.DISMISSED_POSTS:
            out = []
            for post_id, post in s.posts.items():
                clues = [f.clue_id for f in s.findings.values() if f.post_id == post_id]
                judged = [self._unactioned_closed(c, cutoff) for c in clues if c is not None]
                if judged and all(judged) and not post.author.id.startswith(PSEUDONYM):
                    out.append(post_id)
            return out
        if data is DataClass.REPORTER_CONTACTS:
            return [
                i
                for i, r in s.reports.items()
                if r.contact_sealed
                and r.created_at < cutoff
                and not (hold and self._open_case(r.clue_id))
            ]
        if data is DataClass.VOLUNTEERS:
            return [
                i
                for i, v in s.volunteers.items()
                if v.created_at < cutoff
                and (v.nickname or v.contact_sealed)
                and not any(
                    r.volunteer_id == i and r.created_at >= cutoff for r in s.reports.values()
                )
            ]
        if data is DataClass.SESSIONS:
            return [_session_id(t) for t, u in s.sessions.items() if u.expires_at < cutoff]
        if data is DataClass.EVIDENCE:
            return [
                i
                for i, e in enumerate(s.evidence)
                if s.clues[e.clue_id].updated_at < cutoff
                and not (hold and self._open_case(e.clue_id))
            ]
        if data is DataClass.INBOX:
            return [
                i
                for i, m in s.inbox.items()
                if m.received_at < cutoff and not (hold and self._open_case(m.clue_id))
            ]
        return [e.seq or 0 for e in s.audit if e.at < cutoff]

    def due(
        self,
        data: DataClass,
        cutoff: datetime,
        hold: bool,
        limit: int,
        after: int | None = None,
    ) -> list[int]:
        found = self._candidates(data, cutoff, hold)
        return sorted(i for i in found if after is None or i > after)[:limit]

    def count_due(self, data: DataClass, cutoff: datetime, hold: bool) -> int:
        return len(self._candidates(data, cutoff, hold))

    def drop_months(self, data: DataClass, cutoff: datetime, hold: bool) -> tuple[int, list[str]]:
        return 0, []  # nothing is partitioned in memory: rows go one by one

    def apply(self, data: DataClass, ids: Sequence[int], pseudonym: Callable[[str], str]) -> int:
        chosen, s = set(ids), self.s
        if data is DataClass.DISMISSED_POSTS:
            clues = {f.clue_id for f in s.findings.values() if f.post_id in chosen}
            for i in chosen:
                post = s.posts[i]
                alias = PSEUDONYM + pseudonym(f"{post.platform.value}:{post.author.id}")
                old_key = f"author:{post.platform.value}:{post.author.id}"
                for clue_id in clues:
                    keys = s.clue_keys.get(clue_id or -1, set())
                    if old_key in keys:
                        keys.discard(old_key)
                        keys.add(f"author:{post.platform.value}:{alias}")
                author = dataclasses.replace(post.author, id=alias, name="")
                s.posts[i] = dataclasses.replace(post, text="", author=author, links=[], extra={})
            s.evidence = [e for e in s.evidence if e.clue_id not in clues]
        elif data is DataClass.REPORTER_CONTACTS:
            for i in chosen:
                s.reports[i].contact_sealed = ""
        elif data is DataClass.VOLUNTEERS:
            for i in chosen:
                s.volunteers[i].nickname, s.volunteers[i].contact_sealed = "", ""
        elif data is DataClass.SESSIONS:
            for token in [t for t in s.sessions if _session_id(t) in chosen]:
                del s.sessions[token]
        elif data is DataClass.EVIDENCE:
            s.evidence = [e for i, e in enumerate(s.evidence) if i not in chosen]
        elif data is DataClass.INBOX:
            for i in chosen:
                del s.inbox[i]
        else:
            raise ValueError(f"{data} is never removed")
        return len(chosen)
