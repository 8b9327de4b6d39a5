"""Where the scam lookup finds published alerts that name an indicator."""

from __future__ import annotations

from netpatrol.bootstrap import Container
from netpatrol.domain.publications import PublicationKind
from netpatrol.services import publications
from netpatrol.services.lookup import Mention, MentionFinder


def public_path(kind: PublicationKind, publication_id: int | None) -> str:
    """The public page of a publication: debunks on /debunks, the rest on /alerts."""
    section = "debunks" if kind is PublicationKind.DEBUNK else "alerts"
    return f"/{section}/{publication_id}"


def mentions_for(container: Container) -> MentionFinder:
    def find(kind: str, value: str) -> list[Mention]:
        found = publications.published_mentioning(container.uow(), kind, value)
        return [Mention(p.title, public_path(p.kind, p.id)) for p in found]

    return find
