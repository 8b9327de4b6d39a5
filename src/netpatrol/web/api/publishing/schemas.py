"""Request and response bodies for publications (M8)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from netpatrol.domain.publications import Publication


class TargetIn(BaseModel):
    unit: str = Field(min_length=1, max_length=12, description="unit code")
    platform: Literal["weibo", "wechat", "tieba"]


class TargetPublic(BaseModel):
    unit_id: int
    platform: str
    account: str
    status: str
    post_id: str | None
    reach: int | None
    live: bool | None
    published_at: datetime | None
    error: str


class PublicationCreate(BaseModel):
    kind: Literal["fraud_alert", "case_bulletin", "safety_tip"]
    unit: str | None = Field(default=None, description="publishing unit; default: your own")
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=5000)
    targets: list[TargetIn] = Field(min_length=1, max_length=200)
    publish_at: AwareDatetime | None = None


class PublicationEdit(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=5000)
    targets: list[TargetIn] | None = Field(default=None, min_length=1, max_length=200)
    publish_at: AwareDatetime | None = None


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class PublicationPublic(BaseModel):
    id: int
    kind: str
    status: str
    unit_id: int
    title: str
    body: str
    author: str
    approver: str | None
    version: int
    publish_at: datetime | None
    published_at: datetime | None
    cluster_id: int | None
    check_id: int | None
    source_clue_id: int | None
    reach: int
    targets: list[TargetPublic]
    indicators: list[tuple[str, str]]


def publication_public(p: Publication) -> PublicationPublic:
    return PublicationPublic(
        id=p.id or 0,
        kind=p.kind.value,
        status=p.status.value,
        unit_id=p.unit_id,
        title=p.title,
        body=p.body,
        author=p.author,
        approver=p.approver,
        version=p.version,
        publish_at=p.publish_at,
        published_at=p.published_at,
        cluster_id=p.cluster_id,
        check_id=p.check_id,
        source_clue_id=p.source_clue_id,
        reach=p.reach,
        targets=[
            TargetPublic(
                unit_id=t.unit_id,
                platform=t.platform,
                account=t.account,
                status=t.status.value,
                post_id=t.external_id,
                reach=t.reach,
                live=t.live,
                published_at=t.published_at,
                error=t.error,
            )
            for t in p.targets
        ],
        indicators=list(p.indicators),
    )
