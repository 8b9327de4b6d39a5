"""What the public pages share: templates in the visitor's language and the client's
address (web/clients.py; only a keyed digest of it is kept)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from netpatrol.bootstrap import Container
from netpatrol.services.public import reports
from netpatrol.services.public.reports import Receipt, Submission
from netpatrol.web.i18n import make_templates
from netpatrol.web.labels import core as labels

templates = make_templates(Path(__file__).parent / "templates")
VOLUNTEER_COOKIE = "np_volunteer"
REPORTABLE = [c for c in labels.CATEGORIES if c not in ("normal", "ad")]


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    page = {
        "labels": labels.ALL,
        "reportable": REPORTABLE,
        "path": request.url.path,
        "volunteer": bool(request.cookies.get(VOLUNTEER_COOKIE)),
        **context,
    }
    return templates.TemplateResponse(request, name, page, status_code=status_code)


def submit_report(container: Container, submission: Submission) -> Receipt:
    """The one way the portal and the API file a report."""
    return reports.submit(
        container.uow(),
        submission,
        container.detection(),
        container.triage,
        container.sealer(),
        container.clock,
    )
