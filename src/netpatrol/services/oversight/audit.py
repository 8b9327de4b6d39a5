"""Writing audit entries from the service layer (rule 5: never from a route)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from netpatrol.domain.audit import AuditEntry, first_broken
from netpatrol.services.ports import UnitOfWork

SYSTEM_ACTOR = "system:patrol"


def record(
    uow: UnitOfWork,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: object,
    at: datetime,
    unit_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        at=at,
        unit_id=unit_id,
        before=before,
        after=after,
        reason=reason,
    )
    return uow.audit.append(entry)


def verify_chain(uow: UnitOfWork, page: int = 5000) -> tuple[int, AuditEntry | None]:
    """(entries checked, first broken entry or None), reading the log in pages."""
    checked, after, prev = 0, 0, None
    with uow:
        while True:
            entries = uow.audit.entries(after_seq=after, limit=page)
            if not entries:
                return checked, None
            broken = first_broken(entries, start_hash=prev)
            if broken is not None:
                return checked + entries.index(broken), broken
            checked += len(entries)
            after, prev = entries[-1].seq or 0, entries[-1].hash


AUDIT_PAGE = 100


def audit_trail(
    uow: UnitOfWork,
    unit_ids: Sequence[int] | None,
    action: str = "",
    actor: str = "",
    before_seq: int = 0,
    limit: int = AUDIT_PAGE,
) -> list[AuditEntry]:
    """The audit log as an auditor reads it: newest first, for their units."""
    with uow:
        return uow.audit.recent(
            unit_ids, action.strip(), actor.strip(), max(before_seq, 0), max(1, min(limit, 500))
        )
