"""Bodies of the indicator routes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from netpatrol.domain.indicators import FalsePositiveReport, KnownIndicator
from netpatrol.web.deps import MAX_ROW_ID


class IndicatorCreate(BaseModel):
    kind: str = Field(description="phone, landline, qq, wechat, url, domain, short_link, ...")
    value: str = Field(min_length=1, max_length=256)
    category: str = "fraud"
    unit: str = Field(default="", description="the proposing unit's code (default: the user's)")
    sharing_level: str = Field(default="national", description="unit, province or national")
    note: str = Field(default="", max_length=2000)
    source_clue_id: int | None = Field(
        default=None, ge=1, le=MAX_ROW_ID, description="the clue it came from"
    )
    source_report_id: int | None = Field(
        default=None, ge=1, le=MAX_ROW_ID, description="the public report"
    )


class IndicatorEdit(BaseModel):
    category: str | None = None
    sharing_level: str | None = None
    note: str | None = Field(default=None, max_length=2000)


class Decision(BaseModel):
    reason: str = Field(default="", max_length=1000)


class Removal(BaseModel):
    reason: str = Field(min_length=1, max_length=1000, description="why it is removed")


class FalsePositiveCreate(BaseModel):
    reason: str = Field(default="", max_length=1000)


class IndicatorPublic(BaseModel):
    id: int
    kind: str
    value: str
    category: str
    sharing_level: str
    review: str = Field(description="proposed, confirmed, under_review, rejected or removed")
    in_force: bool = Field(description="confirmed and not expired: the patrol matches it")
    proposer: str
    reviewer: str | None
    source_clue_id: int | None
    source_report_id: int | None
    expires_at: datetime | None
    note: str
    created_at: datetime


class ReportPublic(BaseModel):
    id: int
    indicator_id: int
    source: str
    reason: str
    created_at: datetime


class ImportAnswer(BaseModel):
    added: list[IndicatorPublic]
    errors: list[dict[str, int | str]] = Field(description="per bad row: {row, reason}")


def indicator_public(i: KnownIndicator, now: datetime) -> IndicatorPublic:
    return IndicatorPublic(
        id=i.id or 0,
        kind=i.kind,
        value=i.value,
        category=i.category.value,
        sharing_level=i.sharing_level.value,
        review=i.review.value,
        in_force=i.in_force(now),
        proposer=i.proposer,
        reviewer=i.reviewer,
        source_clue_id=i.source_clue_id,
        source_report_id=i.source_report_id,
        expires_at=i.expires_at,
        note=i.note,
        created_at=i.created_at,
    )


def report_public(r: FalsePositiveReport) -> ReportPublic:
    return ReportPublic(
        id=r.id or 0,
        indicator_id=r.indicator_id,
        source=r.source.value,
        reason=r.reason,
        created_at=r.created_at,
    )
