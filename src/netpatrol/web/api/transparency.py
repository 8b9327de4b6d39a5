"""The transparency report and the statements-of-reasons export (M10): the report is public
(counts and times only); the export names posts, so it is for auditors."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from netpatrol.domain.users import Permission
from netpatrol.services.oversight.monthly import CHINA, MonthReport, monthly_report
from netpatrol.services.oversight.transparency import statements_of_reasons
from netpatrol.web.api.errors import JSON_OR_CSV
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.deps import ContainerDep

router = APIRouter(tags=["transparency"])


def current_period(now: datetime) -> str:
    return now.astimezone(CHINA).strftime("%Y-%m")


def report_rows(report: MonthReport) -> list[tuple[str, str, str, str, Any]]:
    """The report flattened to (period, unit, figure, key, value) rows, for CSV."""
    rows: list[tuple[str, str, str, str, Any]] = []
    for line in report.units:

        def add(figure: str, key: str, value: Any, unit: str = line.unit) -> None:
            rows.append((report.period, unit, figure, key, value))

        for category, n in line.findings_by_category.items():
            add("findings", category, n)
        add("clues", "", line.clues)
        for kind, statuses in line.measures.items():
            for status, n in statuses.items():
                add("measures", f"{kind}:{status}", n)
        add("warnings", "sent", line.warnings_sent)
        add("warnings", "heeded", line.warnings_heeded)
        for outcome, n in line.appeals.items():
            add("appeals", outcome, n)
        for t in line.takedowns:
            add("takedowns", f"{t.platform}:notices", t.notices)
            add("takedowns", f"{t.platform}:confirmed", t.confirmed)
            add("takedowns", f"{t.platform}:median_hours", t.median_hours)
            add("takedowns", f"{t.platform}:refused", t.refused)
            add("takedowns", f"{t.platform}:removed_share", t.removed_share)
            for reason, n in t.refusals.items():
                add("takedowns", f"{t.platform}:refused:{reason}", n)
        add("reports", "received", line.reports_received)
        add("reports", "answered", line.reports_answered)
        add("median_hours", "report_to_answer", line.hours_to_answer_median)
        add("median_hours", "post_to_finding", line.hours_post_to_finding_median)
        add("median_hours", "finding_to_measure", line.hours_finding_to_measure_median)
    if report.checkpoint:
        rows.append((report.period, "", "audit_checkpoint", "seq", report.checkpoint["seq"]))
        rows.append((report.period, "", "audit_checkpoint", "head", report.checkpoint["head"]))
    return rows


@router.get("/transparency", responses=JSON_OR_CSV)
def transparency(
    container: ContainerDep,
    period: Annotated[str, Query(max_length=20, description="a month, YYYY-MM")] = "",
    format: Literal["json", "csv"] = "json",
) -> Response:
    """Per unit, for one month: findings by category, clues, measures by kind and outcome,
    warnings heeded, appeals and how they ended, takedown response times per platform,
    reports received and answered, median times, and the latest audit checkpoint."""
    report = monthly_report(
        container.uow(), period or current_period(container.clock()), container.clock
    )
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["period", "unit", "figure", "key", "value"])
        writer.writerows(["" if v is None else v for v in row] for row in report_rows(report))
        name = f"transparency-{report.period}.csv"
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return JSONResponse(asdict(report))


@router.get("/exports/dsa")
def dsa_statements(container: ContainerDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Every measure on the auditor's units as a statement of reasons, with the fields of the
    EU DSA transparency database."""
    principal.require(Permission.AUDIT)
    own = principal.visibility.own
    return statements_of_reasons(container.uow(), container.catalogue, own)
