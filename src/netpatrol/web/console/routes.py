"""The operator console under /console: every page needs a signed-in user."""

from __future__ import annotations

from fastapi import APIRouter

from netpatrol.web.console import (
    answers,
    approvals,
    audit,
    clue,
    dashboard,
    publications,
    queue,
    reports,
    rumours,
    session,
)

ROUTERS: tuple[APIRouter, ...] = tuple(
    part.router
    for part in (
        session,
        queue,
        clue,
        approvals,
        dashboard,
        reports,
        rumours,
        publications,
        audit,
        answers,
    )
)
