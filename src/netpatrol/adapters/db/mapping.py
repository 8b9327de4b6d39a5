"""Translation between table rows and domain objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from netpatrol.adapters.db.tables.core import (
    AuditRow,
    ClueRow,
    FindingRow,
    MeasureRow,
    PostRow,
    UnitRow,
)
from netpatrol.domain.audit import AuditEntry
from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.findings import Evidence, Finding
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.domain.posts import Author, Platform, Post
from netpatrol.domain.units import Unit, UnitLevel


def unit_from_row(row: UnitRow, codes: dict[int, str]) -> Unit:
    return Unit(
        code=row.code,
        name=row.name,
        full_name=row.full_name,
        level=UnitLevel(row.level),
        parent_code=codes.get(row.parent_id) if row.parent_id is not None else None,
        region_codes=list(row.region_codes),
        among_first_50=row.among_first_50,
        channel_accounts=dict(row.channel_accounts),
        id=row.id,
    )


def post_values(post: Post, ingested_at: datetime) -> dict[str, Any]:
    """A posts row as a Core insert takes it."""
    return {
        "platform": post.platform.value,
        "external_id": post.external_id,
        "author_id": post.author.id,
        "author_name": post.author.name,
        "author_region": post.author.region,
        "text": post.text,
        "links": list(post.links),
        "created_at": post.created_at,
        "reposts": post.reposts,
        "comments": post.comments,
        "likes": post.likes,
        "parent_external_id": post.parent_external_id,
        "extra": dict(post.extra),
        "ingested_at": ingested_at,
    }


def post_from_row(row: PostRow) -> Post:
    return Post(
        platform=Platform(row.platform),
        external_id=row.external_id,
        author=Author(row.author_id, row.author_name, row.author_region),
        text=row.text,
        created_at=row.created_at,
        links=list(row.links),
        reposts=row.reposts,
        comments=row.comments,
        likes=row.likes,
        parent_external_id=row.parent_external_id,
        extra=dict(row.extra),
        id=row.id,
    )


def finding_values(finding: Finding) -> dict[str, Any]:
    """A findings row as a Core insert takes it."""
    return {
        "post_id": finding.post_id,
        "clue_id": finding.clue_id,
        "category": finding.category.value,
        "score": finding.score,
        "scores": dict(finding.scores),
        "severity": finding.severity.value,
        "evidence": [e.as_dict() for e in finding.evidence],
        "detector": finding.detector,
        "detector_version": finding.detector_version,
        "created_at": finding.created_at,
    }


def finding_from_row(row: FindingRow) -> Finding:
    return Finding(
        category=Category(row.category),
        score=row.score,
        severity=Severity(row.severity),
        evidence=[Evidence(**e) for e in row.evidence],
        detector=row.detector,
        detector_version=row.detector_version,
        post_id=row.post_id,
        clue_id=row.clue_id,
        created_at=row.created_at,
        id=row.id,
        scores=dict(row.scores),
    )


def clue_state(clue: Clue) -> dict[str, Any]:
    """The columns of a stored clue that change, as a Core update takes them."""
    return {
        "unit_id": clue.unit_id,
        "post_id": clue.post_id,
        "category": clue.category.value,
        "severity": clue.severity.value,
        "severity_rank": clue.severity.rank,
        "reach": clue.reach,
        "growth": clue.growth,
        "priority": clue.priority,
        "status": clue.status.value,
        "sharing_level": clue.sharing_level.value,
        "assignee": clue.assignee,
        "claimed_at": clue.claimed_at,
        "due_at": clue.due_at,
        "breached_at": clue.breached_at,
        "updated_at": clue.updated_at,
    }


def clue_to_row(clue: Clue, row: ClueRow | None = None) -> ClueRow:
    row = row or ClueRow(created_at=clue.created_at)
    row.unit_id = clue.unit_id
    row.post_id = clue.post_id
    row.category = clue.category.value
    row.severity = clue.severity.value
    row.severity_rank = clue.severity.rank
    row.reach = clue.reach
    row.growth = clue.growth
    row.priority = clue.priority
    row.status = clue.status.value
    row.sharing_level = clue.sharing_level.value
    row.assignee = clue.assignee
    row.claimed_at = clue.claimed_at
    row.due_at = clue.due_at
    row.breached_at = clue.breached_at
    row.updated_at = clue.updated_at
    return row


def clue_from_row(row: ClueRow) -> Clue:
    return Clue(
        unit_id=row.unit_id,
        category=Category(row.category),
        severity=Severity(row.severity),
        post_id=row.post_id,
        reach=row.reach,
        sharing_level=SharingLevel(row.sharing_level),
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=ClueStatus(row.status),
        assignee=row.assignee,
        id=row.id,
        due_at=row.due_at,
        claimed_at=row.claimed_at,
        breached_at=row.breached_at,
        growth=row.growth,
        priority=row.priority,
    )


def measure_to_row(measure: Measure) -> MeasureRow:
    return MeasureRow(
        clue_id=measure.clue_id,
        kind=measure.kind.value,
        status=measure.status.value,
        legal_bases=list(measure.legal_bases),
        actor=measure.actor,
        approver=measure.approver,
        recipient=measure.recipient,
        body=measure.body,
        deadline=measure.deadline,
        channel_message_id=measure.channel_message_id,
        details=dict(measure.details),
        created_at=measure.created_at,
        updated_at=measure.updated_at or measure.created_at,
    )


def measure_from_row(row: MeasureRow) -> Measure:
    return Measure(
        clue_id=row.clue_id,
        kind=MeasureKind(row.kind),
        legal_bases=list(row.legal_bases),
        actor=row.actor,
        created_at=row.created_at,
        status=MeasureStatus(row.status),
        body=row.body,
        recipient=row.recipient,
        deadline=row.deadline,
        approver=row.approver,
        channel_message_id=row.channel_message_id,
        details=dict(row.details),
        id=row.id,
        updated_at=row.updated_at,
    )


def audit_values(entry: AuditEntry) -> dict[str, Any]:
    """A sealed entry as the values of a Core insert."""
    return {
        "at": entry.at,
        "actor": entry.actor,
        "unit_id": entry.unit_id,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def audit_from_row(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        actor=row.actor,
        action=row.action,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        at=row.at,
        unit_id=row.unit_id,
        before=row.before,
        after=row.after,
        reason=row.reason,
        prev_hash=row.prev_hash,
        hash=row.hash,
        seq=row.seq,
    )
