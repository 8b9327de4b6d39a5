"""Request and response bodies for clues and measures; names say their role."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from netpatrol.domain.measures import Measure, MeasureStatus
from netpatrol.services.clues.queries import ClueView
from netpatrol.web.api.schemas import AuditPublic


class EvidencePublic(BaseModel):
    start: int
    end: int
    text: str
    detector: str


class PostPublic(BaseModel):
    platform: str
    external_id: str
    author_id: str
    author_name: str
    author_region: str
    text: str
    links: list[str]
    created_at: datetime
    reposts: int
    comments: int
    likes: int
    parent_id: str | None


class FindingPublic(BaseModel):
    id: int
    category: str
    score: float
    scores: dict[str, float]
    severity: str
    evidence: list[EvidencePublic]
    detector: str
    detector_version: str
    created_at: datetime | None


class MeasurePublic(BaseModel):
    id: int
    clue_id: int
    kind: str
    status: str
    legal_bases: list[str]
    actor: str
    approver: str | None
    details: dict[str, Any]
    recipient: str | None
    body: str
    deadline: datetime | None
    created_at: datetime


class CluePublic(BaseModel):
    id: int
    unit_code: str
    unit_name: str
    category: str
    severity: str
    status: str
    sharing_level: str
    reach: int
    growth: float
    assignee: str | None
    claimed_at: datetime | None
    due_at: datetime | None
    created_at: datetime
    post: PostPublic


class SuggestedMeasure(BaseModel):
    measure: str
    approval: str
    rule: str


class ClueDetail(CluePublic):
    suggested_measure: SuggestedMeasure | None
    findings: list[FindingPublic]
    measures: list[MeasurePublic]
    audit: list[AuditPublic]


class Citing(BaseModel):
    """A measure that cites legal bases; a supervisor may cite one that does not fit."""

    override_reason: str = Field(
        default="",
        max_length=2000,
        description="a supervisor's written reason to cite an entry that does not fit the "
        "clue's category or the measure",
    )


class WarningCreate(Citing):
    legal_bases: list[str] = Field(min_length=1, description="codes from /api/v1/legal-bases")
    deadline_hours: int = Field(default=48, ge=1, le=720)


class WarningPreview(BaseModel):
    body: str


def clue_public(view: ClueView) -> CluePublic:
    c = view.clue
    return CluePublic(
        id=c.id or 0,
        unit_code=view.unit.code,
        unit_name=view.unit.name,
        category=c.category.value,
        severity=c.severity.value,
        status=c.status.value,
        sharing_level=c.sharing_level.value,
        reach=c.reach,
        growth=c.growth,
        assignee=c.assignee,
        claimed_at=c.claimed_at,
        due_at=c.due_at,
        created_at=c.created_at,
        post=post_public(view),
    )


def post_public(view: ClueView) -> PostPublic:
    p = view.post
    return PostPublic(
        platform=p.platform.value,
        external_id=p.external_id,
        author_id=p.author.id,
        author_name=p.author.name,
        author_region=p.author.region,
        text=p.text,
        links=p.links,
        created_at=p.created_at,
        reposts=p.reposts,
        comments=p.comments,
        likes=p.likes,
        parent_id=p.parent_external_id,
    )


def clue_detail(view: ClueView) -> ClueDetail:
    rule = view.suggestion
    return ClueDetail(
        **clue_public(view).model_dump(),
        suggested_measure=(
            SuggestedMeasure(measure=rule.measure, approval=rule.approval, rule=rule.name)
            if rule
            else None
        ),
        findings=[
            FindingPublic(
                id=f.id or 0,
                category=f.category.value,
                score=f.score,
                scores=f.scores,
                severity=f.severity.value,
                evidence=[EvidencePublic(**e.as_dict()) for e in f.evidence],  # type: ignore[arg-type]
                detector=f.detector,
                detector_version=f.detector_version,
                created_at=f.created_at,
            )
            for f in view.findings
        ],
        measures=[measure_public(m) for m in view.measures],
        audit=[
            AuditPublic(
                seq=a.seq or 0,
                at=a.at,
                actor=a.actor,
                action=a.action,
                subject_type=a.subject_type,
                subject_id=a.subject_id,
                before=a.before,
                after=a.after,
                reason=a.reason,
                hash=a.hash.hex(),
            )
            for a in view.audit
        ],
    )


def measure_public(m: Measure) -> MeasurePublic:
    return MeasurePublic(
        id=m.id or 0,
        clue_id=m.clue_id,
        approver=m.approver,
        details=m.details,
        kind=m.kind.value,
        status=m.status.value,
        legal_bases=m.legal_bases,
        actor=m.actor,
        recipient=m.recipient,
        body=m.body,
        deadline=m.deadline,
        created_at=m.created_at,
    )


class MeasureCreate(Citing):
    kind: Literal["takedown", "case", "referral", "dismissal"]
    legal_bases: list[str] = Field(
        default_factory=list,
        description="codes from /api/v1/legal-bases; none for a dismissal, which gives its "
        "reason instead",
    )
    reason: str = Field(default="", max_length=2000)
    deadline_hours: int | None = Field(default=None, ge=1, le=720)
    agency: str = Field(default="", max_length=128, description="for a referral")


class AppealDecision(BaseModel):
    upheld: bool = Field(description="true: the measure is withdrawn; false: it stands")
    reasons: str = Field(max_length=2000, description="shown to the appellant")


class MeasureTransition(BaseModel):
    to: MeasureStatus
    reason: str = Field(default="", max_length=2000)
    note: dict[str, str] = Field(default_factory=dict, description="e.g. the agency's answer")


class ClueAction(BaseModel):
    reason: str = Field(default="", max_length=2000)
    unit: str | None = Field(default=None, description="for reassign: the receiving unit's code")
