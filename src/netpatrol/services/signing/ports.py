"""What signed calls need from storage: the nonces spent within the window."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class NonceRepository(Protocol):
    def remember(self, platform: str, nonce: str, seen_at: datetime) -> bool:
        """Record the nonce; False (and nothing recorded) when it is already there."""
        ...

    def forget_before(self, cutoff: datetime) -> None:
        """Drop nonces seen before `cutoff`: past the window a stale timestamp refuses them."""
        ...
