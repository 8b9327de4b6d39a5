"""API routes for spread clusters, checks (核查) and debunks (辟谣), on behalf of the
signed-in user; a cluster the user may not see reads as a 404."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from netpatrol.domain.errors import NotFound
from netpatrol.domain.spread import ClusterStatus
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal, missing_as
from netpatrol.services.publishing import release as publishing
from netpatrol.services.rumours import checks, clusters, debunks
from netpatrol.web.api.errors import JSON_OR_CSV
from netpatrol.web.api.publishing.schemas import PublicationPublic, publication_public
from netpatrol.web.api.rumours import schemas
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.deps import ContainerDep, Offset, RowId

router = APIRouter(tags=["rumours"])


@router.get("/clusters")
def list_clusters(
    container: ContainerDep,
    principal: PrincipalDep,
    status: ClusterStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
) -> list[schemas.ClusterPublic]:
    """Spread clusters the user may see, fastest growing first."""
    principal.require(Permission.READ)
    found = clusters.listing(
        container.uow(), principal, [status] if status else None, limit, offset
    )
    return [schemas.cluster_public(c, u.code) for c, u in found]


@router.get("/clusters/{cluster_id}")
def get_cluster(
    cluster_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.ClusterDetail:
    """A cluster with its checks, debunks, clues, hourly series and the debunk's effect."""
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.READ)
    return schemas.cluster_detail(clusters.detail(container.uow(), cluster_id, container.clock()))


@router.get("/clusters/{cluster_id}/clues")
def cluster_clues(cluster_id: RowId, container: ContainerDep, principal: PrincipalDep) -> list[int]:
    """The clues the cluster's posts went to."""
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.READ)
    return clusters.clue_ids(container.uow(), cluster_id)


@router.get("/clusters/{cluster_id}/export", response_model=None, responses=JSON_OR_CSV)
def export_cluster(
    cluster_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    format: Literal["json", "csv"] = "json",
) -> Response:
    """The hourly series with its phase (before or after the debunk) as CSV, or the whole
    record (cluster, debunks, series, effect) as JSON."""
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.READ)
    view = clusters.detail(container.uow(), cluster_id, container.clock())
    name = f"netpatrol-cluster-{cluster_id}"
    if format == "csv":
        return Response(
            "\ufeff" + clusters.export_csv(view),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return JSONResponse(
        clusters.export_json(view),
        headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
    )


@router.post("/clusters/{cluster_id}/checks", status_code=201)
def open_check(
    cluster_id: RowId, body: schemas.CheckCreate, container: ContainerDep, principal: PrincipalDep
) -> schemas.CheckPublic:
    """Start checking the claim the cluster spreads (the user is the reviewer)."""
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.WORK)
    check = checks.open_check(container.uow(), cluster_id, body.claim, principal, container.clock)
    return schemas.check_public(check)


def _authorize_check(
    container: ContainerDep, principal: Principal, check_id: RowId, permission: Permission
) -> None:
    with container.uow() as uow:
        check = uow.checks.get(check_id)
    if check is None:
        raise NotFound(f"check {check_id} does not exist")
    with missing_as("check", check_id):
        clusters.authorize_cluster(container.uow(), principal, check.cluster_id, permission)


@router.post("/checks/{check_id}/sources")
def add_source(
    check_id: RowId, body: schemas.SourceIn, container: ContainerDep, principal: PrincipalDep
) -> schemas.CheckPublic:
    """Record a source consulted: a link, a note, or the agency asked and its answer."""
    _authorize_check(container, principal, check_id, Permission.WORK)
    check = checks.add_source(
        container.uow(), check_id, body.model_dump(), principal, container.clock
    )
    return schemas.check_public(check)


@router.post("/checks/{check_id}/verdict")
def propose_verdict(
    check_id: RowId, body: schemas.VerdictIn, container: ContainerDep, principal: PrincipalDep
) -> schemas.CheckPublic:
    """The reviewer proposes the verdict (false, misleading, true, unverified) and reasons."""
    _authorize_check(container, principal, check_id, Permission.WORK)
    check = checks.submit(
        container.uow(), check_id, body.verdict, body.conclusion, principal, container.clock
    )
    return schemas.check_public(check)


@router.post("/checks/{check_id}/decision")
def decide_check(
    check_id: RowId, body: schemas.DecisionIn, container: ContainerDep, principal: PrincipalDep
) -> schemas.CheckPublic:
    """A supervisor other than the reviewer approves the verdict or sends it back."""
    _authorize_check(container, principal, check_id, Permission.APPROVE)
    check = checks.decide(
        container.uow(), check_id, body.approve, body.note, principal, container.clock
    )
    return schemas.check_public(check)


@router.get("/clusters/{cluster_id}/debunk-suggestion")
def debunk_suggestion(
    cluster_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.DebunkSuggestion:
    """The first draft of a debunk: text from the approved check, and the units the claim
    reached (the cluster's own first, then by posts)."""
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.READ)
    found = debunks.suggest(container.uow(), cluster_id)
    return schemas.DebunkSuggestion(
        title=found.title, body=found.body, units=[u.code for u in found.units]
    )


@router.post("/clusters/{cluster_id}/debunks", status_code=201)
def draft_debunk(
    cluster_id: RowId, body: schemas.DebunkCreate, container: ContainerDep, principal: PrincipalDep
) -> PublicationPublic:
    """Draft the debunk of a claim found false; without a text or accounts, the suggested
    ones (every channel of every unit the claim reached that the user works for)."""
    clusters.authorize_cluster(container.uow(), principal, cluster_id, Permission.WORK)
    publication = debunks.draft_debunk(
        container.uow(),
        cluster_id,
        principal,
        container.clock,
        title=body.title,
        body=body.body,
        targets=[(t.unit, t.platform) for t in body.targets] if body.targets else None,
        publish_at=body.publish_at,
    )
    return publication_public(publication)


@router.post("/publishing/run")
def run_publishing(container: ContainerDep, principal: PrincipalDep) -> dict[str, int]:
    """Publish what is approved and due now and post to the waiting accounts (what
    `netpatrol worker timers` does every round)."""
    principal.require(Permission.APPROVE)
    done = publishing.publish_due(
        container.uow(), container.connectors(), container.clock, container.settings.public_url
    )
    return {"published": done.published, "posted": done.posted, "failed": done.failed}
