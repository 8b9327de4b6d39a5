"""The dashboard (统计): charts of the unit's figures, each with its table as CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.services.assistance import reads
from netpatrol.services.oversight import dashboard
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import render
from netpatrol.web.deps import ContainerDep
from netpatrol.web.i18n import N_, gettext
from netpatrol.web.labels import core as labels

router = APIRouter(include_in_schema=False)
Days = Annotated[int, Query(ge=1, le=dashboard.MAX_DAYS)]


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request, container: ContainerDep, principal: PrincipalDep, days: Days = 14
) -> HTMLResponse:
    own = sorted(principal.visibility.own) if principal.visibility.own is not None else None
    found = dashboard.tables(container.uow(), own, container.clock(), days)
    data = {name: {"columns": t.columns, "rows": t.rows} for name, t in found.items()}
    context = {"tables": found, "data": data, "days": days, "chart_labels": _chart_labels()}
    context["assistance_figures"] = reads.figures(container.uow(), own, container.clock(), days)
    context["column_names"], context["cell_words"] = _table_words()
    return render(request, "dashboard.html", principal, context)


@router.get("/dashboard/{name}.csv")
def dashboard_csv(
    name: str, container: ContainerDep, principal: PrincipalDep, days: Days = 14
) -> Response:
    own = sorted(principal.visibility.own) if principal.visibility.own is not None else None
    found = dashboard.table(container.uow(), name, own, container.clock(), days)
    filename = f"netpatrol-{name}-{principal.unit.code}-{days}d.csv"
    return Response(
        "\ufeff" + found.csv(),  # the BOM lets spreadsheet programs read the Chinese right
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _chart_labels() -> dict[str, object]:
    """The words the charts draw, in the reader's language."""
    groups = ("categories", "measure_kinds", "measure_statuses", "platforms")
    words: dict[str, object] = {
        g: {k: gettext(v) for k, v in labels.ALL[g].items()} for g in groups
    }
    words["series"] = {
        "heeded": gettext("Heeded"),
        "escalated": gettext("Escalated"),
        "appealed": gettext("Appealed"),
        "withdrawn": gettext("Withdrawn"),
        "waiting": gettext("Waiting"),
        "notices": gettext("Notices"),
        "median_h": gettext("Median hours"),
        "slowest_h": gettext("Slowest hours"),
        "breaches": gettext("Breaches"),
    }
    words["empty"] = gettext("No data in this period.")
    return words


COLUMN_NAMES = {
    "day": N_("Day"),
    "category": N_("Category"),
    "findings": N_("Findings"),
    "kind": N_("Measure"),
    "status": N_("Status"),
    "measures": N_("Measures"),
    "heeded": N_("Heeded"),
    "escalated": N_("Escalated"),
    "appealed": N_("Appealed"),
    "withdrawn": N_("Withdrawn"),
    "waiting": N_("Waiting"),
    "platform": N_("Platform"),
    "notices": N_("Notices"),
    "confirmed": N_("Removed"),
    "refused": N_("Refused"),
    "needs_more": N_("Asked about"),
    "refusals": N_("Refusals"),
    "overdue": N_("Overdue"),
    "removed_share": N_("Share removed"),
    "median_h": N_("Median hours"),
    "slowest_h": N_("Slowest hours"),
    "breaches": N_("Breaches"),
}
CELL_GROUPS = {
    "category": "categories",
    "kind": "measure_kinds",
    "status": "measure_statuses",
    "platform": "platforms",
}


def _table_words() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The tables' column heads and coded cells (a category, a platform) in words; the CSV
    keeps the codes, for spreadsheets and scripts."""
    names = {key: gettext(name) for key, name in COLUMN_NAMES.items()}
    cells = {
        column: {k: gettext(v) for k, v in labels.ALL[group].items()}
        for column, group in CELL_GROUPS.items()
    }
    return names, cells
