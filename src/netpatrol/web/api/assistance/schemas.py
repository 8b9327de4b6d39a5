"""Request and response bodies for assistance requests, clue notes and participants."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from netpatrol.domain.assistance import MAX_DEADLINE_HOURS, MAX_NOTE, AssistanceKind
from netpatrol.domain.categories import SharingLevel
from netpatrol.services.assistance.reads import RequestView
from netpatrol.services.assistance.requests import MAX_ITEMS, MAX_TARGETS
from netpatrol.web.deps import RowIdItem

UnitCode = Annotated[str, Field(min_length=1, max_length=16)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_NOTE)]


class AssistanceCreate(BaseModel):
    """Ask one or more units (the national desk is 000000) for help on a clue."""

    clue_id: RowIdItem
    units: list[UnitCode] = Field(min_length=1, max_length=MAX_TARGETS)
    kind: AssistanceKind
    note: Text
    deadline_hours: int = Field(default=72, ge=1, le=MAX_DEADLINE_HOURS)
    sharing_level: SharingLevel = SharingLevel.UNIT
    evidence_ids: list[RowIdItem] = Field(default_factory=list, max_length=50)


class ItemCreate(BaseModel):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    content: Text


class AnswerCreate(BaseModel):
    text: Text
    evidence: list[ItemCreate] = Field(default_factory=list, max_length=MAX_ITEMS)


class Decline(BaseModel):
    reason: Text


class AnswerPublic(BaseModel):
    id: int
    unit_code: str
    author: str
    text: str
    evidence_ids: list[int]
    created_at: datetime


class AssistancePublic(BaseModel):
    id: int
    clue_id: int
    from_unit: str
    to_unit: str
    kind: str
    note: str
    status: str
    deadline: datetime
    sharing_level: str
    evidence_ids: list[int]
    created_by: str
    created_at: datetime
    decided_by: str | None
    decision_reason: str
    first_answer_at: datetime | None
    closed_at: datetime | None
    escalated: bool
    unread: bool


class AssistanceDetail(AssistancePublic):
    answers: list[AnswerPublic]


class AssistanceInbox(BaseModel):
    to_us: list[AssistancePublic]
    from_us: list[AssistancePublic]
    waiting: int
    unread: int


class NoteCreate(BaseModel):
    text: Text


class NotePublic(BaseModel):
    id: int
    clue_id: int
    unit_code: str
    author: str
    text: str
    created_at: datetime


class ParticipantPublic(BaseModel):
    unit_code: str
    unit_name: str
    reason: str
    since: datetime


def assistance_public(v: RequestView) -> AssistancePublic:
    r = v.request
    return AssistancePublic(
        id=r.id or 0,
        clue_id=r.clue_id,
        from_unit=v.from_unit.code,
        to_unit=v.to_unit.code,
        kind=r.kind.value,
        note=r.note,
        status=r.status.value,
        deadline=r.deadline,
        sharing_level=r.sharing_level.value,
        evidence_ids=list(r.evidence_ids),
        created_by=r.created_by,
        created_at=r.created_at,
        decided_by=r.decided_by,
        decision_reason=r.decision_reason,
        first_answer_at=r.first_answer_at,
        closed_at=r.closed_at,
        escalated=r.escalated_at is not None,
        unread=v.unread,
    )


def assistance_detail(v: RequestView) -> AssistanceDetail:
    codes = {v.from_unit.id: v.from_unit.code, v.to_unit.id: v.to_unit.code}
    answers = [
        AnswerPublic(
            id=a.id or 0,
            unit_code=codes.get(a.unit_id, ""),
            author=a.author,
            text=a.text,
            evidence_ids=list(a.evidence_ids),
            created_at=a.created_at,
        )
        for a in v.answers
    ]
    return AssistanceDetail(**assistance_public(v).model_dump(), answers=answers)
