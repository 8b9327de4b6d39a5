"""Clues and evidence in memory (the twins of db/clues.py)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.clues import Clue
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.services.clues.ports import ClueQuery


class MemoryClues:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add_many(self, clues: Sequence[Clue]) -> None:
        for clue in clues:
            clue.id = self.s.new_id()
            self.s.clues[clue.id] = copy.deepcopy(clue)

    def get(self, clue_id: int) -> Clue | None:
        clue = self.s.clues.get(clue_id)
        return copy.deepcopy(clue) if clue else None

    def get_many(self, clue_ids: Iterable[int]) -> dict[int, Clue]:
        return {i: copy.deepcopy(self.s.clues[i]) for i in set(clue_ids) if i in self.s.clues}

    def update(self, clue: Clue) -> None:
        if clue.id not in self.s.clues:
            raise LookupError(f"clue {clue.id} is not stored")
        self.s.clues[clue.id] = copy.deepcopy(clue)

    def update_many(self, clues: Sequence[Clue]) -> None:
        for clue in clues:
            self.update(clue)

    def queue(self, query: ClueQuery, limit: int, offset: int) -> list[Clue]:
        chosen = [c for c in self.s.clues.values() if self._wanted(c, query)]
        chosen.sort(
            key=lambda c: (-c.severity.rank, -c.priority, -c.growth, -c.reach, c.created_at, c.id)
        )
        return [copy.deepcopy(c) for c in chosen[offset : offset + limit]]

    def count_queue(self, query: ClueQuery) -> int:
        return sum(1 for c in self.s.clues.values() if self._wanted(c, query))

    def _wanted(self, clue: Clue, q: ClueQuery) -> bool:
        own = q.visibility.own if q.visibility is not None else None
        return (
            (q.own_units is None or (own is None or clue.unit_id in own) is q.own_units)
            and (not q.unclaimed or clue.assignee is None)
            and (q.unit_ids is None or clue.unit_id in q.unit_ids)
            and (q.visibility is None or q.visibility.allows(clue.unit_id, clue.sharing_level))
            and (q.status is None or clue.status is q.status)
            and (q.statuses is None or clue.status in q.statuses)
            and (q.category is None or clue.category is q.category)
            and (q.assignee is None or clue.assignee == q.assignee)
            and (q.platform is None or self.s.posts[clue.post_id].platform.value == q.platform)
        )

    def with_keys(self, keys: Iterable[str], limit: int) -> list[Clue]:
        wanted = set(keys)
        found = [i for i in sorted(self.s.clue_keys, reverse=True) if self.s.clue_keys[i] & wanted]
        return [copy.deepcopy(self.s.clues[i]) for i in found[:limit]]

    def keys_of(self, clue_id: int) -> set[str]:
        return set(self.s.clue_keys.get(clue_id, set()))

    def count(self) -> int:
        return len(self.s.clues)

    def open_by_keys(self, keys: Iterable[str]) -> list[Clue]:
        wanted = set(keys)
        return [
            copy.deepcopy(self.s.clues[i])
            for i in sorted(self.s.clue_keys)
            if self.s.clue_keys[i] & wanted and self.s.clues[i].is_open
        ]

    def open_by_each_key(self, keys: Iterable[str]) -> dict[str, list[Clue]]:
        found: dict[str, list[Clue]] = {}
        for key in set(keys):
            clues = self.open_by_keys([key])
            if clues:
                found[key] = clues
        return found

    def past_due(self, now: datetime, limit: int) -> list[Clue]:
        due = [
            c
            for c in self.s.clues.values()
            if c.is_open and c.due_at is not None and c.due_at < now and c.breached_at is None
        ]
        due.sort(key=lambda c: (c.due_at or now, c.id or 0))
        return copy.deepcopy(due[:limit])

    def changed_since(self, query: ClueQuery, since: datetime, limit: int) -> list[Clue]:
        changed = [
            c
            for c in self.s.clues.values()
            if self._wanted(c, query)
            and (c.updated_at >= since or (c.breached_at is not None and c.breached_at >= since))
        ]
        changed.sort(key=lambda c: (c.updated_at, c.id or 0))
        return copy.deepcopy(changed[:limit])

    def count_with_key(self, key: str) -> int:
        return sum(1 for keys in self.s.clue_keys.values() if key in keys)

    def add_keys(self, clue_id: int, keys: Iterable[str]) -> None:
        self.s.clue_keys.setdefault(clue_id, set()).update(keys)

    def add_keys_many(self, keys_of: Mapping[int, Iterable[str]]) -> None:
        for clue_id, keys in keys_of.items():
            self.add_keys(clue_id, keys)


class MemoryEvidence:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, item: EvidenceItem) -> EvidenceItem:
        stored = EvidenceItem(
            item.clue_id,
            item.kind,
            item.content,
            item.sha256,
            item.captured_at,
            item.source,
            item.captured_by,
            self.s.new_id(),
        )
        self.s.evidence.append(stored)
        return stored

    def for_clue(self, clue_id: int) -> list[EvidenceItem]:
        return [e for e in self.s.evidence if e.clue_id == clue_id]
