"""Spread tracking (传播追踪, M6), run by the patrol on every batch.

A post joins a cluster when it reposts a post of the cluster, when the engine recognised
it as a variant of a debunked wording, or when its MinHash signature is near one of the
cluster's stored wordings (LSH band keys kept in the database, so every worker sees every
cluster). A rumour finding that joins none starts a new cluster. The cluster's key
(`known:cluster:<id>`) goes into the merge keys of the post's finding, so the variants of
one claim gather in one clue, and the clue takes the cluster's growth: a claim that
spreads fast rises in the queue.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

import numpy as np

from netpatrol.detect.neardup import MIN_CHARS, MinHasher, NearDuplicateDetector
from netpatrol.detect.neardup import NearDuplicateIndex as Index
from netpatrol.detect.pipeline import Engine
from netpatrol.detect.scoring import Verdict
from netpatrol.domain.categories import Category, Severity
from netpatrol.domain.policy import ServiceLevels, SharingPolicy
from netpatrol.domain.posts import Post
from netpatrol.domain.spread import (
    GROWTH_WINDOW,
    Cluster,
    ClusterMember,
    MemberKind,
    SpreadSummary,
    growth,
)
from netpatrol.domain.units import Jurisdictions
from netpatrol.services.oversight.audit import SYSTEM_ACTOR, record
from netpatrol.services.ports import UnitOfWork

THRESHOLD = 0.5  # estimated Jaccard similarity of character 3-grams to count as a variant
FAST_SPREAD = 1000.0  # reach gained an hour past which a claim's clues are high severity
REF_PREFIX = "cluster:"

# per engine: the debunked clusters whose wordings its near-duplicate index holds, and the
# newest wording taught (a cluster debunked later, or a later variant, is taught next batch)
_TAUGHT: weakref.WeakKeyDictionary[Index, dict[int, int]] = weakref.WeakKeyDictionary()


@cache
def hasher() -> MinHasher:
    """The same permutations in every process (a fixed seed), so stored signatures and band
    keys stay comparable."""
    return MinHasher()


def cluster_key(cluster_id: int) -> str:
    """The merge key that gathers a cluster's findings in one clue."""
    return f"known:{REF_PREFIX}{cluster_id}"


def cluster_of_ref(ref: str) -> int | None:
    """'cluster:12#40' (a wording known to the engine) -> 12."""
    if not ref.startswith(REF_PREFIX):
        return None
    number = ref[len(REF_PREFIX) :].partition("#")[0]
    return int(number) if number.isdigit() else None


def teach_debunked(uow: UnitOfWork, engine: Engine) -> int:
    """Give the engine's near-duplicate index the wordings of debunked clusters, so that a
    new variant is a rumour finding on arrival even when no other detector sees it."""
    index = next((d.index for d in engine.registry if isinstance(d, NearDuplicateDetector)), None)
    if index is None:
        return 0
    taught = _TAUGHT.setdefault(index, {})
    added = 0
    for cluster_id, newest in uow.clusters.debunked_heads().items():
        after = taught.get(cluster_id, 0)
        if after >= newest:
            continue
        for member_id, text in uow.clusters.wording_texts(cluster_id, after):
            compact = engine.normaliser.normalise(text).compact
            added += index.add(f"{REF_PREFIX}{cluster_id}#{member_id}", compact, Category.RUMOUR)
        taught[cluster_id] = newest
    return added


@dataclass
class _Joining:
    post: Post
    cluster: Cluster
    kind: MemberKind
    similarity: float
    digest: str
    signature: np.ndarray | None
    new: bool = False


@dataclass
class SpreadPlan:
    """Which cluster each post of a batch joins; `refs` go into the findings' merge keys."""

    joining: list[_Joining] = field(default_factory=list)

    @property
    def refs(self) -> dict[int, str]:
        return {j.post.id or 0: f"{REF_PREFIX}{j.cluster.id}" for j in self.joining}


