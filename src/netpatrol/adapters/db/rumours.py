"""SQLAlchemy repositories for spread clusters and checks (M6)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, and_, func, insert, or_, select, text, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from netpatrol.adapters.db.tables.core import PostRow
from netpatrol.adapters.db.tables.rumours import (
    ClusterBandRow,
    ClusterHourRow,
    ClusterMemberRow,
    ClusterRow,
    RumourCheckRow,
)
from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.checks import Check, CheckStatus, Source, Verdict
from netpatrol.domain.spread import Cluster, ClusterMember, ClusterStatus, Hour, MemberKind
from netpatrol.services.rumours.ports import ClusterQuery, Wording

CHUNK = 400  # keeps IN lists under SQLite's bound-parameter limit
WORDINGS = (MemberKind.FIRST.value, MemberKind.VARIANT.value)
HOUR_COUNTS = ("posts", "copies", "variants", "reach")


def _cluster(row: ClusterRow) -> Cluster:
    return Cluster(
        unit_id=row.unit_id,
        category=Category(row.category),
        sharing_level=SharingLevel(row.sharing_level),
        first_post_id=row.first_post_id,
        claim=row.claim,
        first_seen_at=row.first_seen_at,
        last_seen_at=row.last_seen_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=ClusterStatus(row.status),
        verdict=row.verdict,
        posts=row.posts,
        copies=row.copies,
        variants=row.variants,
        reach=row.reach,
        growth=row.growth,
        debunked_at=row.debunked_at,
        id=row.id,
    )


def _cluster_row(cluster: Cluster, row: ClusterRow | None = None) -> ClusterRow:
    row = row or ClusterRow()
    row.unit_id = cluster.unit_id
    row.status = cluster.status.value
    row.category = cluster.category.value
    row.sharing_level = cluster.sharing_level.value
    row.first_post_id = cluster.first_post_id
    row.claim = cluster.claim
    row.verdict = cluster.verdict
    row.posts, row.copies, row.variants = cluster.posts, cluster.copies, cluster.variants
    row.reach, row.growth = cluster.reach, cluster.growth
    row.first_seen_at, row.last_seen_at = cluster.first_seen_at, cluster.last_seen_at
    row.debunked_at = cluster.debunked_at
    row.created_at, row.updated_at = cluster.created_at, cluster.updated_at
    return row


def _utc_hour(value: datetime | str) -> datetime:
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.replace(tzinfo=UTC)


def _member(row: ClusterMemberRow) -> ClusterMember:
    return ClusterMember(
        cluster_id=row.cluster_id,
        post_id=row.post_id,
        kind=MemberKind(row.kind),
        text_sha256=row.text_sha256,
        posted_at=row.posted_at,
        reach=row.reach,
        joined_at=row.joined_at,
        similarity=row.similarity,
        clue_id=row.clue_id,
        id=row.id,
    )


class SqlClusters:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, cluster: Cluster) -> Cluster:
        row = _cluster_row(cluster)
        self.session.add(row)
        self.session.flush()
        cluster.id = row.id
        return cluster

    def get(self, cluster_id: int) -> Cluster | None:
        row = self.session.get(ClusterRow, cluster_id)
        return _cluster(row) if row else None

    def get_many(self, cluster_ids: Iterable[int]) -> dict[int, Cluster]:
        wanted = list(set(cluster_ids))
        found: dict[int, Cluster] = {}
        for i in range(0, len(wanted), CHUNK):
            stmt = select(ClusterRow).where(ClusterRow.id.in_(wanted[i : i + CHUNK]))
            found.update((r.id, _cluster(r)) for r in self.session.scalars(stmt))
        return found

    def update(self, cluster: Cluster) -> None:
        row = self.session.get(ClusterRow, cluster.id)
        if row is None:
            raise LookupError(f"cluster {cluster.id} is not stored")
        _cluster_row(cluster, row)
        self.session.flush()

    def listing(self, query: ClusterQuery, limit: int, offset: int) -> list[Cluster]:
        stmt = select(ClusterRow)
        if query.unit_ids is not None:
            stmt = stmt.where(ClusterRow.unit_id.in_(list(query.unit_ids)))
        if query.statuses is not None:
            stmt = stmt.where(ClusterRow.status.in_([s.value for s in query.statuses]))
        seen = query.visibility
        if seen is not None and seen.own is not None:
            stmt = stmt.where(
                or_(
                    ClusterRow.unit_id.in_(list(seen.own)),
                    ClusterRow.sharing_level == SharingLevel.NATIONAL.value,
                    and_(
                        ClusterRow.sharing_level == SharingLevel.PROVINCE.value,
                        ClusterRow.unit_id.in_(list(seen.province)),
                    ),
                )
            )
        stmt = stmt.order_by(
            ClusterRow.growth.desc(), ClusterRow.last_seen_at.desc(), ClusterRow.id.desc()
        )
        return [_cluster(r) for r in self.session.scalars(stmt.limit(limit).offset(offset))]

    def add_members(
        self, members: Sequence[tuple[ClusterMember, bytes | None, Sequence[int]]]
    ) -> None:
        if not members:
            return
        table = cast(Table, ClusterMemberRow.__table__)
        stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        rows = [
            {
                "cluster_id": m.cluster_id,
                "post_id": m.post_id,
                "clue_id": m.clue_id,
                "kind": m.kind.value,
                "similarity": m.similarity,
                "text_sha256": m.text_sha256,
                "posted_at": m.posted_at,
                "reach": m.reach,
                "joined_at": m.joined_at,
                "signature": signature,
            }
            for m, signature, _ in members
        ]
        bands = []
        for (member, _, band_keys), (pk,) in zip(
            members, self.session.execute(stmt, rows), strict=True
        ):
            member.id = pk
            bands += [{"member_id": pk, "band": b, "key": k} for b, k in enumerate(band_keys)]
        if bands:
            self.session.execute(insert(ClusterBandRow), bands)
        self._count_hours([m for m, _, _ in members])

    def _count_hours(self, members: Sequence[ClusterMember]) -> None:
        """Add the members to their clusters' hourly counts (one upsert a cluster-hour)."""
        counts: dict[tuple[int, datetime], list[int]] = {}
        for m in members:
            hour = m.posted_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
            row = counts.setdefault((m.cluster_id, hour), [0, 0, 0, 0])
            row[0] += 1
            row[1] += m.kind is MemberKind.COPY
            row[2] += m.kind is MemberKind.VARIANT
            row[3] += m.reach
        table = cast(Table, ClusterHourRow.__table__)
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.cluster_id, table.c.hour],
            set_={name: table.c[name] + stmt.excluded[name] for name in HOUR_COUNTS},
        )
        rows = [
            {"cluster_id": c, "hour": h, **dict(zip(HOUR_COUNTS, n, strict=True))}
            for (c, h), n in sorted(counts.items())  # one order, so writers do not deadlock
        ]
        if rows:
            self.session.execute(stmt, rows)

    def members(self, cluster_id: int, since: datetime | None = None) -> list[ClusterMember]:
        stmt = select(ClusterMemberRow).where(ClusterMemberRow.cluster_id == cluster_id)
        if since is not None:
            stmt = stmt.where(ClusterMemberRow.posted_at >= since)
        stmt = stmt.order_by(ClusterMemberRow.posted_at, ClusterMemberRow.id)
        return [_member(r) for r in self.session.scalars(stmt)]

    def latest_members(self, cluster_id: int, before_id: int, limit: int) -> list[ClusterMember]:
        stmt = select(ClusterMemberRow).where(ClusterMemberRow.cluster_id == cluster_id)
        if before_id:  # keyset on (posted_at, id), the order of ix_cluster_members_series
            at = select(ClusterMemberRow.posted_at).where(ClusterMemberRow.id == before_id)
            stmt = stmt.where(
                tuple_(ClusterMemberRow.posted_at, ClusterMemberRow.id)
                < tuple_(at.scalar_subquery(), before_id)
            )
        stmt = stmt.order_by(ClusterMemberRow.posted_at.desc(), ClusterMemberRow.id.desc())
        return [_member(r) for r in self.session.scalars(stmt.limit(limit))]

    def hourly(self, cluster_id: int, since: datetime) -> list[Hour]:
        """The counted hours from the one holding `since` on."""
        start = since.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        stmt = select(ClusterHourRow).where(
            ClusterHourRow.cluster_id == cluster_id, ClusterHourRow.hour >= start
        )
        return [
            Hour(_utc_hour(r.hour), r.posts, r.copies, r.variants, r.reach)
            for r in self.session.scalars(stmt.order_by(ClusterHourRow.hour))
        ]

    def members_of_posts(self, post_ids: Iterable[int]) -> dict[int, ClusterMember]:
        wanted = list(set(post_ids))
        found: dict[int, ClusterMember] = {}
        for i in range(0, len(wanted), CHUNK):
            stmt = select(ClusterMemberRow).where(
                ClusterMemberRow.post_id.in_(wanted[i : i + CHUNK])
            )
            found.update((r.post_id, _member(r)) for r in self.session.scalars(stmt))
        return found

    def members_by_post_keys(
        self, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], ClusterMember]:
        wanted = list(set(keys))
        found: dict[tuple[str, str], ClusterMember] = {}
        for i in range(0, len(wanted), CHUNK):
            stmt = (
                select(PostRow.platform, PostRow.external_id, ClusterMemberRow)
                .join(ClusterMemberRow, ClusterMemberRow.post_id == PostRow.id)
                .where(tuple_(PostRow.platform, PostRow.external_id).in_(wanted[i : i + CHUNK]))
            )
            for platform, external_id, row in self.session.execute(stmt):
                found[(platform, external_id)] = _member(row)
        return found

    def wordings_with_bands(self, band_keys: Iterable[int]) -> list[Wording]:
        wanted = list(set(band_keys))
        found: dict[int, Wording] = {}
        for i in range(0, len(wanted), CHUNK):
            hits = select(ClusterBandRow.member_id).where(
                ClusterBandRow.key.in_(wanted[i : i + CHUNK])
            )
            stmt = select(
                ClusterMemberRow.id, ClusterMemberRow.cluster_id, ClusterMemberRow.signature
            ).where(ClusterMemberRow.id.in_(hits))
            for member_id, cluster_id, signature in self.session.execute(stmt):
                if signature is not None:
                    found[member_id] = Wording(member_id, cluster_id, signature)
        return list(found.values())

    def has_wording(self, cluster_id: int, text_sha256: str) -> bool:
        stmt = select(ClusterMemberRow.id).where(  # ix_cluster_members_wording
            ClusterMemberRow.cluster_id == cluster_id,
            ClusterMemberRow.text_sha256 == text_sha256,
        )
        return self.session.scalar(stmt.limit(1)) is not None

    def debunked_heads(self) -> dict[int, int]:
        stmt = (
            select(ClusterMemberRow.cluster_id, func.max(ClusterMemberRow.id))
            .join(ClusterRow, ClusterRow.id == ClusterMemberRow.cluster_id)
            .where(ClusterRow.status == ClusterStatus.DEBUNKED.value)
            .where(ClusterMemberRow.kind.in_(WORDINGS))
            .group_by(ClusterMemberRow.cluster_id)
        )
        return {int(c): int(m) for c, m in self.session.execute(stmt)}

    def wording_texts(self, cluster_id: int, after_member_id: int) -> list[tuple[int, str]]:
        stmt = (
            select(ClusterMemberRow.id, PostRow.text)
            .join(PostRow, PostRow.id == ClusterMemberRow.post_id)
            .where(ClusterMemberRow.cluster_id == cluster_id)
            .where(ClusterMemberRow.kind.in_(WORDINGS))
            .where(ClusterMemberRow.id > after_member_id)
            .order_by(ClusterMemberRow.id)
        )
        return [(int(i), str(t)) for i, t in self.session.execute(stmt)]

    def clue_ids(self, cluster_id: int, before: int = 0, limit: int | None = None) -> list[int]:
        """The clues of the cluster's posts, newest first: one probe of
        ix_cluster_members_clues per clue (a loose index scan), however many posts each
        clue gathered."""
        below = before if before > 0 else NO_CLUE_ABOVE
        stmt = LOOSE_CLUES.bindparams(
            cluster_id=cluster_id, before=below, limit=limit if limit is not None else -1
        )
        return [int(i) for i in self.session.scalars(stmt)]


