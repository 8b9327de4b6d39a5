"""Writing publications (发布, M8): fraud alerts, typical-case bulletins, safety tips and
debunks. A text is written once, for the accounts of chosen units on chosen channels, and
approved by a second person; every edit is audited with the text before and after. What
is published is listed on the public pages and can be looked up by the indicators it
mentions (`published`, `published_mentioning`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from netpatrol.detect.indicators import IndicatorKind, canonical
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.posts import ACCOUNT_PLATFORMS
from netpatrol.domain.publications import (
    Publication,
    PublicationKind,
    PublicationStatus,
    Target,
)
from netpatrol.domain.spread import ClusterStatus
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.acting import Acting, require, require_unit
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.publishing.ports import PublicationQuery
from netpatrol.services.publishing.redaction import mentioned

Clock = Callable[[], datetime]
PUBLIC_KINDS = {
    "alerts": (
        PublicationKind.FRAUD_ALERT,
        PublicationKind.CASE_BULLETIN,
        PublicationKind.SAFETY_TIP,
    ),
    "debunks": (PublicationKind.DEBUNK,),
}


@dataclass(frozen=True)
class Draft:
    """What an author writes: the text, where it goes, and when."""

    kind: PublicationKind
    unit_code: str
    title: str
    body: str
    targets: Sequence[tuple[str, str]]  # (unit code, platform)
    publish_at: datetime | None = None
    cluster_id: int | None = None
    check_id: int | None = None
    source_clue_id: int | None = None


def resolve_targets(
    uow: UnitOfWork, chosen: Sequence[tuple[str, str]], actor: Acting
) -> list[Target]:
    """The accounts of the chosen units on the chosen channels; each unit must be one the
    author works for, and must hold an account on that channel."""
    if not chosen:
        raise RuleViolation("choose at least one unit and channel to publish on")
    units = {u.code: u for u in uow.units.all()}
    targets: dict[tuple[int, str], Target] = {}
    for code, platform in chosen:
        unit = units.get(code)
        if unit is None or unit.id is None:
            raise NotFound(f"unit {code} does not exist")
        if platform not in ACCOUNT_PLATFORMS:
            raise RuleViolation(
                f"{platform!r} is not a channel; one of {', '.join(ACCOUNT_PLATFORMS)}"
            )
        account = unit.channel_accounts.get(platform)
        if not account:
            raise RuleViolation(f"{unit.name} has no account on {platform}")
        require_unit(actor, unit.id, unit.name)
        targets[(unit.id, platform)] = Target(unit.id, platform, account)
    return list(targets.values())


def _publishing_unit(uow: UnitOfWork, code: str, actor: Acting) -> int:
    unit = next((u for u in uow.units.all() if u.code == code), None)
    if unit is None or unit.id is None:
        raise NotFound(f"unit {code} does not exist")
    require_unit(actor, unit.id, unit.name)
    return unit.id


def draft(uow: UnitOfWork, text: Draft, actor: Acting, clock: Clock) -> Publication:
    """Store a new draft; it is published once approved and its time has come."""
    require(actor, Permission.WORK, "write a publication")
    with uow:
        now = clock()
        publication = Publication(
            kind=text.kind,
            unit_id=_publishing_unit(uow, text.unit_code, actor),
            title=text.title.strip(),
            body=text.body.strip(),
            author=actor.name,
            created_at=now,
            updated_at=now,
            publish_at=text.publish_at,
            cluster_id=text.cluster_id,
            check_id=text.check_id,
            source_clue_id=text.source_clue_id,
            targets=resolve_targets(uow, text.targets, actor),
            indicators=mentioned([text.title, text.body]),
        )
        publication.validate()
        uow.publications.add(publication)
        record(
            uow,
            actor=actor.name,
            action="publication.drafted",
            subject_type="publication",
            subject_id=publication.id,
            at=now,
            unit_id=publication.unit_id,
            after=_snapshot(publication),
        )
        uow.commit()
    return publication


def edit(
    uow: UnitOfWork,
    publication_id: int,
    title: str,
    body: str,
    targets: Sequence[tuple[str, str]] | None,
    publish_at: datetime | None,
    actor: Acting,
    clock: Clock,
) -> Publication:
    """Change the text, accounts or time of a draft (an approved one goes back to draft)."""
    require(actor, Permission.WORK, "edit a publication")
    with uow:
        publication = get(uow, publication_id)
        require_unit(actor, publication.unit_id, f"publication {publication_id}")
        now = clock()
        before = _snapshot(publication)
        publication.edit(title, body, now)
        if targets is not None:
            publication.targets = resolve_targets(uow, targets, actor)
        publication.publish_at = publish_at
        publication.indicators = mentioned([publication.title, publication.body])
        publication.validate()
        uow.publications.update(publication)
        record(
            uow,
            actor=actor.name,
            action="publication.edited",
            subject_type="publication",
            subject_id=publication_id,
            at=now,
            unit_id=publication.unit_id,
            before=before,
            after=_snapshot(publication),
        )
        uow.commit()
    return publication


def approve(uow: UnitOfWork, publication_id: int, actor: Acting, clock: Clock) -> Publication:
    """A supervisor, not the author, approves the text as it stands."""
    require(actor, Permission.APPROVE, "approve a publication")
    with uow:
        publication = get(uow, publication_id)
        require_unit(actor, publication.unit_id, f"publication {publication_id}")
        now = clock()
        publication.approve(actor.name, now)
        uow.publications.update(publication)
        record(
            uow,
            actor=actor.name,
            action="publication.approved",
            subject_type="publication",
            subject_id=publication_id,
            at=now,
            unit_id=publication.unit_id,
            before={"status": "draft"},
            after={
                "status": "approved",
                "version": publication.version,
                "publish_at": publication.publish_at.isoformat()
                if publication.publish_at
                else None,
            },
        )
        uow.commit()
    return publication


def withdraw(
    uow: UnitOfWork, publication_id: int, reason: str, actor: Acting, clock: Clock
) -> Publication:
    """Take a publication back (off the public pages, if it was there), with the reason."""
    require(actor, Permission.APPROVE, "withdraw a publication")
    if not reason.strip():
        raise RuleViolation("withdrawing needs its reason")
    with uow:
        publication = get(uow, publication_id)
        require_unit(actor, publication.unit_id, f"publication {publication_id}")
        now = clock()
        before = publication.status
        publication.move_to(PublicationStatus.WITHDRAWN, now)
        uow.publications.update(publication)
        record(
            uow,
            actor=actor.name,
            action="publication.withdrawn",
            subject_type="publication",
            subject_id=publication_id,
            at=now,
            unit_id=publication.unit_id,
            before={"status": before.value},
            after={"status": "withdrawn"},
            reason=reason.strip(),
        )
        if publication.kind is PublicationKind.DEBUNK and before is PublicationStatus.PUBLISHED:
            _reopen_cluster(uow, publication, actor.name, now, reason.strip())
        uow.commit()
    return publication


def _reopen_cluster(
    uow: UnitOfWork, publication: Publication, actor: str, now: datetime, reason: str
) -> None:
    """A published debunk taken back: its cluster waits for a new check again (and, if the
    claim is still false, a new debunk)."""
    cluster = uow.clusters.get(publication.cluster_id or 0)
    if cluster is None or cluster.status is not ClusterStatus.DEBUNKED:
        return
    cluster.move_to(ClusterStatus.WATCHING, now)
    cluster.debunked_at = None
    uow.clusters.update(cluster)
    record(
        uow,
        actor=actor,
        action="cluster.reopened",
        subject_type="cluster",
        subject_id=cluster.id,
        at=now,
        unit_id=cluster.unit_id,
        before={"status": "debunked"},
        after={"status": "watching", "withdrawn_publication": publication.id},
        reason=reason,
    )


def get(uow: UnitOfWork, publication_id: int) -> Publication:
    """Inside an open unit of work."""
    publication = uow.publications.get(publication_id)
    if publication is None:
        raise NotFound(f"publication {publication_id} does not exist")
    return publication


def listing(
    uow: UnitOfWork, query: PublicationQuery, limit: int = 50, offset: int = 0
) -> list[Publication]:
    with uow:
        return uow.publications.listing(query, max(1, min(limit, 500)), max(0, offset))


def published(
    uow: UnitOfWork,
    kinds: Sequence[PublicationKind] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Publication]:
    """Published publications of these kinds (all kinds when None), newest first, with
    their text, accounts and mentioned indicators."""
    query = PublicationQuery(kinds=kinds, statuses=[PublicationStatus.PUBLISHED])
    return listing(uow, query, limit, offset)


def published_mentioning(
    uow: UnitOfWork, kind: str, value: str, limit: int = 10
) -> list[Publication]:
    """Published publications that mention this phone, link or account; the value may be
    given as written (it is brought to canonical form)."""
    try:
        indicator_kind = IndicatorKind(kind)
    except ValueError:
        raise RuleViolation(f"unknown indicator kind {kind!r}") from None
    value_ = canonical(indicator_kind, value) or value
    with uow:
        return uow.publications.mentioning(indicator_kind.value, value_, limit)


def public(uow: UnitOfWork, publication_id: int, kinds: Sequence[PublicationKind]) -> Publication:
    """A published publication of these kinds; anything else reads as missing."""
    with uow:
        publication = uow.publications.get(publication_id)
    if publication is None or not publication.is_public or publication.kind not in kinds:
        raise NotFound(f"publication {publication_id} does not exist")
    return publication


def _snapshot(publication: Publication) -> dict[str, object]:
    return {
        "kind": publication.kind.value,
        "status": publication.status.value,
        "version": publication.version,
        "title": publication.title,
        "body": publication.body,
        "targets": [f"{t.unit_id}:{t.platform}" for t in publication.targets],
        "publish_at": publication.publish_at.isoformat() if publication.publish_at else None,
    }
