"""The operator console under /console: every page needs a signed-in user."""

from __future__ import annotations

from fastapi import APIRouter

from netpatrol.web.console import (
    accounts,
    agencies,
    answers,
    approvals,
    assistance,
    audit,
    clue,
    dashboard,
    inbox,
    indicators,
    live,
    publications,
    queue,
    reports,
    rumours,
    search,
    session,
    worklist,
)

PARTS = (
    session,
    queue,
    clue,
    approvals,
    dashboard,
    reports,
    rumours,
    publications,
    audit,
    inbox,
    indicators,
    assistance,
    answers,
    agencies,
)
ROUTERS: tuple[APIRouter, ...] = tuple(part.router for part in (*PARTS, search, worklist))
ROUTERS += (live.router, accounts.router)
