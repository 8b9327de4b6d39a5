"""Carrying publications out (发布执行): what is approved and due is published on the public
pages, then posted from each chosen account through the platform connectors; the reach
of each post is read back from the platform. Run by `netpatrol worker timers`; due work is
found by query and handled by the state change, so a restart neither loses nor repeats it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from netpatrol.domain.publications import (
    Publication,
    PublicationKind,
    PublicationStatus,
    Target,
    TargetStatus,
)
from netpatrol.domain.spread import ClusterStatus
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import ConnectorError, PlatformConnector, UnitOfWork

PUBLISH_ACTOR = "system:publishing"
MAX_ATTEMPTS = 5
BATCH = 100
REACH_EVERY = timedelta(hours=1)
PLATFORM_TEXT = 1900  # room for the link under the platforms' post length
PATHS = {PublicationKind.DEBUNK: "debunks"}
HEADINGS = {
    PublicationKind.FRAUD_ALERT: "【反诈预警】",
    PublicationKind.CASE_BULLETIN: "【典型案例】",
    PublicationKind.SAFETY_TIP: "【安全提示】",
    PublicationKind.DEBUNK: "【辟谣】",
}

Connectors = Mapping[str, PlatformConnector]


@dataclass
class PublishRun:
    published: int = 0  # publications that went public
    posted: int = 0  # accounts posted to
    failed: int = 0
    reach_checked: int = 0

    @property
    def total(self) -> int:
        return self.published + self.posted + self.failed


def page_path(publication: Publication) -> str:
    return f"/{PATHS.get(publication.kind, 'alerts')}/{publication.id}"


def platform_text(publication: Publication, public_url: str) -> str:
    """The post each account publishes: heading, title, text, and the public page."""
    body = publication.body
    if len(body) > PLATFORM_TEXT:
        body = body[:PLATFORM_TEXT] + "…"
    link = f"\n{public_url.rstrip('/')}{page_path(publication)}" if public_url else ""
    return f"{HEADINGS[publication.kind]}{publication.title}\n{body}{link}"


def publish_due(
    uow: UnitOfWork,
    connectors: Connectors,
    clock: Callable[[], datetime],
    public_url: str = "",
) -> PublishRun:
    """Publish what is approved and due, then post to the accounts still waiting; an
    account that keeps failing is marked failed, with the platform's reason."""
    run = PublishRun()
    with uow:
        now = clock()
        for publication in uow.publications.due(now, BATCH):
            _go_public(uow, publication, now)
            run.published += 1
        for publication in uow.publications.with_pending_targets(BATCH):
            text = platform_text(publication, public_url)
            for target in publication.targets:
                connector = connectors.get(target.platform)
                if target.status is TargetStatus.PENDING and connector is not None:
                    outcome = _post(uow, publication, target, connector, text, clock())
                    run.posted += outcome is TargetStatus.PUBLISHED
                    run.failed += outcome is TargetStatus.FAILED
        uow.commit()
    return run


def _go_public(uow: UnitOfWork, publication: Publication, now: datetime) -> None:
    publication.move_to(PublicationStatus.PUBLISHED, now)
    uow.publications.update(publication)
    record(
        uow,
        actor=PUBLISH_ACTOR,
        action="publication.published",
        subject_type="publication",
        subject_id=publication.id,
        at=now,
        unit_id=publication.unit_id,
        before={"status": "approved"},
        after={"status": "published", "page": page_path(publication)},
    )
    if publication.kind is PublicationKind.DEBUNK and publication.cluster_id is not None:
        cluster = uow.clusters.get(publication.cluster_id)
        if cluster is not None and cluster.status is ClusterStatus.CHECKED:
            cluster.move_to(ClusterStatus.DEBUNKED, now)
            cluster.debunked_at = now
            uow.clusters.update(cluster)
            record(
                uow,
                actor=PUBLISH_ACTOR,
                action="cluster.debunked",
                subject_type="cluster",
                subject_id=cluster.id,
                at=now,
                unit_id=cluster.unit_id,
                before={"status": "checked"},
                after={"status": "debunked", "publication_id": publication.id},
            )


def _post(
    uow: UnitOfWork,
    publication: Publication,
    target: Target,
    connector: PlatformConnector,
    text: str,
    now: datetime,
) -> TargetStatus:
    target.attempts += 1
    try:
        target.external_id = connector.publish(target.account, text)
    except ConnectorError as exc:
        target.error = str(exc)
        if target.attempts >= MAX_ATTEMPTS:
            target.status = TargetStatus.FAILED
            record(
                uow,
                actor=PUBLISH_ACTOR,
                action="publication.post_failed",
                subject_type="publication",
                subject_id=publication.id,
                at=now,
                unit_id=target.unit_id,
                after={"platform": target.platform, "account": target.account},
                reason=target.error,
            )
        uow.publications.update_target(target)
        return target.status
    target.status, target.published_at, target.error = TargetStatus.PUBLISHED, now, ""
    _read_reach(target, connector, now)
    uow.publications.update_target(target)
    record(
        uow,
        actor=PUBLISH_ACTOR,
        action="publication.posted",
        subject_type="publication",
        subject_id=publication.id,
        at=now,
        unit_id=target.unit_id,
        after={
            "platform": target.platform,
            "account": target.account,
            "post_id": target.external_id,
            "reach": target.reach,
        },
    )
    return target.status


def _read_reach(target: Target, connector: PlatformConnector, now: datetime) -> bool:
    """Followers of the account (who the post reaches) and whether the post is still up;
    True if the post went down since last asked."""
    try:
        stats = connector.account_stats(target.account)
        status = connector.post_status(target.external_id or "")
    except ConnectorError:
        return False
    went_down = target.live is True and not status.exists
    target.reach, target.live, target.checked_at = stats.get("followers", 0), status.exists, now
    return went_down


def refresh_reach(
    uow: UnitOfWork, connectors: Connectors, clock: Callable[[], datetime]
) -> PublishRun:
    """Ask the platforms again for the reach of posts last asked an hour ago or more; a
    post the platform no longer shows is written to the audit log."""
    run = PublishRun()
    with uow:
        now = clock()
        for target in uow.publications.stale_reach(now - REACH_EVERY, BATCH):
            connector = connectors.get(target.platform)
            if connector is None:
                continue
            if _read_reach(target, connector, now):
                record(
                    uow,
                    actor=PUBLISH_ACTOR,
                    action="publication.post_gone",
                    subject_type="publication",
                    subject_id=target.publication_id,
                    at=now,
                    unit_id=target.unit_id,
                    after={"platform": target.platform, "post_id": target.external_id},
                )
            uow.publications.update_target(target)
            run.reach_checked += 1
        uow.commit()
    return run
