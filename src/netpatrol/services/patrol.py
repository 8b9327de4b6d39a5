"""Patrol (巡查): posts in, findings out, each finding a clue routed to its unit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.detect.pipeline import Engine
from netpatrol.detect.scoring import Verdict
from netpatrol.domain.clues import Clue
from netpatrol.domain.findings import Evidence, Finding
from netpatrol.domain.policy import SharingPolicy
from netpatrol.domain.posts import Post
from netpatrol.domain.units import Jurisdictions
from netpatrol.services.audit import SYSTEM_ACTOR, record
from netpatrol.services.ports import UnitOfWork


@dataclass
class PatrolResult:
    stored: list[Post] = field(default_factory=list)
    duplicates: list[Post] = field(default_factory=list)
    findings: list[tuple[Post, Finding]] = field(default_factory=list)
    clues: list[Clue] = field(default_factory=list)

    def merge(self, other: PatrolResult) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.findings += other.findings
        self.clues += other.clues


def patrol_batch(
    uow: UnitOfWork,
    posts: Sequence[Post],
    engine: Engine,
    sharing: SharingPolicy,
    clock: Callable[[], datetime],
) -> PatrolResult:
    """Store the posts not seen before, detect, record findings and clues; commit once.

    Idempotent on (platform, external id): a post seen before is counted as a duplicate
    and nothing about it is stored again.
    """
    result = PatrolResult()
    with uow:
        fresh = _fresh_posts(uow, posts, result)
        if fresh:
            uow.posts.add_many(fresh)
            result.stored = fresh
            verdicts = engine.run([p.text for p in fresh])
            _record_findings(uow, fresh, verdicts, engine, sharing, clock(), result)
        uow.commit()
    return result


def _fresh_posts(uow: UnitOfWork, posts: Sequence[Post], result: PatrolResult) -> list[Post]:
    known = uow.posts.existing_keys(p.key for p in posts)
    fresh: list[Post] = []
    for post in posts:
        if post.key in known:
            result.duplicates.append(post)
        else:
            known.add(post.key)
            fresh.append(post)
    return fresh


def _record_findings(
    uow: UnitOfWork,
    posts: Sequence[Post],
    verdicts: Sequence[Verdict],
    engine: Engine,
    sharing: SharingPolicy,
    now: datetime,
    result: PatrolResult,
) -> None:
    jurisdictions = Jurisdictions(uow.units.all())
    versions = engine.versions()
    pending: list[tuple[Post, Finding, Clue]] = []
    for post, verdict in zip(posts, verdicts, strict=True):
        if verdict.severity is None:
            continue
        detectors = sorted({s.detector for s in verdict.evidence})
        finding = Finding(
            category=verdict.category,
            score=verdict.score,
            severity=verdict.severity,
            evidence=[Evidence(s.start, s.end, s.text, s.detector) for s in verdict.evidence],
            detector="+".join(detectors),
            detector_version="+".join(versions[d] for d in detectors),
            post_id=post.id,
            created_at=now,
            scores=dict(verdict.scores),
        )
        unit = jurisdictions.route(post.author.region)
        assert unit.id is not None
        clue = Clue(
            unit_id=unit.id,
            category=verdict.category,
            severity=verdict.severity,
            post_id=post.id or 0,
            reach=post.reach,
            sharing_level=sharing.level_for(verdict.severity),
            created_at=now,
            updated_at=now,
        )
        pending.append((post, finding, clue))
    uow.clues.add_many([c for _, _, c in pending])
    for _, finding, clue in pending:
        finding.clue_id = clue.id
    uow.findings.add_many([f for _, f, _ in pending])
    by_post = {p.id: (f, c) for p, f, c in pending}
    for post in posts:
        record(
            uow,
            actor=SYSTEM_ACTOR,
            action="post.ingested",
            subject_type="post",
            subject_id=post.id,
            at=now,
            after={"platform": post.platform.value, "external_id": post.external_id},
        )
        if post.id not in by_post:
            continue
        finding, clue = by_post[post.id]
        record(
            uow,
            actor=SYSTEM_ACTOR,
            action="finding.recorded",
            subject_type="finding",
            subject_id=finding.id,
            at=now,
            unit_id=clue.unit_id,
            after={
                "post_id": post.id,
                "category": finding.category.value,
                "score": finding.score,
                "detector": finding.detector,
                "detector_version": finding.detector_version,
            },
        )
        record(
            uow,
            actor=SYSTEM_ACTOR,
            action="clue.routed",
            subject_type="clue",
            subject_id=clue.id,
            at=now,
            unit_id=clue.unit_id,
            after={
                "post_id": post.id,
                "unit_id": clue.unit_id,
                "severity": clue.severity.value,
                "sharing_level": clue.sharing_level.value,
            },
            reason=f"author region {post.author.region or '(none)'}",
        )
        result.findings.append((post, finding))
        result.clues.append(clue)
