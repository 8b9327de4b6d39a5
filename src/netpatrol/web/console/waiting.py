"""What waits for a second person (待审批): one registry of sources, each registered the
same way, read by the approvals inbox, the count in the navigation and the live feed.

A source names itself, says where its items are decided, and lists the items the signed-in
user may see; the built-in ones (cases, appeals, checks, debunks, publications,
indicators) are registered below through the same `register`."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from netpatrol.bootstrap import Container
from netpatrol.domain.publications import PublicationKind, PublicationStatus
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal
from netpatrol.services.clues import queries
from netpatrol.services.matrix.access import visible
from netpatrol.services.matrix.queries import awaiting_review
from netpatrol.services.publishing import publications
from netpatrol.services.publishing.ports import PublicationQuery
from netpatrol.services.rumours import checks
from netpatrol.web.i18n import N_

Items = Callable[[Container, Principal], list[Any]]


@dataclass(frozen=True)
class Source:
    """One kind of thing that waits for a second person."""

    name: str
    label: str  # the msgid; translated when shown
    items: Items


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add a source; a second one under the same name is refused."""
    if source.name in SOURCES:
        raise ValueError(f"a waiting source named {source.name} is registered already")
    SOURCES[source.name] = source
    return source


# what sources share within one collect: cases and appeals are read by one query
_shared: ContextVar[dict[str, Any] | None] = ContextVar("waiting_shared", default=None)


def collect(container: Container, principal: Principal) -> dict[str, list[Any]]:
    """Each source's waiting items for this user, in registration order."""
    token = _shared.set({})
    try:
        return {name: source.items(container, principal) for name, source in SOURCES.items()}
    finally:
        _shared.reset(token)


def counts(container: Container, principal: Principal) -> dict[str, int]:
    found = {name: len(items) for name, items in collect(container, principal).items()}
    return {**found, "total": sum(found.values())}


def _own(principal: Principal) -> list[int] | None:
    own = principal.visibility.own
    return sorted(own) if own is not None else None


def _measures(appealed: bool) -> Items:
    def items(container: Container, principal: Principal) -> list[Any]:
        shared = _shared.get()
        found = shared.get("measures") if shared is not None else None
        if found is None:
            found = queries.awaiting_approval(container.uow(), principal.visibility)
            if shared is not None:
                shared["measures"] = found
        return [p for p in found if (p.appeal is not None) is appealed]

    return items


def _checks(container: Container, principal: Principal) -> list[Any]:
    return checks.awaiting(container.uow(), _own(principal))


def _drafts(debunks: bool) -> Items:
    kinds = (
        [PublicationKind.DEBUNK]
        if debunks
        else [k for k in PublicationKind if k is not PublicationKind.DEBUNK]
    )

    def items(container: Container, principal: Principal) -> list[Any]:
        query = PublicationQuery(
            kinds=kinds, statuses=[PublicationStatus.DRAFT], unit_ids=_own(principal)
        )
        return publications.listing(container.uow(), query, 200)

    return items


def _indicators(container: Container, principal: Principal) -> list[Any]:
    return awaiting_review(container.uow(), lambda i: visible(principal, i))


def may_decide(principal: Principal) -> bool:
    return principal.may(Permission.APPROVE)


register(Source("cases", N_("Cases to approve"), _measures(appealed=False)))
register(Source("appeals", N_("Appeals to decide"), _measures(appealed=True)))
register(Source("checks", N_("Fact-check verdicts"), _checks))
register(Source("debunks", N_("Debunks to approve"), _drafts(debunks=True)))
register(Source("publications", N_("Publications to approve"), _drafts(debunks=False)))
register(Source("indicators", N_("Indicators to review"), _indicators))
