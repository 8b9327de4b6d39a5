"""The retention run (`netpatrol retention run`, and the timers worker): each class of
personal data past its period is deleted or pseudonymised in batches; each batch commits
whole with one audit entry of counts (never the data), so a crash leaves every batch
either applied or not, and running again picks up where it stopped."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.retention import EndAction, RetentionRule
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

RETENTION_ACTOR = "system:retention"
BATCH = 500


@dataclass
class RetentionOutcome:
    data: str
    action: str
    days: int
    due: int = 0  # past the period and not yet treated (a dry run stops here)
    applied: int = 0
    batches: int = 0


def pseudonymiser(key: bytes) -> Callable[[str], str]:
    """The same pseudonym for the same author under one key, and no way back without it."""

    def pseudonym(value: str) -> str:
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:24]

    return pseudonym


def run_retention(
    uow: UnitOfWork,
    rules: list[RetentionRule],
    clock: Callable[[], datetime],
    key: bytes,
    dry_run: bool = False,
    batch: int = BATCH,
) -> list[RetentionOutcome]:
    pseudonym = pseudonymiser(key)
    outcomes = []
    for rule in rules:
        outcome = RetentionOutcome(rule.data.value, rule.action.value, rule.days)
        cutoff = rule.cutoff(clock())
        with uow:
            outcome.due = uow.retention.count_due(rule.data, cutoff, rule.legal_hold)
        if dry_run or rule.action is EndAction.KEEP:
            outcomes.append(outcome)
            continue
        with uow:  # whole months first, where the class is partitioned by month
            dropped, months = uow.retention.drop_months(rule.data, cutoff, rule.legal_hold)
            if months:
                _record(uow, rule, cutoff, dropped, clock(), months)
                uow.commit()
                outcome.applied += dropped
                outcome.batches += 1
        last: int | None = None
        while True:
            with uow:
                ids = uow.retention.due(rule.data, cutoff, rule.legal_hold, batch, last)
                if not ids:
                    break
                last = ids[-1]
                done = uow.retention.apply(rule.data, ids, pseudonym)
                _record(uow, rule, cutoff, done, clock())
                uow.commit()
            outcome.applied += done
            outcome.batches += 1
        outcomes.append(outcome)
    return outcomes


def _record(
    uow: UnitOfWork,
    rule: RetentionRule,
    cutoff: datetime,
    count: int,
    at: datetime,
    months: list[str] | None = None,
) -> None:
    """One audit entry of counts (never the data) for what one step removed."""
    after: dict[str, object] = {
        "class": rule.data.value,
        "action": rule.action.value,
        "count": count,
        "cutoff": cutoff.isoformat(),
    }
    if months:
        after["partitions"] = months
    record(
        uow,
        actor=RETENTION_ACTOR,
        action="retention.applied",
        subject_type="retention",
        subject_id=rule.data.value,
        at=at,
        after=after,
        reason=f"kept {rule.days} days",
    )
