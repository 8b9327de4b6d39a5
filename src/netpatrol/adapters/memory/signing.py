"""Spent nonces in memory (the twin of db/signing.py)."""

from __future__ import annotations

from datetime import datetime

from netpatrol.adapters.memory.store import Store


class MemoryNonces:
    def __init__(self, store: Store) -> None:
        self.s = store

    def remember(self, platform: str, nonce: str, seen_at: datetime) -> bool:
        if (platform, nonce) in self.s.nonces:
            return False
        self.s.nonces[(platform, nonce)] = seen_at
        return True

    def forget_before(self, cutoff: datetime) -> None:
        for key in [k for k, seen in self.s.nonces.items() if seen < cutoff]:
            del self.s.nonces[key]
