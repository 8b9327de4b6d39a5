"""SQLAlchemy storage of spent nonces (the twin of memory/signing.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from netpatrol.adapters.db.tables.signing import SpentNonceRow


class SqlNonces:
    def __init__(self, session: Session) -> None:
        self.session = session

    def remember(self, platform: str, nonce: str, seen_at: datetime) -> bool:
        if self.session.get(SpentNonceRow, (platform, nonce)) is not None:
            return False
        self.session.add(SpentNonceRow(platform=platform, nonce=nonce, seen_at=seen_at))
        return True

    def forget_before(self, cutoff: datetime) -> None:
        self.session.execute(delete(SpentNonceRow).where(SpentNonceRow.seen_at < cutoff))
