"""The clue page: the post with its evidence highlighted, the author's history with the
unit, related clues, the audit trail, and a form for every measure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.detect.base import TOPIC_DETECTORS
from netpatrol.domain.errors import DomainError
from netpatrol.domain.findings import Finding
from netpatrol.domain.measures import MeasureKind, live_of
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import authorize_clue
from netpatrol.services.agencies.directory import list_agencies
from netpatrol.services.clues import assign, evidence, queries, triage
from netpatrol.services.inbox import work as inbox
from netpatrol.services.measures import graduated as measures
from netpatrol.services.measures import warnings as dispose
from netpatrol.services.measures.legal import catalogue_for
from netpatrol.services.public import report_access
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console import assistance
from netpatrol.web.console.common import back, refused, render
from netpatrol.web.deps import ContainerDep, Offset, RowId
from netpatrol.web.i18n import gettext, in_reader_language

router = APIRouter(include_in_schema=False)
MEASURE_FORMS = ("takedown", "case", "referral", "dismissal")


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool
    detectors: str = ""


def highlight(text: str, findings: list[Finding]) -> list[Segment]:
    """The post cut into plain and marked runs; overlapping spans are merged."""
    spans = sorted(
        (e.start, e.end, e.label)
        for f in findings
        for e in f.evidence
        if 0 <= e.start < e.end <= len(text)
    )
    merged: list[tuple[int, int, set[str]]] = []
    for start, end, detector in spans:
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] | {detector})
        else:
            merged.append((start, end, {detector}))
    out, at = [], 0
    for start, end, detectors in merged:
        if start > at:
            out.append(Segment(text[at:start], False))
        out.append(Segment(text[start:end], True, ", ".join(sorted(detectors))))
        at = end
    if at < len(text):
        out.append(Segment(text[at:], False))
    return out


@router.get("/clues/{clue_id}", response_class=HTMLResponse)
def clue_page(
    request: Request, clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    view = queries.clue_detail(
        container.uow(),
        clue_id,
        container.measure_policy,
        principal.name,
        container.clock(),
        principal.visibility,
    )
    related = queries.related_clues(container.uow(), clue_id, principal.visibility)
    catalogue = catalogue_for(container.uow(), container.catalogue, view.unit.code)
    category = view.clue.category.value
    # a post that came in as a public report has no author account to warn
    warnable = not view.post.external_id.startswith("report-")
    suggested = view.suggestion.measure if view.suggestion else "warning"
    if suggested == "warning" and not warnable:
        suggested = "takedown"
    context = {
        "warnable": warnable,
        "suggested": suggested,
        "v": view,
        "segments": highlight(view.post.text, view.post_findings),
        "topic_detectors": sorted(TOPIC_DETECTORS),
        "related": related,
        # each form offers only the entries that fit the clue and the measure, best first
        "fitting": {k.value: catalogue.fitting(category, k.value) for k in MeasureKind},
        # a supervisor may cite the rest, with a written reason the audit keeps
        "others": {
            k.value: [b for b in catalogue if not b.fits(category, k.value)] for k in MeasureKind
        },
        "may_override": principal.may(Permission.APPROVE),
        "live": {k.value: live_of(view.measures, k) for k in MeasureKind},
        "may_work": principal.may(Permission.WORK) and principal.owns(view.clue.unit_id),
        "now": container.clock(),
        "measure_forms": MEASURE_FORMS,
        "evidence": evidence.items_for(container.uow(), clue_id),
        "reports": report_access.on_clue(container.uow(), clue_id),
        "may_contact": principal.may(Permission.CONTACT) and principal.owns(view.clue.unit_id),
        **assistance.clue_panel(container, principal, clue_id),
        "colleagues": assign.colleagues(container.uow(), frozenset({view.clue.unit_id})),
        "agencies": list_agencies(container.uow(), view.unit.code),
        "messages": inbox.on_clue(
            container.uow(), clue_id, [m.id for m in view.measures if m.id is not None]
        ),
    }
    return render(request, "clue.html", principal, context)


@router.get("/clues/{clue_id}/findings", response_class=HTMLResponse)
def older_findings(
    request: Request,
    clue_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    before: Offset,
) -> HTMLResponse:
    """The next page of a clue's findings, older than `before` (htmx appends it)."""
    authorize_clue(container.uow(), principal, clue_id, Permission.READ)
    findings, older = queries.older_findings(container.uow(), clue_id, before)
    context = {
        "findings": findings,
        "older": older,
        "clue_id": clue_id,
        "topic_detectors": sorted(TOPIC_DETECTORS),
    }
    return render(request, "_clue_findings.html", principal, context)


