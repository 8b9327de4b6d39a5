"""Request and response bodies shared by the API's capabilities: units, the legal catalogue,
sign-in, replies to warnings and audit entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class UnitPublic(BaseModel):
    code: str
    name: str
    full_name: str
    level: str
    parent_code: str | None
    region_codes: list[str]
    among_first_50: bool
    channel_accounts: dict[str, str]


class AuditPublic(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str
    hash: str


class LegalBasisPublic(BaseModel):
    code: str
    law: str
    article: str
    covers: str
    categories: list[str]
    measures: list[str]


class WarningReply(BaseModel):
    reply: Literal["acknowledge", "corrected", "appeal"]
    message: str = Field(default="", max_length=2000)


class LegalBasisEdit(BaseModel):
    unit: str = Field(description="the editing unit's code; 000000 for the national desk")
    law: str = Field(min_length=1, max_length=200)
    article: str = Field(min_length=1, max_length=100)
    covers: str = Field(min_length=1, max_length=2000)
    categories: list[str] = Field(default_factory=list)
    measures: list[str] = Field(
        default_factory=list, description="the measure kinds it may be cited for"
    )


class SignIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
