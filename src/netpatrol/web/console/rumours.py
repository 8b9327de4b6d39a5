"""Rumour pages (谣言核查): the clusters by growth, a cluster's page with its spread chart,
the check (sources, verdict, four-eyes approval) and the debunk's draft."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from netpatrol.domain.checks import CheckStatus
from netpatrol.domain.errors import DomainError, NotFound
from netpatrol.domain.posts import ACCOUNT_PLATFORMS as PLATFORMS
from netpatrol.domain.spread import ClusterMember, ClusterStatus
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import missing_as
from netpatrol.services.rumours import checks, clusters, debunks
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import back, refused, render
from netpatrol.web.deps import ContainerDep, Offset, RowId
from netpatrol.web.i18n import gettext
from netpatrol.web.labels import rumours as rumour_labels

router = APIRouter(include_in_schema=False)


@router.get("/rumours", response_class=HTMLResponse)
def rumours_page(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    status: Annotated[str, Query(max_length=16)] = "",
) -> HTMLResponse:
    chosen = [ClusterStatus(status)] if status in ClusterStatus.__members__.values() else None
    found = clusters.listing(container.uow(), principal, chosen, 100)
    own = sorted(principal.visibility.own) if principal.visibility.own is not None else None
    waiting = checks.awaiting(container.uow(), own) if principal.may(Permission.APPROVE) else []
    context = {
        "found": found,
        "status": status if chosen else "",
        "waiting": waiting,
        "words": rumour_labels.ALL,
    }
    return render(request, "rumours.html", principal, context)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(
    request: Request, cluster_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.READ)
    view = clusters.detail(container.uow(), cluster_id, container.clock(), clusters.CLUES_PAGE)
    suggestion = None
    check = view.current_check
    debunked = any(p.status.value != "withdrawn" for p in view.publications)
    if view.cluster.status is ClusterStatus.CHECKED and not debunked:
        try:
            suggestion = debunks.suggest(container.uow(), cluster_id)
        except DomainError:
            suggestion = None
    chart = {
        "hours": [h.start.isoformat() for h in view.series],
        "first": [h.posts - h.copies - h.variants for h in view.series],
        "variants": [h.variants for h in view.series],
        "copies": [h.copies for h in view.series],
        "reach": [h.reach for h in view.series],
        "debunked_at": view.cluster.debunked_at.isoformat() if view.cluster.debunked_at else None,
        "words": {
            "first": gettext("First post"),
            "variants": gettext("New variants"),
            "copies": gettext("Reposts and copies"),
            "reach": gettext("Reach"),
            "debunk": gettext("Debunk published"),
            "posts": gettext("Posts an hour"),
        },
    }
    context = {
        "v": view,
        "check": check,
        "members": view.members,
        "older": _older(view.members),
        "chart": chart,
        "suggestion": suggestion,
        "platforms": [p for p in PLATFORMS],
        "words": rumour_labels.ALL,
        "may_work": principal.may(Permission.WORK) and principal.owns(view.cluster.unit_id),
        "may_approve": principal.may(Permission.APPROVE) and principal.owns(view.cluster.unit_id),
        "check_open": check is not None and check.status is CheckStatus.OPEN,
        "check_submitted": check is not None and check.status is CheckStatus.SUBMITTED,
    }
    return render(request, "cluster.html", principal, context)


def _older(members: list[ClusterMember]) -> int:
    """Where the next page of members starts; 0 when this page is not full."""
    return members[-1].id or 0 if len(members) == clusters.MEMBERS_PAGE else 0


@router.get("/clusters/{cluster_id}/members", response_class=HTMLResponse)
def older_members(
    request: Request,
    cluster_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    before: Offset,
) -> HTMLResponse:
    """The cluster's posts before member `before` (htmx appends them)."""
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.READ)
    members, posts = clusters.older_members(container.uow(), cluster_id, before)
    context = {
        "members": members,
        "posts": posts,
        "older": _older(members),
        "cluster_id": cluster_id,
        "words": rumour_labels.ALL,
    }
    return render(request, "_cluster_members.html", principal, context)


