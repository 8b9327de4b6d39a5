"""The in-memory twin of the agency directory's edits and referral links."""

from __future__ import annotations

from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.agencies import Agency


class MemoryAgencies:
    def __init__(self, store: Store) -> None:
        self.s = store

    def edits(self) -> list[Agency]:
        return list(self.s.agency_edits.values())

    def upsert(self, agency: Agency, by: str, at: datetime) -> bool:
        new = agency.code not in self.s.agency_edits
        self.s.agency_edits[agency.code] = agency
        return new

    def add_token(self, measure_id: int, token_sha256: str) -> None:
        self.s.referral_tokens[token_sha256] = measure_id

    def by_token(self, token_sha256: str) -> int | None:
        return self.s.referral_tokens.get(token_sha256)
