"""SQLAlchemy repository for publications, their accounts and the indicators they mention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from netpatrol.adapters.db.tables.publishing import (
    PublicationIndicatorRow,
    PublicationRow,
    PublicationTargetRow,
)
from netpatrol.domain.publications import (
    Publication,
    PublicationKind,
    PublicationStatus,
    Target,
    TargetStatus,
)
from netpatrol.services.publishing.ports import PublicationQuery


def _target(row: PublicationTargetRow) -> Target:
    return Target(
        unit_id=row.unit_id,
        platform=row.platform,
        account=row.account,
        status=TargetStatus(row.status),
        external_id=row.external_id,
        attempts=row.attempts,
        error=row.error,
        published_at=row.published_at,
        reach=row.reach,
        live=row.live,
        checked_at=row.checked_at,
        publication_id=row.publication_id,
        id=row.id,
    )


def _target_row(target: Target, row: PublicationTargetRow) -> None:
    row.unit_id, row.platform, row.account = target.unit_id, target.platform, target.account
    row.status = target.status.value
    row.external_id, row.attempts, row.error = target.external_id, target.attempts, target.error
    row.published_at, row.reach, row.live = target.published_at, target.reach, target.live
    row.checked_at = target.checked_at


def _fields(publication: Publication, row: PublicationRow) -> None:
    row.kind, row.status = publication.kind.value, publication.status.value
    row.unit_id, row.title, row.body = publication.unit_id, publication.title, publication.body
    row.author, row.approver = publication.author, publication.approver
    row.publish_at, row.published_at = publication.publish_at, publication.published_at
    row.cluster_id, row.check_id = publication.cluster_id, publication.check_id
    row.source_clue_id, row.version = publication.source_clue_id, publication.version
    row.created_at, row.updated_at = publication.created_at, publication.updated_at


class SqlPublications:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, publication: Publication) -> Publication:
        row = PublicationRow()
        _fields(publication, row)
        self.session.add(row)
        self.session.flush()
        publication.id = row.id
        self._store_parts(publication)
        return publication

    def get(self, publication_id: int) -> Publication | None:
        row = self.session.get(PublicationRow, publication_id)
        return self._load([row])[0] if row else None

    def update(self, publication: Publication) -> None:
        row = self.session.get(PublicationRow, publication.id)
        if row is None:
            raise LookupError(f"publication {publication.id} is not stored")
        _fields(publication, row)
        self._store_parts(publication)

    def _store_parts(self, publication: Publication) -> None:
        pid = publication.id
        kept = {t.id for t in publication.targets if t.id is not None}
        stored = self.session.scalars(
            select(PublicationTargetRow).where(PublicationTargetRow.publication_id == pid)
        ).all()
        for row in stored:
            if row.id not in kept:
                self.session.delete(row)
        self.session.flush()
        by_id = {r.id: r for r in stored}
        for target in publication.targets:
            target_row = by_id.get(target.id) if target.id is not None else None
            if target_row is None:
                target_row = PublicationTargetRow(publication_id=pid)
                self.session.add(target_row)
            _target_row(target, target_row)
            self.session.flush()
            target.id, target.publication_id = target_row.id, pid
        self.session.execute(
            delete(PublicationIndicatorRow).where(PublicationIndicatorRow.publication_id == pid)
        )
        self.session.add_all(
            PublicationIndicatorRow(publication_id=pid, kind=kind, value=value)
            for kind, value in sorted(set(publication.indicators))
        )
        self.session.flush()

    def _load(self, rows: Sequence[PublicationRow]) -> list[Publication]:
        ids = [r.id for r in rows]
        targets: dict[int, list[Target]] = {i: [] for i in ids}
        indicators: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
        if ids:
            stmt = (
                select(PublicationTargetRow)
                .where(PublicationTargetRow.publication_id.in_(ids))
                .order_by(PublicationTargetRow.id)
            )
            for t in self.session.scalars(stmt):
                targets[t.publication_id].append(_target(t))
            found = select(PublicationIndicatorRow).where(
                PublicationIndicatorRow.publication_id.in_(ids)
            )
            for i in self.session.scalars(found.order_by(PublicationIndicatorRow.id)):
                indicators[i.publication_id].append((i.kind, i.value))
        return [
            Publication(
                kind=PublicationKind(r.kind),
                unit_id=r.unit_id,
                title=r.title,
                body=r.body,
                author=r.author,
                created_at=r.created_at,
                updated_at=r.updated_at,
                status=PublicationStatus(r.status),
                approver=r.approver,
                publish_at=r.publish_at,
                published_at=r.published_at,
                cluster_id=r.cluster_id,
                check_id=r.check_id,
                source_clue_id=r.source_clue_id,
                version=r.version,
                targets=targets[r.id],
                indicators=indicators[r.id],
                id=r.id,
            )
            for r in rows
        ]

    def listing(self, query: PublicationQuery, limit: int, offset: int) -> list[Publication]:
        stmt = select(PublicationRow)
        if query.kinds is not None:
            stmt = stmt.where(PublicationRow.kind.in_([k.value for k in query.kinds]))
        if query.statuses is not None:
            stmt = stmt.where(PublicationRow.status.in_([s.value for s in query.statuses]))
        if query.unit_ids is not None:
            stmt = stmt.where(PublicationRow.unit_id.in_(list(query.unit_ids)))
        if query.cluster_id is not None:
            stmt = stmt.where(PublicationRow.cluster_id == query.cluster_id)
        stmt = stmt.order_by(
            PublicationRow.published_at.desc().nulls_first(),
            PublicationRow.created_at.desc(),
            PublicationRow.id.desc(),
        )
        return self._load(self.session.scalars(stmt.limit(limit).offset(offset)).all())

    def due(self, now: datetime, limit: int) -> list[Publication]:
        stmt = (
            select(PublicationRow)
            .where(PublicationRow.status == PublicationStatus.APPROVED.value)
            .where(or_(PublicationRow.publish_at.is_(None), PublicationRow.publish_at <= now))
            .order_by(PublicationRow.publish_at.nulls_first(), PublicationRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)  # two publishers never take the same one
        )
        return self._load(self.session.scalars(stmt).all())

    def with_pending_targets(self, limit: int) -> list[Publication]:
        pending = select(PublicationTargetRow.publication_id).where(
            PublicationTargetRow.status == TargetStatus.PENDING.value
        )
        stmt = (
            select(PublicationRow)
            .where(PublicationRow.status == PublicationStatus.PUBLISHED.value)
            .where(PublicationRow.id.in_(pending))
            .order_by(PublicationRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return self._load(self.session.scalars(stmt).all())

    def stale_reach(self, checked_before: datetime, limit: int) -> list[Target]:
        stmt = (
            select(PublicationTargetRow)
            .where(PublicationTargetRow.status == TargetStatus.PUBLISHED.value)
            .where(
                or_(
                    PublicationTargetRow.checked_at.is_(None),
                    PublicationTargetRow.checked_at < checked_before,
                )
            )
            .order_by(PublicationTargetRow.id)
            .limit(limit)
        )
        return [_target(r) for r in self.session.scalars(stmt)]

    def update_target(self, target: Target) -> None:
        row = self.session.get(PublicationTargetRow, target.id)
        if row is None:
            raise LookupError(f"target {target.id} is not stored")
        _target_row(target, row)
        self.session.flush()

    def mentioning(self, kind: str, value: str, limit: int) -> list[Publication]:
        hits = select(PublicationIndicatorRow.publication_id).where(
            PublicationIndicatorRow.kind == kind, PublicationIndicatorRow.value == value
        )
        stmt = (
            select(PublicationRow)
            .where(PublicationRow.id.in_(hits))
            .where(PublicationRow.status == PublicationStatus.PUBLISHED.value)
            .order_by(PublicationRow.published_at.desc(), PublicationRow.id.desc())
            .limit(limit)
        )
        return self._load(self.session.scalars(stmt).all())
