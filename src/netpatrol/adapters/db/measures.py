"""SQLAlchemy storage for measures, the legal-basis catalogue and the outbox."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from netpatrol.adapters.db import mapping
from netpatrol.adapters.db.patrol import KEY_CHUNK
from netpatrol.adapters.db.tables.core import (
    ChannelMessageRow,
    ClueRow,
    LegalOverrideRow,
    MeasureRow,
    ReplyTokenRow,
)
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.services.measures.ports import OutgoingMessage


class SqlMeasures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, measure: Measure) -> Measure:
        row = mapping.measure_to_row(measure)
        self.session.add(row)
        self.session.flush()
        measure.id = row.id
        return measure

    def add_reply_token(self, measure_id: int, token_sha256: str) -> None:
        self.session.add(ReplyTokenRow(token_sha256=token_sha256, measure_id=measure_id))
        self.session.flush()

    def by_reply_token(self, token_sha256: str) -> Measure | None:
        row = self.session.get(ReplyTokenRow, token_sha256)
        return self.get(row.measure_id) if row else None

    def get(self, measure_id: int) -> Measure | None:
        row = self.session.get(MeasureRow, measure_id)
        return mapping.measure_from_row(row) if row else None

    def update(self, measure: Measure) -> None:
        row = self.session.get(MeasureRow, measure.id)
        if row is None:
            raise LookupError(f"measure {measure.id} is not stored")
        fresh = mapping.measure_to_row(measure)
        for column in ("status", "approver", "details", "deadline", "channel_message_id"):
            setattr(row, column, getattr(fresh, column))
        row.updated_at = measure.updated_at or row.updated_at
        self.session.flush()

    def for_clue(self, clue_id: int) -> list[Measure]:
        stmt = select(MeasureRow).where(MeasureRow.clue_id == clue_id).order_by(MeasureRow.id)
        return [mapping.measure_from_row(r) for r in self.session.scalars(stmt)]

    def for_clues(self, clue_ids: Iterable[int]) -> dict[int, list[Measure]]:
        wanted = sorted(set(clue_ids))
        found: dict[int, list[Measure]] = {}
        for i in range(0, len(wanted), KEY_CHUNK):
            stmt = (
                select(MeasureRow)
                .where(MeasureRow.clue_id.in_(wanted[i : i + KEY_CHUNK]))
                .order_by(MeasureRow.id)
            )
            for row in self.session.scalars(stmt):
                found.setdefault(row.clue_id, []).append(mapping.measure_from_row(row))
        return found

    def all(self) -> list[Measure]:
        stmt = select(MeasureRow).order_by(MeasureRow.id)
        return [mapping.measure_from_row(r) for r in self.session.scalars(stmt)]

    def with_status(
        self,
        statuses: Sequence[MeasureStatus],
        limit: int,
        unit_ids: Sequence[int] | None = None,
    ) -> list[Measure]:
        stmt = select(MeasureRow).where(MeasureRow.status.in_([s.value for s in statuses]))
        if unit_ids is not None:
            stmt = stmt.join(ClueRow, ClueRow.id == MeasureRow.clue_id).where(
                ClueRow.unit_id.in_(list(unit_ids))
            )
        stmt = stmt.order_by(MeasureRow.created_at, MeasureRow.id).limit(limit)
        return [mapping.measure_from_row(r) for r in self.session.scalars(stmt)]

    def overdue(self, kind: MeasureKind, status: MeasureStatus, now: datetime) -> list[Measure]:
        stmt = (
            select(MeasureRow)
            .where(MeasureRow.kind == kind.value, MeasureRow.status == status.value)
            .where(MeasureRow.deadline < now)
            .order_by(MeasureRow.deadline, MeasureRow.id)
        )
        return [mapping.measure_from_row(r) for r in self.session.scalars(stmt)]


class SqlOutbox:
    FIELDS = (
        "channel",
        "platform",
        "sender_account",
        "recipient",
        "text",
        "status",
        "created_at",
        "subject",
        "external_ref",
        "attempts",
        "sent_at",
    )

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutgoingMessage) -> OutgoingMessage:
        row = ChannelMessageRow(**{f: getattr(message, f) for f in self.FIELDS})
        self.session.add(row)
        self.session.flush()
        message.id = row.id
        return message

    def _message(self, row: ChannelMessageRow) -> OutgoingMessage:
        return OutgoingMessage(**{f: getattr(row, f) for f in self.FIELDS}, id=row.id)

    def all(self) -> list[OutgoingMessage]:
        rows = self.session.scalars(select(ChannelMessageRow).order_by(ChannelMessageRow.id))
        return [self._message(r) for r in rows]

    def queued(self, limit: int) -> list[OutgoingMessage]:
        stmt = (
            select(ChannelMessageRow)
            .where(ChannelMessageRow.status == "queued")
            .order_by(ChannelMessageRow.id)
            .limit(limit)
        )
        return [self._message(r) for r in self.session.scalars(stmt)]

    def update(self, message: OutgoingMessage) -> None:
        row = self.session.get(ChannelMessageRow, message.id)
        if row is None:
            raise LookupError(f"message {message.id} is not stored")
        for f in ("status", "external_ref", "attempts", "sent_at"):
            setattr(row, f, getattr(message, f))
        self.session.flush()


class SqlLegal:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_units(self, unit_ids: Sequence[int]) -> dict[int, list[LegalBasis]]:
        stmt = (
            select(LegalOverrideRow)
            .where(LegalOverrideRow.unit_id.in_(list(unit_ids)))
            .order_by(LegalOverrideRow.id)
        )
        found: dict[int, list[LegalBasis]] = {}
        for r in self.session.scalars(stmt):
            found.setdefault(r.unit_id, []).append(
                LegalBasis(
                    r.code, r.law, r.article, r.covers, tuple(r.categories), tuple(r.measures)
                )
            )
        return found

    def upsert(self, unit_id: int, basis: LegalBasis, by: str, at: datetime) -> bool:
        row = self.session.scalar(
            select(LegalOverrideRow).where(
                LegalOverrideRow.unit_id == unit_id, LegalOverrideRow.code == basis.code
            )
        )
        new = row is None
        if row is None:
            row = LegalOverrideRow(unit_id=unit_id, code=basis.code)
            self.session.add(row)
        row.law, row.article, row.covers = basis.law, basis.article, basis.covers
        row.categories = list(basis.categories)
        row.measures = list(basis.measures)
        row.updated_by, row.updated_at = by, at
        self.session.flush()
        return new
