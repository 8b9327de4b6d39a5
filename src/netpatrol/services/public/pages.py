"""What the public pages show of a publication: the text, the publishing unit, the accounts
it went out on, and for a debunk the claim, verdict and the sources the public may read
(links and the agencies asked; the reviewers' own notes stay inside)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.domain.checks import Check, Source, SourceKind
from netpatrol.domain.publications import Publication, PublicationKind, TargetStatus
from netpatrol.domain.spread import Effect, effect
from netpatrol.domain.units import Unit
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.publishing import publications

PUBLIC_SOURCES = (SourceKind.LINK, SourceKind.AGENCY)


@dataclass
class PublicItem:
    publication: Publication
    unit: Unit
    units: dict[int, Unit] = field(default_factory=dict)
    check: Check | None = None
    effect: Effect | None = None

    @property
    def sources(self) -> list[Source]:
        found = self.check.sources if self.check else []
        return [s for s in found if s.kind in PUBLIC_SOURCES]

    @property
    def posted(self) -> list[tuple[Unit, str, str, str]]:
        """(unit, platform, account, the platform's post id) of every account it is on."""
        return [
            (self.units[t.unit_id], t.platform, t.account, t.external_id or "")
            for t in self.publication.targets
            if t.status is TargetStatus.PUBLISHED and t.unit_id in self.units
        ]


def listing(
    uow: UnitOfWork, kinds: Sequence[PublicationKind], limit: int, offset: int = 0
) -> list[PublicItem]:
    found = publications.published(uow, kinds, limit, offset)
    with uow:
        units = {u.id or 0: u for u in uow.units.all()}
    return [PublicItem(p, units[p.unit_id], units) for p in found]


def item(
    uow: UnitOfWork, publication_id: int, kinds: Sequence[PublicationKind], now: datetime
) -> PublicItem:
    """A published publication of these kinds (anything else reads as missing)."""
    publication = publications.public(uow, publication_id, kinds)
    with uow:
        units = {u.id or 0: u for u in uow.units.all()}
        check = uow.checks.get(publication.check_id) if publication.check_id else None
        cluster = uow.clusters.get(publication.cluster_id) if publication.cluster_id else None
        members = uow.clusters.members(cluster.id or 0) if cluster else []
    shown = PublicItem(publication, units[publication.unit_id], units, check)
    if cluster is not None and cluster.debunked_at is not None:
        shown.effect = effect(members, cluster.debunked_at, now)
    return shown
