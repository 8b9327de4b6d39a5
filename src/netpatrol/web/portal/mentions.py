"""Where the scam lookup finds published alerts that name an indicator."""

from __future__ import annotations

from netpatrol.bootstrap import Container
from netpatrol.services.public.lookup import Mention, MentionFinder
from netpatrol.services.publishing import publications
from netpatrol.services.publishing.release import page_path


def mentions_for(container: Container) -> MentionFinder:
    def find(kind: str, value: str) -> list[Mention]:
        found = publications.published_mentioning(container.uow(), kind, value)
        return [Mention(p.title, page_path(p)) for p in found]

    return find
