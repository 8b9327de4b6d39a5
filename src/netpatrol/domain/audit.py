"""Audit entries (审计, M11): an append-only log where each entry holds the previous hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass
class AuditEntry:
    """One change of state or read of personal data: who, where, what, when and why."""

    actor: str
    action: str
    subject_type: str
    subject_id: str
    at: datetime
    unit_id: int | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""
    prev_hash: str = GENESIS_HASH
    hash: str = ""
    seq: int | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "action": self.action,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "at": self.at.astimezone(UTC).isoformat(),
            "unit_id": self.unit_id,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(
            self.payload(), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
        )
        return hashlib.sha256((self.prev_hash + canonical).encode("utf-8")).hexdigest()

    def seal(self, prev_hash: str) -> None:
        self.prev_hash = prev_hash
        self.hash = self.compute_hash()


def first_broken(entries: Iterable[AuditEntry], start_hash: str | None = None) -> AuditEntry | None:
    """The first entry whose content or link does not match the chain, or None if intact.

    `start_hash` is the hash of the entry before the first one given (a page of the log).
    """
    expected_prev = start_hash or GENESIS_HASH
    for entry in entries:
        if entry.prev_hash != expected_prev or entry.compute_hash() != entry.hash:
            return entry
        expected_prev = entry.hash
    return None