def plan(
    uow: UnitOfWork,
    posts: Sequence[Post],
    verdicts: Sequence[Verdict],
    engine: Engine,
    sharing: SharingPolicy,
    now: datetime,
) -> SpreadPlan:
    """Decide, before the findings are recorded, which posts join which cluster; clusters
    started by this batch are created here so that their key exists."""
    parent_keys = {(p.platform.value, p.parent_external_id) for p in posts if p.parent_external_id}
    parents = {k: m.cluster_id for k, m in uow.clusters.members_by_post_keys(parent_keys).items()}
    chosen = [
        (post, verdict)
        for post, verdict in zip(posts, verdicts, strict=True)
        if _is_rumour(verdict) or _ref_cluster(verdict) or post.parent_external_id
    ]
    chosen.sort(key=lambda pair: (pair[0].created_at, pair[0].id or 0))
    compacts = [n.compact for n in engine.normaliser.normalise_many([p.text for p, _ in chosen])]
    signatures = hasher().signatures(compacts) if compacts else None
    result = SpreadPlan()
    clusters: dict[int, Cluster] = {}
    batch_wordings: list[tuple[int, np.ndarray, str]] = []  # cluster id, signature, digest
    jurisdictions: Jurisdictions | None = None
    for i, (post, verdict) in enumerate(chosen):
        digest = hashlib.sha256(compacts[i].encode("utf-8")).hexdigest()
        signature = signatures[i] if signatures is not None else None
        wordy = signature is not None and len(compacts[i]) >= MIN_CHARS
        target, kind, similarity = None, MemberKind.COPY, 1.0
        parent = parents.get((post.platform.value, post.parent_external_id or ""))
        if parent is not None:
            target = parent
        else:
            target = _ref_cluster(verdict)
            if target is None and signature is not None and wordy and _is_rumour(verdict):
                target, similarity = _nearest(uow, signature, batch_wordings)
            if target is not None:
                seen = any(c == target and d == digest for c, _, d in batch_wordings)
                if not seen and not uow.clusters.has_wording(target, digest):
                    kind = MemberKind.VARIANT
        cluster = clusters.get(target) if target is not None else None
        if target is not None and cluster is None:
            cluster = uow.clusters.get(target)
        if cluster is None and not _is_rumour(verdict):
            continue
        new = cluster is None
        if cluster is None:
            jurisdictions = jurisdictions or Jurisdictions(uow.units.all())
            cluster = _start(uow, post, verdict, jurisdictions, sharing, now)
            kind = MemberKind.FIRST
        assert cluster.id is not None
        clusters[cluster.id] = cluster
        parents[post.key] = cluster.id
        if kind is not MemberKind.COPY and wordy:
            assert signature is not None
            batch_wordings.append((cluster.id, signature, digest))
        keep = signature if kind is not MemberKind.COPY and wordy else None
        result.joining.append(_Joining(post, cluster, kind, similarity, digest, keep, new))
    return result


def apply(
    uow: UnitOfWork,
    spread: SpreadPlan,
    clue_of_post: dict[int, int],
    now: datetime,
    service_levels: ServiceLevels | None = None,
) -> SpreadSummary:
    """Store the members (with the clue their finding went to), update each cluster's
    counts and growth, and give the cluster's open clues its growth (and, past
    FAST_SPREAD, a graver severity and an earlier due time)."""
    summary = SpreadSummary()
    touched: dict[int, Cluster] = {}
    joined: dict[int, list[int]] = {}
    members: list[tuple[ClusterMember, bytes | None, list[int]]] = []
    for j in spread.joining:
        post_id = j.post.id or 0
        member = ClusterMember(
            cluster_id=j.cluster.id or 0,
            post_id=post_id,
            kind=j.kind,
            text_sha256=j.digest,
            posted_at=j.post.created_at,
            reach=j.post.reach,
            joined_at=now,
            similarity=round(j.similarity, 3),
            clue_id=clue_of_post.get(post_id),
        )
        keys: list[int] = []
        blob = None
        if j.signature is not None:
            blob = j.signature.tobytes()
            keys = [int(k) for k in hasher().band_keys(j.signature[None, :])[0].view(np.int64)]
        members.append((member, blob, keys))
        cluster = touched.setdefault(j.cluster.id or 0, j.cluster)
        cluster.take(member, now)
        joined.setdefault(cluster.id or 0, []).append(post_id)
        if j.new:
            summary.created.append(cluster.id or 0)
    uow.clusters.add_members(members)
    for cluster_id, cluster in touched.items():
        recent = uow.clusters.members(cluster_id, since=cluster.last_seen_at - GROWTH_WINDOW)
        before = cluster.growth
        cluster.growth = growth(recent, cluster.last_seen_at)
        uow.clusters.update(cluster)
        clues = _lift_clues(
            uow,
            cluster,
            {clue_of_post[p] for p in joined[cluster_id] if p in clue_of_post},
            now,
            service_levels,
        )
        record(
            uow,
            actor=SYSTEM_ACTOR,
            action="cluster.detected" if cluster_id in summary.created else "cluster.spread",
            subject_type="cluster",
            subject_id=cluster_id,
            at=now,
            unit_id=cluster.unit_id,
            before=None if cluster_id in summary.created else {"growth": before},
            after={
                "posts": joined[cluster_id],
                "total_posts": cluster.posts,
                "variants": cluster.variants,
                "growth": cluster.growth,
                "clues": clues,
            },
        )
        summary.joined += len(joined[cluster_id])
    return summary


