"""Patrol (巡查): posts in, findings out, each finding a clue routed to its unit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.detect.neardup import same_text_keys
from netpatrol.detect.pipeline import Engine
from netpatrol.detect.scoring import Verdict
from netpatrol.domain.categories import Severity
from netpatrol.domain.clues import Clue, merge_keys
from netpatrol.domain.findings import Evidence, Finding
from netpatrol.domain.policy import ServiceLevels, SharingPolicy
from netpatrol.domain.posts import Post
from netpatrol.domain.spread import SpreadSummary
from netpatrol.domain.units import Jurisdictions, Unit
from netpatrol.services.clues.participants import touch_units
from netpatrol.services.matrix.scoped import add_scoped_evidence
from netpatrol.services.oversight.audit import SYSTEM_ACTOR, record
from netpatrol.services.patrol import spread
from netpatrol.services.ports import UnitOfWork


@dataclass
class PatrolResult:
    stored: list[Post] = field(default_factory=list)
    duplicates: list[Post] = field(default_factory=list)
    findings: list[tuple[Post, Finding]] = field(default_factory=list)
    clues: list[Clue] = field(default_factory=list)
    merged: int = 0
    spread: SpreadSummary = field(default_factory=SpreadSummary)

    def merge(self, other: PatrolResult) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.findings += other.findings
        self.clues += other.clues
        self.merged += other.merged
        self.spread.created += other.spread.created
        self.spread.joined += other.spread.joined


@dataclass(frozen=True)
class TriagePolicy:
    """Policy data for new clues: how widely they are shared and how soon they are due."""

    sharing: SharingPolicy
    service_levels: ServiceLevels


def patrol_batch(
    uow: UnitOfWork,
    posts: Sequence[Post],
    engine: Engine,
    policy: TriagePolicy,
    clock: Callable[[], datetime],
    verdicts: Sequence[Verdict] | None = None,
) -> PatrolResult:
    """Store the posts not seen before, detect, record findings and clues; commit once.

    Idempotent on (platform, external id): a post seen before is counted as a duplicate
    and nothing about it is stored again. `verdicts`, one per post, are the engine's
    verdicts when they were reached elsewhere (in other processes); else it runs here.
    """
    result = PatrolResult()
    with uow:
        fresh = uow.posts.add_new(posts)
        stored = {id(p) for p in fresh}
        result.duplicates = [p for p in posts if id(p) not in stored]
        if fresh:
            result.stored = fresh
            now = clock()
            _record_ingest(uow, fresh, now)
            if verdicts is None:
                spread.teach_debunked(uow, engine)
                verdicts = engine.run([p.text for p in fresh])
            else:
                verdicts = [v for p, v in zip(posts, verdicts, strict=True) if id(p) in stored]
            joining = spread.plan(uow, fresh, verdicts, engine, policy.sharing, now)
            _record_findings(uow, fresh, verdicts, engine, policy, now, result, joining.refs)
            clue_of_post = {p.id or 0: f.clue_id for p, f in result.findings if f.clue_id}
            result.spread = spread.apply(uow, joining, clue_of_post, now, policy.service_levels)
        uow.commit()
    return result


def _record_ingest(uow: UnitOfWork, posts: Sequence[Post], now: datetime) -> None:
    """One audit entry for the batch: its posts' keys digested, so the entry proves which
    posts came in without the log growing by one entry a post."""
    digest = hashlib.sha256()
    for post in posts:
        digest.update(f"{post.platform.value}\t{post.external_id}\n".encode())
    ids = [p.id or 0 for p in posts]
    record(
        uow,
        actor=SYSTEM_ACTOR,
        action="posts.ingested",
        subject_type="post",
        subject_id=f"{min(ids)}-{max(ids)}",
        at=now,
        after={
            "posts": len(posts),
            "first_id": min(ids),
            "last_id": max(ids),
            "keys_sha256": digest.hexdigest(),
        },
    )


MERGING_INDICATORS = frozenset(
    {"phone", "landline", "qq", "wechat", "url", "short_link", "bank_card", "alipay", "crypto"}
)


def finding_of(
    verdict: Verdict,
    severity: Severity,
    post_id: int | None,
    versions: dict[str, str],
    now: datetime,
) -> Finding:
    """The finding a verdict makes, naming the detectors and versions behind it."""
    detectors = sorted({s.detector for s in verdict.evidence})
    return Finding(
        category=verdict.category,
        score=verdict.score,
        severity=severity,
        evidence=[Evidence(s.start, s.end, s.text, s.detector, s.ref) for s in verdict.evidence],
        detector="+".join(detectors),
        detector_version="+".join(versions[d] for d in detectors),
        post_id=post_id,
        created_at=now,
        scores={c.value: p for c, p in verdict.scores.items()},
    )


def merge_refs(verdict: Verdict) -> list[str]:
    """Indicators and known items that make two findings one matter (not bare domains:
    unrelated posts link to the same big sites)."""
    refs = [
        f"indicator:{i.kind}:{i.value}" for i in verdict.indicators if i.kind in MERGING_INDICATORS
    ]
    refs += [  # a known item's key may name one of its wordings after '#'
        f"known:{s.ref.partition('#')[0]}"
        for s in verdict.evidence
        if s.ref and s.detector == "near-duplicate"
    ]
    return refs


def _route(jurisdictions: Jurisdictions, post: Post) -> tuple[Unit, str]:
    """The unit a post's clue goes to, and why."""
    unit = jurisdictions.route(post.author.region)
    if unit is jurisdictions.national:  # no region declared: a place the post names
        return jurisdictions.route(post.text), "place named in the text"
    return unit, "author region"