@router.get("/clusters/{cluster_id}/clues", response_class=HTMLResponse)
def older_clues(
    request: Request,
    cluster_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    before: Offset,
) -> HTMLResponse:
    """The cluster's clues older than clue `before` (htmx puts them in place of the button)."""
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.READ)
    clue_ids, older = clusters.older_clues(container.uow(), cluster_id, before)
    context = {"clue_ids": clue_ids, "older": older, "cluster_id": cluster_id}
    return render(request, "_cluster_clues.html", principal, context)


@router.get("/clusters/{cluster_id}/export.{fmt}", response_model=None)
def cluster_export(
    cluster_id: RowId, fmt: str, container: ContainerDep, principal: PrincipalDep
) -> Response:
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.READ)
    if fmt not in ("csv", "json"):
        raise NotFound(f"no export as {fmt}")
    view = clusters.detail(container.uow(), cluster_id, container.clock())
    name = f"netpatrol-cluster-{cluster_id}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        body = "\ufeff" + clusters.export_csv(view)
        return Response(body, media_type="text/csv; charset=utf-8", headers=disposition)
    return JSONResponse(clusters.export_json(view), headers=disposition)


def _page(cluster_id: RowId) -> str:
    return f"/console/clusters/{cluster_id}"


@router.post("/clusters/{cluster_id}/checks", response_model=None)
def open_check(
    cluster_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    claim: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.WORK)
    try:
        checks.open_check(container.uow(), cluster_id, claim, principal, container.clock)
    except DomainError as exc:
        return refused(_page(cluster_id), exc)
    return back(_page(cluster_id), gettext("The check is open: record the sources consulted."))


def _check_cluster(container: ContainerDep, principal: PrincipalDep, check_id: RowId) -> int:
    with container.uow() as uow:
        check = uow.checks.get(check_id)
    if check is None:
        raise NotFound(f"check {check_id} does not exist")
    with missing_as("check", check_id):
        clusters.authorize_cluster(container.uow(), principal, check.cluster_id, Permission.READ)
    return check.cluster_id


@router.post("/checks/{check_id}/sources", response_model=None)
def add_source(
    check_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    kind: Annotated[str, Form(max_length=16)] = "",
    value: Annotated[str, Form(max_length=2000)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    cluster_id = _check_cluster(container, principal, check_id)
    raw = {"kind": kind, "value": value, "note": note}
    try:
        checks.add_source(container.uow(), check_id, raw, principal, container.clock)
    except DomainError as exc:
        return refused(_page(cluster_id), exc)
    return back(_page(cluster_id), gettext("Source recorded."))


@router.post("/checks/{check_id}/verdict", response_model=None)
def propose_verdict(
    check_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    verdict: Annotated[str, Form(max_length=16)] = "",
    conclusion: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    cluster_id = _check_cluster(container, principal, check_id)
    try:
        checks.submit(container.uow(), check_id, verdict, conclusion, principal, container.clock)
    except DomainError as exc:
        return refused(_page(cluster_id), exc)
    return back(_page(cluster_id), gettext("Verdict proposed: a supervisor approves it."))


@router.post("/checks/{check_id}/decision", response_model=None)
def decide(
    check_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    decision: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    cluster_id = _check_cluster(container, principal, check_id)
    if decision not in ("approve", "send_back"):
        return refused(_page(cluster_id), gettext("Unknown decision."))
    try:
        checks.decide(
            container.uow(), check_id, decision == "approve", note, principal, container.clock
        )
    except DomainError as exc:
        return refused(_page(cluster_id), exc)
    return back(_page(cluster_id), gettext("Recorded."))


@router.post("/clusters/{cluster_id}/debunks", response_model=None)
def draft_debunk(
    cluster_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    title: Annotated[str, Form(max_length=200)] = "",
    body: Annotated[str, Form(max_length=5000)] = "",
    targets: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """`targets` are 'unit code:platform' pairs."""
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.WORK)
    chosen = [tuple(t.split(":", 1)) for t in targets or [] if ":" in t]
    try:
        publication = debunks.draft_debunk(
            container.uow(),
            cluster_id,
            principal,
            container.clock,
            title=title,
            body=body,
            targets=[(u, p) for u, p in chosen],
        )
    except DomainError as exc:
        return refused(_page(cluster_id), exc)
    return back(
        f"/console/publications/{publication.id}",
        gettext("Debunk drafted: a supervisor approves it before it goes out."),
    )
