"""Checking a spreading claim (核查, M6): open a check on a cluster, record the sources
consulted, propose a verdict, and have a supervisor approve it (four eyes)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from netpatrol.domain.checks import Check, CheckStatus, Source, Verdict
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.spread import Cluster, ClusterStatus
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.acting import Acting, require, require_unit
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]
MAX_CLAIM = 2000


def _cluster(uow: UnitOfWork, cluster_id: int) -> Cluster:
    cluster = uow.clusters.get(cluster_id)
    if cluster is None:
        raise NotFound(f"cluster {cluster_id} does not exist")
    return cluster


def _check(uow: UnitOfWork, check_id: int) -> Check:
    check = uow.checks.get(check_id)
    if check is None:
        raise NotFound(f"check {check_id} does not exist")
    return check


def open_check(uow: UnitOfWork, cluster_id: int, claim: str, actor: Acting, clock: Clock) -> Check:
    """Start checking the claim a cluster spreads; one check at a time per cluster."""
    require(actor, Permission.WORK, "check a claim")
    claim = claim.strip()
    if not claim or len(claim) > MAX_CLAIM:
        raise RuleViolation(f"state the claim in 1 to {MAX_CLAIM} characters")
    with uow:
        cluster = _cluster(uow, cluster_id)
        require_unit(actor, cluster.unit_id, f"cluster {cluster_id}")
        busy = [
            c for c in uow.checks.for_cluster(cluster_id) if c.status is not CheckStatus.APPROVED
        ]
        if busy:
            raise RuleViolation(f"cluster {cluster_id} already has check {busy[0].id} under way")
        now = clock()
        before = cluster.status
        cluster.move_to(ClusterStatus.CHECKING, now)
        uow.clusters.update(cluster)
        check = uow.checks.add(Check(cluster_id, cluster.unit_id, claim, actor.name, now, now))
        record(
            uow,
            actor=actor.name,
            action="check.opened",
            subject_type="check",
            subject_id=check.id,
            at=now,
            unit_id=cluster.unit_id,
            before={"cluster_status": before.value},
            after={"cluster_id": cluster_id, "claim": claim, "cluster_status": "checking"},
        )
        uow.commit()
    return check


def add_source(
    uow: UnitOfWork, check_id: int, raw: Mapping[str, Any], actor: Acting, clock: Clock
) -> Check:
    """Record a source consulted: a link, a note, or the agency asked and its answer."""
    require(actor, Permission.WORK, "add to a check")
    source = Source.parse(dict(raw))
    with uow:
        check = _check(uow, check_id)
        require_unit(actor, check.unit_id, f"check {check_id}")
        now = clock()
        check.add_source(source, now)
        uow.checks.update(check)
        record(
            uow,
            actor=actor.name,
            action="check.source_added",
            subject_type="check",
            subject_id=check_id,
            at=now,
            unit_id=check.unit_id,
            after=source.as_dict(),
        )
        uow.commit()
    return check


def submit(
    uow: UnitOfWork, check_id: int, verdict: str, conclusion: str, actor: Acting, clock: Clock
) -> Check:
    """The reviewer proposes the verdict and its reasons."""
    require(actor, Permission.WORK, "propose a verdict")
    try:
        chosen = Verdict(verdict)
    except ValueError:
        raise RuleViolation(f"a verdict is one of {', '.join(Verdict)}") from None
    with uow:
        check = _check(uow, check_id)
        require_unit(actor, check.unit_id, f"check {check_id}")
        if actor.name != check.reviewer:
            raise RuleViolation(f"the verdict is proposed by the reviewer, {check.reviewer}")
        now = clock()
        check.submit(chosen, conclusion, now)
        uow.checks.update(check)
        record(
            uow,
            actor=actor.name,
            action="check.submitted",
            subject_type="check",
            subject_id=check_id,
            at=now,
            unit_id=check.unit_id,
            before={"status": "open"},
            after={"status": "submitted", "verdict": chosen.value, "conclusion": check.conclusion},
        )
        uow.commit()
    return check


def decide(
    uow: UnitOfWork, check_id: int, approve: bool, note: str, actor: Acting, clock: Clock
) -> Check:
    """A supervisor, not the reviewer, approves the verdict or sends the check back."""
    require(actor, Permission.APPROVE, "approve a check")
    with uow:
        check = _check(uow, check_id)
        require_unit(actor, check.unit_id, f"check {check_id}")
        cluster = _cluster(uow, check.cluster_id)
        now = clock()
        if approve:
            check.approve(actor.name, note, now)
            cluster.move_to(ClusterStatus.CHECKED, now)
            cluster.verdict = check.verdict.value if check.verdict else None
        else:
            check.send_back(actor.name, note, now)
        uow.checks.update(check)
        uow.clusters.update(cluster)
        record(
            uow,
            actor=actor.name,
            action="check.approved" if approve else "check.sent_back",
            subject_type="check",
            subject_id=check_id,
            at=now,
            unit_id=check.unit_id,
            before={"status": "submitted"},
            after={
                "status": check.status.value,
                "verdict": check.verdict.value if check.verdict else None,
                "cluster_status": cluster.status.value,
            },
            reason=check.decision_note,
        )
        uow.commit()
    return check


def awaiting(uow: UnitOfWork, unit_ids: list[int] | None) -> list[Check]:
    """Checks with a proposed verdict, for the approvals inbox."""
    with uow:
        return uow.checks.with_status(CheckStatus.SUBMITTED, unit_ids)
