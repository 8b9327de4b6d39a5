"""API search: the console's search box for clients, scoped to what the caller may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from netpatrol.services.search import search as finder
from netpatrol.services.search.ports import SearchKind
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.deps import ContainerDep, Offset

router = APIRouter()


class SearchHitPublic(BaseModel):
    kind: SearchKind
    ref: str
    title: str
    text: str
    clue_id: int | None


class SearchResultsPublic(BaseModel):
    """Hits grouped by kind; `more` lists the kinds with hits beyond those given."""

    q: str
    groups: dict[SearchKind, list[SearchHitPublic]]
    more: list[SearchKind]
    offset: int


@router.get("/search", tags=["search"])
def search(
    container: ContainerDep,
    principal: PrincipalDep,
    q: Annotated[str, Query(max_length=finder.MAX_TERMS, description="the words to find")],
    kind: Annotated[
        SearchKind | None, Query(description="one kind, paged by `offset`; all kinds if none")
    ] = None,
    offset: Offset = 0,
) -> SearchResultsPublic:
    """Clues (by text or `#number`), posts, authors, indicators and public reports whose
    text holds `q` (Chinese substrings too), newest first, only those the caller may see:
    the first 10 of each kind, or 50 of one `kind` from `offset`. Each search is audited."""
    found = finder.search(
        container.uow(), q, principal.visibility, kind, offset, principal.name, container.clock()
    )
    return SearchResultsPublic(
        q=found.terms,
        groups={
            k: [SearchHitPublic(**h.__dict__) for h in hits] for k, hits in found.groups.items()
        },
        more=sorted(found.more),
        offset=found.offset,
    )
