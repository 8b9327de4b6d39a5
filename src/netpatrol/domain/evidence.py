"""Evidence (证据, M11): captured content with a SHA-256 digest, capture time and source.

An item is never changed: a later capture of the same post is a new item.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any


def canonical_bytes(content: dict[str, Any]) -> bytes:
    """The one byte form of a capture that its digest is computed over."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class EvidenceItem:
    clue_id: int
    kind: str
    content: bytes
    sha256: str
    captured_at: datetime
    source: str
    captured_by: str
    id: int | None = None

    @classmethod
    def capture(
        cls, clue_id: int, kind: str, content: dict[str, Any], at: datetime, source: str, by: str
    ) -> EvidenceItem:
        data = canonical_bytes(content)
        return cls(clue_id, kind, data, digest(data), at, source, by)

    def intact(self) -> bool:
        return digest(self.content) == self.sha256
