"""Request and answer bodies of the agency and platform-answer routes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from netpatrol.domain.agencies import Agency, AgencyKind, Channel


class AgencyPublic(BaseModel):
    code: str
    name: str
    kind: AgencyKind
    province: str | None
    channel: Channel
    reachable: bool = Field(description="it has an address, so a referral can be sent to it")

    @classmethod
    def of(cls, a: Agency) -> AgencyPublic:
        return cls(
            code=a.code,
            name=a.name,
            kind=a.kind,
            province=a.province,
            channel=a.channel,
            reachable=bool(a.address),
        )


class AgencyEdit(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    kind: AgencyKind
    province: str | None = Field(default=None, max_length=16, description="None: national")
    channel: Channel
    address: str = Field(default="", max_length=300, description="e-mail, or the webhook URL")


class PlatformAnswerBody(BaseModel):
    """What a platform sends to the callback (documented; the route reads the raw body
    to check its signature first)."""

    answer: Literal["removed", "refused", "needs_more"]
    reason: (
        Literal["not_unlawful", "insufficient_evidence", "not_found", "not_our_service", "other"]
        | None
    ) = None
    text: str = Field(default="", max_length=2000, description="the refusal's words, or a question")


class QuestionAnswer(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class AgencyReply(BaseModel):
    answer: Literal["accepted", "declined", "done"]
    text: str = Field(default="", max_length=2000)
