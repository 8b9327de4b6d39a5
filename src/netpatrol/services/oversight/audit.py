"""Writing audit entries from the service layer (rule 5: never from a route)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from netpatrol.domain.audit import AuditEntry
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


def record_for_measure(
    uow: UnitOfWork,
    measure: Any,
    *,
    actor: str,
    action: str,
    at: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """An entry about a measure, filed under the unit that owns the measure's clue."""
    clue = uow.clues.get(measure.clue_id)
    return record(
        uow,
        actor=actor,
        action=action,
        subject_type="measure",
        subject_id=measure.id,
        at=at,
        unit_id=clue.unit_id if clue else None,
        before=before,
        after=after,
        reason=reason,
    )