def _lift_clues(
    uow: UnitOfWork,
    cluster: Cluster,
    batch_clues: set[int],
    now: datetime,
    service_levels: ServiceLevels | None,
) -> list[int]:
    """The cluster's key on the clues of its posts, and its growth on its open clues; a
    claim spreading faster than FAST_SPREAD makes its clues high severity (the seed's
    hoax went round messaging groups in hours), with the due time that goes with it."""
    key = cluster_key(cluster.id or 0)
    for clue_id in sorted(batch_clues):
        uow.clues.add_keys(clue_id, [key])
    lifted = []
    for clue in uow.clues.open_by_keys([key]):
        changed = clue.growth < cluster.growth
        clue.growth = max(clue.growth, cluster.growth)
        if cluster.growth >= FAST_SPREAD and clue.severity.rank < Severity.HIGH.rank:
            before = clue.severity
            clue.severity = Severity.HIGH
            if service_levels is not None:
                due = service_levels.due(clue.severity, clue.reach, clue.created_at)
                clue.due_at = min(clue.due_at, due) if clue.due_at else due
            record(
                uow,
                actor=SYSTEM_ACTOR,
                action="clue.raised",
                subject_type="clue",
                subject_id=clue.id,
                at=now,
                unit_id=clue.unit_id,
                before={"severity": before.value},
                after={"severity": clue.severity.value, "cluster_id": cluster.id},
                reason=f"the claim spreads at {cluster.growth:.0f} reach an hour",
            )
            changed = True
        if changed:
            clue.updated_at = now
            uow.clues.update(clue)
        lifted.append(clue.id or 0)
    return lifted


def _start(
    uow: UnitOfWork,
    post: Post,
    verdict: Verdict,
    jurisdictions: Jurisdictions,
    sharing: SharingPolicy,
    now: datetime,
) -> Cluster:
    unit = jurisdictions.route(post.author.region)
    if unit is jurisdictions.national:
        unit = jurisdictions.route(post.text)
    assert verdict.severity is not None
    return uow.clusters.add(
        Cluster(
            unit_id=unit.id or 0,
            category=Category.RUMOUR,
            sharing_level=sharing.level_for(verdict.severity),
            first_post_id=post.id or 0,
            claim=post.text,
            first_seen_at=post.created_at,
            last_seen_at=post.created_at,
            created_at=now,
            updated_at=now,
        )
    )


def _nearest(
    uow: UnitOfWork, signature: np.ndarray, batch: list[tuple[int, np.ndarray, str]]
) -> tuple[int | None, float]:
    keys = [int(k) for k in hasher().band_keys(signature[None, :])[0].view(np.int64)]
    best: tuple[int | None, float] = (None, 0.0)
    stored = [
        (w.cluster_id, np.frombuffer(w.signature, dtype=np.uint64))
        for w in uow.clusters.wordings_with_bands(keys)
    ]
    for cluster_id, other in stored + [(c, s) for c, s, _ in batch]:
        if len(other) != len(signature):
            continue
        similarity = float(np.mean(other == signature))
        if similarity >= THRESHOLD and similarity > best[1]:
            best = (cluster_id, similarity)
    return best


def _is_rumour(verdict: Verdict) -> bool:
    return verdict.severity is not None and verdict.category is Category.RUMOUR


def _ref_cluster(verdict: Verdict) -> int | None:
    for signal in verdict.evidence:
        found = cluster_of_ref(signal.ref) if signal.ref else None
        if found is not None:
            return found
    return None
