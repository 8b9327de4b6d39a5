"""Request and response bodies for clusters and checks (M6)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from netpatrol.domain.checks import Check
from netpatrol.domain.spread import Cluster, Rates
from netpatrol.services.rumours.clusters import ClusterView, phase
from netpatrol.web.api.publishing.schemas import PublicationPublic, TargetIn, publication_public


class ClusterPublic(BaseModel):
    id: int
    unit: str
    status: str
    verdict: str | None
    claim: str
    posts: int
    copies: int
    variants: int
    reach: int
    growth: float = Field(description="reach per hour in the last 3 hours up to its newest post")
    first_seen_at: datetime
    last_seen_at: datetime
    debunked_at: datetime | None


def cluster_public(cluster: Cluster, unit_code: str) -> ClusterPublic:
    return ClusterPublic(
        id=cluster.id or 0,
        unit=unit_code,
        status=cluster.status.value,
        verdict=cluster.verdict,
        claim=cluster.claim,
        posts=cluster.posts,
        copies=cluster.copies,
        variants=cluster.variants,
        reach=cluster.reach,
        growth=cluster.growth,
        first_seen_at=cluster.first_seen_at,
        last_seen_at=cluster.last_seen_at,
        debunked_at=cluster.debunked_at,
    )


class SourceIn(BaseModel):
    kind: Literal["link", "note", "agency"]
    value: str = Field(min_length=1, max_length=2000)
    note: str = Field(default="", max_length=2000)


class CheckCreate(BaseModel):
    claim: str = Field(min_length=1, max_length=2000)


class VerdictIn(BaseModel):
    verdict: Literal["false", "misleading", "true", "unverified"]
    conclusion: str = Field(min_length=1, max_length=5000)


class DecisionIn(BaseModel):
    approve: bool
    note: str = Field(default="", max_length=2000)


class CheckPublic(BaseModel):
    id: int
    cluster_id: int
    status: str
    claim: str
    sources: list[SourceIn]
    verdict: str | None
    conclusion: str
    reviewer: str
    approver: str | None
    decision_note: str
    created_at: datetime
    reviewed_at: datetime | None
    decided_at: datetime | None


def check_public(check: Check) -> CheckPublic:
    return CheckPublic(
        id=check.id or 0,
        cluster_id=check.cluster_id,
        status=check.status.value,
        claim=check.claim,
        sources=[SourceIn(kind=s.kind.value, value=s.value, note=s.note) for s in check.sources],
        verdict=check.verdict.value if check.verdict else None,
        conclusion=check.conclusion,
        reviewer=check.reviewer,
        approver=check.approver,
        decision_note=check.decision_note,
        created_at=check.created_at,
        reviewed_at=check.reviewed_at,
        decided_at=check.decided_at,
    )


class DebunkCreate(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    body: str | None = Field(default=None, min_length=1, max_length=5000)
    targets: list[TargetIn] | None = Field(default=None, min_length=1, max_length=200)
    publish_at: AwareDatetime | None = None


class DebunkSuggestion(BaseModel):
    title: str
    body: str
    units: list[str] = Field(description="unit codes the claim reached")


class RatesPublic(BaseModel):
    hours: float
    posts: int
    variants: int
    reach: int
    posts_per_hour: float
    reach_per_hour: float


def rates_public(rates: Rates) -> RatesPublic:
    return RatesPublic(
        hours=rates.hours,
        posts=rates.posts,
        variants=rates.variants,
        reach=rates.reach,
        posts_per_hour=rates.posts_per_hour,
        reach_per_hour=rates.reach_per_hour,
    )


class EffectPublic(BaseModel):
    debunked_at: datetime
    before: RatesPublic
    after: RatesPublic
    change_in_posts_per_hour: float | None


class HourPublic(BaseModel):
    hour: str
    phase: str
    posts: int
    copies: int
    variants: int
    reach: int


class ClusterDetail(BaseModel):
    cluster: ClusterPublic
    checks: list[CheckPublic]
    debunks: list[PublicationPublic]
    clue_ids: list[int]
    series: list[HourPublic]
    effect: EffectPublic | None


def cluster_detail(view: ClusterView) -> ClusterDetail:
    fx = view.effect
    return ClusterDetail(
        cluster=cluster_public(view.cluster, view.unit.code),
        checks=[check_public(c) for c in view.checks],
        debunks=[publication_public(p) for p in view.publications],
        clue_ids=view.clue_ids,
        series=[
            HourPublic(
                hour=h.start.isoformat(),
                phase=phase(view, h),
                posts=h.posts,
                copies=h.copies,
                variants=h.variants,
                reach=h.reach,
            )
            for h in view.series
        ],
        effect=None
        if fx is None
        else EffectPublic(
            debunked_at=fx.debunked_at,
            before=rates_public(fx.before),
            after=rates_public(fx.after),
            change_in_posts_per_hour=fx.change,
        ),
    )