NO_CLUE_ABOVE = 2**62
# each step finds the next lower clue with an index probe, not by reading every member
LOOSE_CLUES = text(
    """
    WITH RECURSIVE found(clue_id, n) AS (
        SELECT (SELECT max(m.clue_id) FROM cluster_members m
                WHERE m.cluster_id = :cluster_id AND m.clue_id < :before), 1
        UNION ALL
        SELECT (SELECT max(m.clue_id) FROM cluster_members m
                WHERE m.cluster_id = :cluster_id AND m.clue_id < found.clue_id), found.n + 1
        FROM found
        WHERE found.clue_id IS NOT NULL AND (:limit < 0 OR found.n < :limit)
    )
    SELECT clue_id FROM found WHERE clue_id IS NOT NULL
    """
)


def _check(row: RumourCheckRow) -> Check:
    return Check(
        cluster_id=row.cluster_id,
        unit_id=row.unit_id,
        claim=row.claim,
        reviewer=row.reviewer,
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=CheckStatus(row.status),
        sources=[Source.parse(s) for s in row.sources],
        verdict=Verdict(row.verdict) if row.verdict else None,
        conclusion=row.conclusion,
        approver=row.approver,
        decision_note=row.decision_note,
        reviewed_at=row.reviewed_at,
        decided_at=row.decided_at,
        id=row.id,
    )


