"""SQLAlchemy storage of assistance requests, clue participants and clue notes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from netpatrol.adapters.db.patrol import KEY_CHUNK, insert_ignoring_conflicts
from netpatrol.adapters.db.tables.assistance import (
    AssistanceAnswerRow,
    AssistanceRequestRow,
    ClueNoteRow,
    ClueParticipantRow,
)
from netpatrol.domain.assistance import (
    ANSWERABLE,
    AssistanceAnswer,
    AssistanceKind,
    AssistanceRequest,
    AssistanceStatus,
)
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.clue_threads import ClueNote, Participant

FIELDS = (
    "clue_id",
    "from_unit_id",
    "to_unit_id",
    "note",
    "deadline",
    "created_by",
    "created_at",
    "updated_at",
    "decided_by",
    "decided_at",
    "decision_reason",
    "first_answer_at",
    "closed_by",
    "closed_at",
    "escalated_at",
    "unread_by_asker",
    "unread_by_asked",
)


def _to_row(r: AssistanceRequest, row: AssistanceRequestRow) -> AssistanceRequestRow:
    for name in FIELDS:
        setattr(row, name, getattr(r, name))
    row.kind, row.status = r.kind.value, r.status.value
    row.sharing_level, row.evidence_ids = r.sharing_level.value, list(r.evidence_ids)
    return row


def _from_row(row: AssistanceRequestRow) -> AssistanceRequest:
    found = AssistanceRequest(
        **{name: getattr(row, name) for name in FIELDS},
        kind=AssistanceKind(row.kind),
        sharing_level=SharingLevel(row.sharing_level),
        evidence_ids=[int(i) for i in row.evidence_ids],
        status=AssistanceStatus(row.status),
        id=row.id,
    )
    return found


class SqlAssistance:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: AssistanceRequest) -> None:
        row = _to_row(request, AssistanceRequestRow())
        self.session.add(row)
        self.session.flush()
        request.id = row.id

    def get(self, request_id: int) -> AssistanceRequest | None:
        row = self.session.get(AssistanceRequestRow, request_id)
        return _from_row(row) if row else None

    def update(self, request: AssistanceRequest) -> None:
        row = self.session.get(AssistanceRequestRow, request.id)
        if row is None:
            raise LookupError(f"assistance request {request.id} is not stored")
        _to_row(request, row)
        self.session.flush()

    def involving(self, unit_ids: Iterable[int] | None, limit: int) -> list[AssistanceRequest]:
        stmt = select(AssistanceRequestRow)
        if unit_ids is not None:
            wanted = list(unit_ids)
            stmt = stmt.where(
                or_(
                    AssistanceRequestRow.to_unit_id.in_(wanted),
                    AssistanceRequestRow.from_unit_id.in_(wanted),
                )
            )
        stmt = stmt.order_by(AssistanceRequestRow.id.desc()).limit(limit)
        return [_from_row(r) for r in self.session.scalars(stmt)]

    def for_clue(self, clue_id: int) -> list[AssistanceRequest]:
        stmt = (
            select(AssistanceRequestRow)
            .where(AssistanceRequestRow.clue_id == clue_id)
            .order_by(AssistanceRequestRow.id)
        )
        return [_from_row(r) for r in self.session.scalars(stmt)]

    def overdue(self, now: datetime, limit: int) -> list[AssistanceRequest]:
        stmt = (
            select(AssistanceRequestRow)
            .where(AssistanceRequestRow.status.in_([s.value for s in ANSWERABLE]))
            .where(AssistanceRequestRow.deadline < now)
            .where(AssistanceRequestRow.escalated_at.is_(None))
            .order_by(AssistanceRequestRow.deadline, AssistanceRequestRow.id)
            .limit(limit)
        )
        return [_from_row(r) for r in self.session.scalars(stmt)]

    def since(self, start: datetime, unit_ids: Sequence[int] | None) -> list[AssistanceRequest]:
        stmt = select(AssistanceRequestRow).where(AssistanceRequestRow.created_at >= start)
        if unit_ids is not None:
            stmt = stmt.where(AssistanceRequestRow.to_unit_id.in_(list(unit_ids)))
        return [_from_row(r) for r in self.session.scalars(stmt)]

    def add_answer(self, answer: AssistanceAnswer) -> AssistanceAnswer:
        row = AssistanceAnswerRow(
            request_id=answer.request_id,
            unit_id=answer.unit_id,
            author=answer.author,
            text=answer.text,
            evidence_ids=list(answer.evidence_ids),
            created_at=answer.created_at,
        )
        self.session.add(row)
        self.session.flush()
        return _answer(row)

    def answers(self, request_id: int) -> list[AssistanceAnswer]:
        stmt = (
            select(AssistanceAnswerRow)
            .where(AssistanceAnswerRow.request_id == request_id)
            .order_by(AssistanceAnswerRow.id)
        )
        return [_answer(r) for r in self.session.scalars(stmt)]


def _answer(row: AssistanceAnswerRow) -> AssistanceAnswer:
    return AssistanceAnswer(
        row.request_id,
        row.unit_id,
        row.author,
        row.text,
        row.created_at,
        tuple(int(i) for i in row.evidence_ids),
        row.id,
    )


class SqlParticipants:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_many(self, participants: Sequence[Participant]) -> list[Participant]:
        """One INSERT ... ON CONFLICT DO NOTHING RETURNING for the lot: the unique index
        on (clue, unit) skips a unit that already takes part, at the same cost however many
        participants are stored, and RETURNING names the rows that were new."""
        wanted: dict[tuple[int, int], Participant] = {}
        for participant in participants:
            wanted.setdefault((participant.clue_id, participant.unit_id), participant)
        if not wanted:
            return []
        self.session.flush()  # the clues they name are written first
        table = cast(Table, ClueParticipantRow.__table__)
        rows = [
            {"clue_id": c, "unit_id": u, "reason": p.reason[:200], "since": p.since}
            for (c, u), p in sorted(wanted.items())
        ]
        new: set[tuple[int, int]] = set()
        for i in range(0, len(rows), KEY_CHUNK):
            chunk = rows[i : i + KEY_CHUNK]
            stmt = insert_ignoring_conflicts(self.session, table).values(chunk)
            returned = self.session.execute(stmt.returning(table.c.clue_id, table.c.unit_id))
            new.update((int(c), int(u)) for c, u in returned)
        return [p for key, p in wanted.items() if key in new]

    def for_clue(self, clue_id: int) -> list[Participant]:
        stmt = (
            select(ClueParticipantRow)
            .where(ClueParticipantRow.clue_id == clue_id)
            .order_by(ClueParticipantRow.id)
        )
        return [
            Participant(r.clue_id, r.unit_id, r.reason, r.since) for r in self.session.scalars(stmt)
        ]

    def takes_part(self, clue_id: int, unit_ids: frozenset[int]) -> bool:
        if not unit_ids:
            return False
        stmt = (
            select(ClueParticipantRow.id)
            .where(ClueParticipantRow.clue_id == clue_id)
            .where(ClueParticipantRow.unit_id.in_(sorted(unit_ids)))
            .limit(1)
        )
        return self.session.scalar(stmt) is not None

    def clues_of(self, unit_ids: frozenset[int], limit: int) -> list[int]:
        stmt = (
            select(ClueParticipantRow.clue_id)
            .where(ClueParticipantRow.unit_id.in_(sorted(unit_ids)))
            .order_by(ClueParticipantRow.id.desc())
            .limit(limit)
        )
        return list(dict.fromkeys(self.session.scalars(stmt)))


class SqlNotes:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, note: ClueNote) -> ClueNote:
        row = ClueNoteRow(
            clue_id=note.clue_id,
            unit_id=note.unit_id,
            author=note.author,
            text=note.text,
            created_at=note.created_at,
        )
        self.session.add(row)
        self.session.flush()
        return ClueNote(row.clue_id, row.unit_id, row.author, row.text, row.created_at, row.id)

    def for_clue(self, clue_id: int, limit: int) -> list[ClueNote]:
        stmt = (
            select(ClueNoteRow)
            .where(ClueNoteRow.clue_id == clue_id)
            .order_by(ClueNoteRow.id.desc())
            .limit(limit)
        )
        rows = list(self.session.scalars(stmt))[::-1]
        return [ClueNote(r.clue_id, r.unit_id, r.author, r.text, r.created_at, r.id) for r in rows]
