"""What the partner-agency capability needs: the directory's edits and referral links in
storage, and a channel that carries a referral package to an agency."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from netpatrol.domain.agencies import Agency


class AgencyRepository(Protocol):
    def edits(self) -> list[Agency]:
        """Every entry a unit admin changed or added."""
        ...

    def upsert(self, agency: Agency, by: str, at: datetime) -> bool:
        """Store an entry's edited version; True if no edit of that code existed."""
        ...

    def add_token(self, measure_id: int, token_sha256: str) -> None: ...
    def by_token(self, token_sha256: str) -> int | None:
        """The referral (a measure's id) the link opens."""
        ...


class AgencyChannel(Protocol):
    """Delivers a referral package; raises ConnectorError when it cannot."""

    def send(self, address: str, subject: str, text: str, package: str) -> str:
        """Send `text` (for people) with `package` (JSON, for systems); the delivery's id."""
        ...
