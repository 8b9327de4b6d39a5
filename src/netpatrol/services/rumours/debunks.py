"""Debunks (辟谣, M6): a claim a check has shown false is answered once, on the accounts of
the units it concerns; the debunk is a publication tied to its cluster and check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.checks import Check, CheckStatus, SourceKind, Verdict
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.posts import ACCOUNT_PLATFORMS
from netpatrol.domain.publications import Publication, PublicationKind, PublicationStatus
from netpatrol.domain.spread import Cluster, ClusterStatus
from netpatrol.domain.units import Jurisdictions, Unit
from netpatrol.services.accounts.acting import Acting
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.publishing import publications
from netpatrol.services.publishing.ports import PublicationQuery

Clock = Callable[[], datetime]
CLAIM_EXCERPT = 80


@dataclass(frozen=True)
class Suggestion:
    """A debunk's first draft: the text from the check, and the units the claim reached."""

    title: str
    body: str
    units: list[Unit]
    check: Check


def _false_check(uow: UnitOfWork, cluster: Cluster) -> Check:
    approved = [
        c for c in uow.checks.for_cluster(cluster.id or 0) if c.status is CheckStatus.APPROVED
    ]
    if cluster.status is not ClusterStatus.CHECKED or not approved:
        raise RuleViolation(f"cluster {cluster.id} has no approved check to answer")
    if approved[0].verdict is not Verdict.FALSE:
        raise RuleViolation(
            f"the check found the claim {approved[0].verdict}; only a false claim is debunked"
        )
    return approved[0]


def concerned_units(uow: UnitOfWork, cluster: Cluster) -> list[Unit]:
    """The cluster's unit, then the units whose people spread it (by their posts' declared
    region, else the place named), most posts first."""
    units = uow.units.all()
    jurisdictions = Jurisdictions(units)
    members = uow.clusters.members(cluster.id or 0)
    posts = uow.posts.get_many(m.post_id for m in members)
    counts: Counter[int] = Counter()
    for post in posts.values():
        unit = jurisdictions.route(post.author.region)
        if unit is jurisdictions.national:
            unit = jurisdictions.route(post.text)
        if unit is not jurisdictions.national and unit.id is not None:
            counts[unit.id] += 1
    by_id = {u.id: u for u in units}
    ordered = [cluster.unit_id] + [i for i, _ in counts.most_common() if i != cluster.unit_id]
    return [by_id[i] for i in ordered if i in by_id]


def suggest(uow: UnitOfWork, cluster_id: int) -> Suggestion:
    with uow:
        cluster = uow.clusters.get(cluster_id)
        if cluster is None:
            raise NotFound(f"cluster {cluster_id} does not exist")
        check = _false_check(uow, cluster)
        units = concerned_units(uow, cluster)
    claim = check.claim.removeprefix("网传").strip('“”" ')
    claim = claim if len(claim) <= CLAIM_EXCERPT else claim[:CLAIM_EXCERPT] + "…"
    agencies = [s.value for s in check.sources if s.kind is SourceKind.AGENCY]
    consulted = f"经向{'、'.join(agencies)}核实，" if agencies else "经核查，"
    body = (
        f"近日，网上流传“{claim}”等消息。{consulted}该消息系谣言。{check.conclusion}\n"
        "请广大网民不信谣、不传谣，以权威部门发布的信息为准；编造、故意传播虚假信息扰乱"
        "公共秩序的，公安机关将依法追究责任。"
    )
    return Suggestion(f"网传“{_short(claim)}”系谣言", body, units, check)


def _short(text: str, limit: int = 24) -> str:
    first = text.replace("\n", " ").split("，")[0].split("！")[-1] or text
    return first if len(first) <= limit else first[:limit] + "…"


def draft_debunk(
    uow: UnitOfWork,
    cluster_id: int,
    actor: Acting,
    clock: Clock,
    *,
    title: str | None = None,
    body: str | None = None,
    targets: Sequence[tuple[str, str]] | None = None,
    publish_at: datetime | None = None,
) -> Publication:
    """Write the cluster's debunk (one live debunk per cluster); without a text or targets
    the suggestion's are used (every channel of every concerned unit the author works for)."""
    suggestion = suggest(uow, cluster_id)
    with uow:
        cluster = uow.clusters.get(cluster_id)
        assert cluster is not None
        live = [
            p
            for p in uow.publications.listing(PublicationQuery(cluster_id=cluster_id), 50, 0)
            if p.kind is PublicationKind.DEBUNK and p.status is not PublicationStatus.WITHDRAWN
        ]
        home = next(u for u in uow.units.all() if u.id == cluster.unit_id)
    if live:
        raise RuleViolation(f"cluster {cluster_id} already has debunk {live[0].id}")
    if targets is None:
        targets = [
            (u.code, p)
            for u in suggestion.units
            if u.id is not None and actor.owns(u.id)
            for p in ACCOUNT_PLATFORMS
            if u.channel_accounts.get(p)
        ]
    return publications.draft(
        uow,
        publications.Draft(
            kind=PublicationKind.DEBUNK,
            unit_code=home.code,
            title=title if title is not None else suggestion.title,
            body=body if body is not None else suggestion.body,
            targets=targets,
            publish_at=publish_at,
            cluster_id=cluster_id,
            check_id=suggestion.check.id,
        ),
        actor,
        clock,
    )
