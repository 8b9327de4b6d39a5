"""Overdue assistance requests (逾期协查): a live request past its deadline is flagged
escalated once, with an audit entry; the asked unit sees it marked, the dashboard counts it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.services.assistance.requests import SUBJECT
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

TIMER_ACTOR = "system:timers"
BATCH = 500


def escalate_overdue(uow: UnitOfWork, clock: Callable[[], datetime]) -> int:
    """Flag every live request past its deadline; how many were flagged."""
    with uow:
        now = clock()
        due = uow.assistance.overdue(now, BATCH)
        for request in due:
            request.escalated_at = now
            request.unread_by_asked = request.unread_by_asker = True
            uow.assistance.update(request)
            record(
                uow,
                actor=TIMER_ACTOR,
                action="assistance.escalated",
                subject_type=SUBJECT,
                subject_id=request.id,
                at=now,
                unit_id=request.to_unit_id,
                after={
                    "deadline": request.deadline.isoformat(),
                    "status": request.status.value,
                },
                reason="the deadline passed with the request still open",
            )
        uow.commit()
    return len(due)
