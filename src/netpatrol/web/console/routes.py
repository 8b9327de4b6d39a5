"""Console pages. Minimal for now: the queue of clues, most urgent first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from netpatrol.domain.categories import CATEGORY_NAMES_ZH
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.posts import PLATFORM_NAMES_ZH
from netpatrol.services import queries
from netpatrol.services.dispose import CHINA_TIME
from netpatrol.web.deps import ContainerDep

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

SEVERITY_ZH = {"low": "低", "medium": "中", "high": "高", "critical": "严重"}
STATUS_ZH = {"open": "待处理", "claimed": "处理中", "actioned": "已处置", "closed": "已关闭"}


@router.get("", response_class=HTMLResponse)
def queue(
    request: Request,
    container: ContainerDep,
    unit: str | None = None,
    status: ClueStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> HTMLResponse:
    views = queries.clue_queue(
        container.uow(), unit or None, status, limit, 0, "console", container.clock()
    )
    units = [
        u for u in queries.list_units(container.uow()) if u.among_first_50 or u.level == "national"
    ]
    return templates.TemplateResponse(
        request,
        "queue.html",
        {
            "views": views,
            "units": units,
            "unit": unit or "",
            "status": status.value if status else "",
            "statuses": STATUS_ZH,
            "categories": {c.value: n for c, n in CATEGORY_NAMES_ZH.items()},
            "platforms": {p.value: n for p, n in PLATFORM_NAMES_ZH.items()},
            "severities": SEVERITY_ZH,
            "now": container.clock(),
            "china": CHINA_TIME,
        },
    )