@router.get("/clues/{clue_id}/audit", response_class=HTMLResponse)
def older_audit(
    request: Request,
    clue_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    before: Offset,
) -> HTMLResponse:
    """The next page of the clue's audit trail, older than `before`."""
    authorize_clue(container.uow(), principal, clue_id, Permission.READ)
    entries, older = queries.older_audit(container.uow(), clue_id, before)
    context = {"entries": entries, "older": older, "clue_id": clue_id}
    return render(request, "_clue_audit.html", principal, context)


@router.post("/clues/{clue_id}/warning-preview", response_class=HTMLResponse)
def warning_preview(
    request: Request,
    clue_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    legal_bases: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    deadline_hours: Annotated[int, Form(ge=1, le=720)] = 72,
) -> HTMLResponse:
    """The warning's text as it would be sent (htmx swaps it into the form)."""
    authorize_clue(container.uow(), principal, clue_id, Permission.READ)
    try:
        body = dispose.preview_warning(
            container.uow(),
            dispose.WarningRequest(clue_id, principal.name, legal_bases, deadline_hours),
            container.catalogue,
            container.warning_templates,
            container.clock,
        )
        context = {"body": body, "error": ""}
    except DomainError as exc:
        context = {"body": "", "error": in_reader_language(exc)}
    return render(request, "_preview.html", principal, context)


@router.post("/clues/{clue_id}/warnings", response_model=None)
def send_warning(
    clue_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    legal_bases: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    deadline_hours: Annotated[int, Form(ge=1, le=720)] = 72,
    override_reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    page = f"/console/clues/{clue_id}"
    if override_reason.strip() and not principal.may(Permission.APPROVE):
        return refused(page, gettext("Only a supervisor may cite an entry that does not fit."))
    try:
        dispose.send_warning(
            container.uow(),
            dispose.WarningRequest(
                clue_id, principal.name, legal_bases, deadline_hours, override_reason.strip()
            ),
            container.catalogue,
            container.warning_templates,
            container.clock,
            reply_base=container.settings.public_url,
        )
    except DomainError as exc:
        return refused(page, exc)
    return back(page, gettext("The warning is on its way."))


@router.post("/clues/{clue_id}/measures", response_model=None)
def open_measure(
    clue_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    kind: Annotated[str, Form()],
    legal_bases: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    reason: Annotated[str, Form(max_length=2000)] = "",
    agency: Annotated[str, Form(max_length=128)] = "",
    deadline_hours: Annotated[int | None, Form(ge=1, le=720)] = None,
    override_reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    page = f"/console/clues/{clue_id}"
    if kind not in MEASURE_FORMS:
        return refused(page, gettext("Unknown measure."))
    if override_reason.strip() and not principal.may(Permission.APPROVE):
        return refused(page, gettext("Only a supervisor may cite an entry that does not fit."))
    request = measures.MeasureRequest(
        clue_id,
        MeasureKind(kind),
        principal.name,
        legal_bases,
        reason,
        deadline_hours,
        agency,
        override_reason.strip(),
    )
    try:
        measures.open_measure(
            container.uow(),
            request,
            container.catalogue,
            container.clock,
            reply_base=container.settings.public_url,
        )
    except DomainError as exc:
        return refused(page, exc)
    return back(page, gettext("Recorded."))


@router.post("/clues/{clue_id}/evidence", response_model=None)
def capture(clue_id: RowId, container: ContainerDep, principal: PrincipalDep) -> Response:
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    evidence.capture(container.uow(), clue_id, principal.name, container.clock)
    return back(f"/console/clues/{clue_id}", gettext("Captured again."))


@router.post("/clues/{clue_id}/escalate", response_model=None)
def escalate(
    clue_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    try:
        triage.reassign(container.uow(), clue_id, None, principal.name, reason, container.clock)
    except DomainError as exc:
        return refused(f"/console/clues/{clue_id}", exc)
    return back("/console", gettext("Sent to the unit above."))
