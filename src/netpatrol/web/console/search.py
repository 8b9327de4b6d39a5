"""The search page (检索): one box on every console page, results grouped by kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from netpatrol.services.search import search as finder
from netpatrol.services.search.ports import SearchKind
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import render
from netpatrol.web.deps import ContainerDep, Offset

router = APIRouter(include_in_schema=False)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    q: Annotated[str, Query(max_length=finder.MAX_TERMS)] = "",
    kind: str = "",
    offset: Offset = 0,
) -> HTMLResponse:
    chosen = SearchKind(kind) if kind in SearchKind.__members__.values() else None
    results = finder.search(
        container.uow(),
        q,
        principal.visibility,
        chosen,
        offset,
        principal.name,
        container.clock(),
    )
    context = {
        "results": results,
        "kind": chosen.value if chosen else "",
        "page": finder.KIND_PAGE,
        "q": results.terms,
    }
    return render(request, "search.html", principal, context)
