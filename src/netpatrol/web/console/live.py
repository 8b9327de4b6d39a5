"""The live queue over server-sent events: the queue page hears what arrived, rose or
breached its time limit among the clues the user may see, and the counts of its tabs and
of what waits for approval. Each stream ends after a bounded time; the browser reconnects
on its own, so servers and tests shut down."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import asdict
from enum import StrEnum
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from netpatrol.bootstrap import Container
from netpatrol.domain.categories import Category
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.posts import Platform
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal, authorize_clue
from netpatrol.services.clues import live, queries, tabs
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console import waiting
from netpatrol.web.console.common import render
from netpatrol.web.deps import ContainerDep, RowId

router = APIRouter(include_in_schema=False)
E = TypeVar("E", bound=StrEnum)
LIFETIME_S = 300  # one stream's longest life; the browser reconnects after it
POLL_S = 2.0
RETRY_MS = 3000
RECOUNT_EVERY = 5  # counts are asked again after a change, else every fifth poll


def choice(kind: type[E], value: str) -> E | None:
    """A filter as the queue reads it: an unknown value filters nothing."""
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _counts(container: Container, principal: Principal, base: ClueQuery) -> dict[str, int]:
    found = tabs.counts(container.uow(), principal.name, base)
    return {
        **{t.value: n for t, n in found.items()},
        "approvals": waiting.counts(container, principal)["total"],
    }


def _message(kind: str, body: object, cursor: str = "") -> str:
    head = f"id: {cursor}\n" if cursor else ""
    return f"{head}event: {kind}\ndata: {json.dumps(body, ensure_ascii=False)}\n\n"


async def _stream(
    request: Request, container: Container, principal: Principal, seconds: float, page: ClueQuery
) -> AsyncIterator[str]:
    feed = live.Feed(ClueQuery(visibility=principal.visibility), container.clock())
    loop = asyncio.get_running_loop()
    ends = loop.time() + seconds
    counts = await run_in_threadpool(_counts, container, principal, page)
    polls = 0
    yield f"retry: {RETRY_MS}\n" + _message("counts", counts)
    while loop.time() < ends:
        if await request.is_disconnected():
            return
        await asyncio.sleep(min(POLL_S, max(0.0, ends - loop.time())))
        events = await run_in_threadpool(feed.poll, container.uow())
        for event in events:
            yield _message("clue", asdict(event), feed.since.isoformat())
        polls += 1
        if events or polls % RECOUNT_EVERY == 0:
            now = await run_in_threadpool(_counts, container, principal, page)
            if now != counts:
                counts = now
                yield _message("counts", counts)
                continue
        if not events:
            yield ": still here\n\n"  # a comment keeps proxies from closing an idle stream
    yield _message("bye", {"reconnect_ms": RETRY_MS})


@router.get("/live", response_model=None)
async def live_queue(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    seconds: Annotated[int, Query(ge=1, le=LIFETIME_S)] = LIFETIME_S,
    status: str = "",
    category: str = "",
    platform: str = "",
) -> Response:
    """text/event-stream: `clue` events ({clue_id, change, severity, status, unit_id}) and
    `counts` events (the queue's tabs under the page's filters, and what waits for
    approval)."""
    principal.require(Permission.READ)
    chosen = choice(ClueStatus, status)
    page = ClueQuery(
        visibility=principal.visibility,
        statuses=None if chosen else tabs.OPEN,
        status=chosen,
        category=choice(Category, category),
        platform=platform if choice(Platform, platform) else None,
    )
    return StreamingResponse(
        _stream(request, container, principal, float(seconds), page),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/clues/{clue_id}/row", response_class=HTMLResponse)
def clue_row(
    request: Request, clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    """One queue row as it is now, for the live queue to put in place."""
    authorize_clue(container.uow(), principal, clue_id, Permission.READ)
    view = queries.clue_detail(container.uow(), clue_id)
    context = {"v": view, "now": container.clock(), "error": ""}
    return render(request, "_clue_row.html", principal, context)