def _record_findings(
    uow: UnitOfWork,
    posts: Sequence[Post],
    verdicts: Sequence[Verdict],
    engine: Engine,
    policy: TriagePolicy,
    now: datetime,
    result: PatrolResult,
    cluster_refs: Mapping[int, str] | None = None,
) -> None:
    jurisdictions = Jurisdictions(uow.units.all())
    versions = engine.versions()
    by_key: dict[str, Clue] = {}
    keys_of: dict[int, set[str]] = {}  # id(clue) -> keys
    merged: dict[int, Clue] = {}  # id(clue) -> stored clue that absorbed a finding
    pending: list[tuple[Post, Finding, Clue, bool]] = []
    routes: dict[int, str] = {}
    texts = same_text_keys([p.text for p, v in zip(posts, verdicts, strict=True) if v.severity])
    found: list[tuple[Post, Verdict, Severity, set[str], Unit, str]] = []
    for post, verdict in zip(posts, verdicts, strict=True):
        if verdict.severity is None:
            continue
        keys = merge_keys(
            post.platform.value, post.external_id, post.author.id, merge_refs(verdict)
        )
        unit, routed_by = _route(jurisdictions, post)
        # the same text from several posts is one matter, within the unit it is routed to
        keys.update(f"{key}@{unit.id}" for key in texts.pop(0))
        if cluster_refs and (post.id or 0) in cluster_refs:  # the spread cluster it joins
            keys.add(f"known:{cluster_refs[post.id or 0]}")
        found.append((post, verdict, verdict.severity, keys, unit, routed_by))
    stored_by_key = uow.clues.open_by_each_key(k for *_, keys, _, _ in found for k in keys)
    for post, verdict, severity, keys, unit, routed_by in found:
        finding = finding_of(verdict, severity, post.id, versions, now)
        clue = next((by_key[k] for k in sorted(keys) if k in by_key), None)
        if clue is None:  # the oldest open clue stored with any of its keys
            stored = {c.id or 0: c for k in keys for c in stored_by_key.get(k, [])}
            if stored:
                oldest = min(stored)
                clue = merged.setdefault(oldest, stored[oldest])
        if clue is None:
            assert unit.id is not None
            routes[id(post)] = routed_by
            clue = Clue(
                unit_id=unit.id,
                category=verdict.category,
                severity=severity,
                post_id=post.id or 0,
                reach=post.reach,
                growth=post.growth(now),
                sharing_level=policy.sharing.level_for(severity),
                created_at=now,
                updated_at=now,
                due_at=policy.service_levels.due(severity, post.reach, now),
            )
            pending.append((post, finding, clue, True))
        else:
            clue.absorb(verdict.category, severity, post.reach, post.growth(now), now)
            due = policy.service_levels.due(clue.severity, clue.reach, clue.created_at)
            clue.due_at = min(clue.due_at, due) if clue.due_at else due
            pending.append((post, finding, clue, False))
        keys_of.setdefault(id(clue), set()).update(keys)
        for key in keys:
            by_key[key] = clue
    new_clues = list({id(c): c for _, _, c, new in pending if new}.values())
    uow.clues.add_many(new_clues)
    uow.clues.update_many(list(merged.values()))
    held = {id(c): c for _, _, c, _ in pending}.values()
    uow.clues.add_keys_many({clue.id or 0: keys_of[id(clue)] for clue in held})
    for _, finding, clue, _ in pending:
        finding.clue_id = clue.id
    verdict_of = {id(p): v for p, v in zip(posts, verdicts, strict=True)}
    scoped = [(f, c, verdict_of[id(p)].indicators) for p, f, c, _ in pending]
    touch_units(uow, [(c, (p.author.region or "", p.text)) for p, _, c, _ in pending], now)
    add_scoped_evidence(uow, scoped, now)
    uow.findings.add_many([f for _, f, _, _ in pending])
    by_post = {p.id: (f, c, new) for p, f, c, new in pending}
    for post in posts:
        if post.id not in by_post:
            continue
        finding, clue, new = by_post[post.id]
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
                "clue_id": clue.id,
            },
        )
        if new and clue.post_id == post.id:
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
                    "due_at": clue.due_at.isoformat() if clue.due_at else None,
                },
                reason=f"{routes.get(id(post), 'author region')}: "
                f"{post.author.region or '(no region declared)'}",
            )
            result.clues.append(clue)
        else:
            record(
                uow,
                actor=SYSTEM_ACTOR,
                action="clue.merged",
                subject_type="clue",
                subject_id=clue.id,
                at=now,
                unit_id=clue.unit_id,
                after={
                    "post_id": post.id,
                    "finding_id": finding.id,
                    "severity": clue.severity.value,
                    "reach": clue.reach,
                },
                reason="same post, author, indicator or known item",
            )
            result.merged += 1
        result.findings.append((post, finding))