def _check_row(check: Check, row: RumourCheckRow | None = None) -> RumourCheckRow:
    row = row or RumourCheckRow()
    row.cluster_id, row.unit_id = check.cluster_id, check.unit_id
    row.status = check.status.value
    row.claim = check.claim
    row.sources = [s.as_dict() for s in check.sources]
    row.verdict = check.verdict.value if check.verdict else None
    row.conclusion = check.conclusion
    row.reviewer, row.approver = check.reviewer, check.approver
    row.decision_note = check.decision_note
    row.created_at, row.updated_at = check.created_at, check.updated_at
    row.reviewed_at, row.decided_at = check.reviewed_at, check.decided_at
    return row


class SqlChecks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, check: Check) -> Check:
        row = _check_row(check)
        self.session.add(row)
        self.session.flush()
        check.id = row.id
        return check

    def get(self, check_id: int) -> Check | None:
        row = self.session.get(RumourCheckRow, check_id)
        return _check(row) if row else None

    def update(self, check: Check) -> None:
        row = self.session.get(RumourCheckRow, check.id)
        if row is None:
            raise LookupError(f"check {check.id} is not stored")
        _check_row(check, row)
        self.session.flush()

    def for_cluster(self, cluster_id: int) -> list[Check]:
        stmt = (
            select(RumourCheckRow)
            .where(RumourCheckRow.cluster_id == cluster_id)
            .order_by(RumourCheckRow.id.desc())
        )
        return [_check(r) for r in self.session.scalars(stmt)]

    def with_status(self, status: CheckStatus, unit_ids: Sequence[int] | None) -> list[Check]:
        stmt = select(RumourCheckRow).where(RumourCheckRow.status == status.value)
        if unit_ids is not None:
            stmt = stmt.where(RumourCheckRow.unit_id.in_(list(unit_ids)))
        return [_check(r) for r in self.session.scalars(stmt.order_by(RumourCheckRow.id))]
