"""Units, users and sessions in memory (the twins of db/accounts.py)."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.units import Unit
from netpatrol.domain.users import User, UserSession
from netpatrol.services.ports import Conflict


class MemoryUnits:
    def __init__(self, store: Store) -> None:
        self.s = store

    def all(self) -> list[Unit]:
        return [copy.deepcopy(u) for _, u in sorted(self.s.units.items())]

    def get(self, unit_id: int) -> Unit | None:
        unit = self.s.units.get(unit_id)
        return copy.deepcopy(unit) if unit else None

    def upsert(self, units: Sequence[Unit]) -> tuple[int, int]:
        by_code = {u.code: u for u in self.s.units.values()}
        added = updated = 0
        for unit in units:
            if unit.parent_code and unit.parent_code not in by_code:
                raise ValueError(f"unit {unit.code} names an unknown parent {unit.parent_code}")
            known = by_code.get(unit.code)
            stored = copy.deepcopy(unit)
            stored.id = known.id if known and known.id is not None else self.s.new_id()
            if known is None:
                added += 1
            elif known != stored:
                updated += 1
            self.s.units[stored.id] = by_code[unit.code] = stored
        return added, updated


class MemoryUsers:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, user: User) -> User:
        if self.by_username(user.username) is not None:
            raise Conflict(f"user {user.username} already exists")
        user.id = self.s.new_id()
        self.s.users[user.id] = copy.deepcopy(user)
        return user

    def get(self, user_id: int) -> User | None:
        return copy.deepcopy(self.s.users.get(user_id))

    def by_username(self, username: str) -> User | None:
        found = [u for u in self.s.users.values() if u.username == username]
        return copy.deepcopy(found[0]) if found else None

    def all(self) -> list[User]:
        return copy.deepcopy(list(self.s.users.values()))

    def update(self, user: User) -> None:
        if user.id not in self.s.users:
            raise LookupError(f"user {user.id} is not stored")
        self.s.users[user.id] = copy.deepcopy(user)


class MemorySessions:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, entry: UserSession) -> UserSession:
        entry.id = self.s.new_id()
        self.s.sessions[entry.token_sha256] = copy.deepcopy(entry)
        return entry

    def by_token(self, token_sha256: str) -> UserSession | None:
        return copy.deepcopy(self.s.sessions.get(token_sha256))

    def remove(self, token_sha256: str) -> None:
        self.s.sessions.pop(token_sha256, None)

    def remove_for_user(self, user_id: int) -> None:
        for token in [t for t, e in self.s.sessions.items() if e.user_id == user_id]:
            del self.s.sessions[token]
