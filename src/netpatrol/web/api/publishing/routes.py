"""API routes for publications (发布): fraud alerts, typical-case bulletins, safety tips and
debunks, their approval, withdrawal and edit history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from netpatrol.domain.publications import PublicationKind, PublicationStatus
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import authorize_clue, authorize_publication
from netpatrol.services.publishing import bulletins, publications
from netpatrol.services.publishing import release as publishing
from netpatrol.services.publishing.ports import PublicationQuery
from netpatrol.web.api.publishing import schemas
from netpatrol.web.api.schemas import AuditPublic
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.deps import ContainerDep, Offset, RowId

router = APIRouter(tags=["publications"])


@router.get("/publications")
def list_publications(
    container: ContainerDep,
    principal: PrincipalDep,
    kind: PublicationKind | None = None,
    status: PublicationStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> list[schemas.PublicationPublic]:
    """Publications of the user's units (and the units below), newest first."""
    principal.require(Permission.READ)
    own = principal.visibility.own
    query = PublicationQuery(
        kinds=[kind] if kind else None,
        statuses=[status] if status else None,
        unit_ids=sorted(own) if own is not None else None,
    )
    found = publications.listing(container.uow(), query, limit, offset)
    return [schemas.publication_public(p) for p in found]


@router.get("/publications/{publication_id}")
def get_publication(
    publication_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.PublicationPublic:
    publication = authorize_publication(container.uow(), principal, publication_id, Permission.READ)
    return schemas.publication_public(publication)


@router.get("/publications/{publication_id}/history")
def publication_history(
    publication_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> list[AuditPublic]:
    """Every change: drafted, edited (text before and after), approved, published, posted;
    for the publishing unit and the units above it only."""
    authorize_publication(
        container.uow(), principal, publication_id, Permission.READ, own_only=True
    )
    with container.uow() as uow:
        entries = uow.audit.for_subject("publication", str(publication_id))
    return [
        AuditPublic(
            seq=e.seq or 0,
            at=e.at,
            actor=e.actor,
            action=e.action,
            subject_type=e.subject_type,
            subject_id=e.subject_id,
            before=e.before,
            after=e.after,
            reason=e.reason,
            hash=e.hash.hex(),
        )
        for e in entries
    ]


@router.post("/publications", status_code=201)
def create_publication(
    body: schemas.PublicationCreate, container: ContainerDep, principal: PrincipalDep
) -> schemas.PublicationPublic:
    """Write a fraud alert, bulletin or safety tip for the chosen accounts; a supervisor
    approves it before it goes out (at `publish_at`, or at once)."""
    publication = publications.draft(
        container.uow(),
        publications.Draft(
            kind=PublicationKind(body.kind),
            unit_code=body.unit or principal.unit.code,
            title=body.title,
            body=body.body,
            targets=[(t.unit, t.platform) for t in body.targets],
            publish_at=body.publish_at,
        ),
        principal,
        container.clock,
    )
    return schemas.publication_public(publication)


@router.put("/publications/{publication_id}")
def edit_publication(
    publication_id: RowId,
    body: schemas.PublicationEdit,
    container: ContainerDep,
    principal: PrincipalDep,
) -> schemas.PublicationPublic:
    """Change a draft (an approved one goes back to draft); audited with before and after."""
    authorize_publication(container.uow(), principal, publication_id, Permission.WORK)
    publication = publications.edit(
        container.uow(),
        publication_id,
        body.title,
        body.body,
        [(t.unit, t.platform) for t in body.targets] if body.targets else None,
        body.publish_at,
        principal,
        container.clock,
    )
    return schemas.publication_public(publication)


@router.post("/publications/{publication_id}/approve")
def approve_publication(
    publication_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.PublicationPublic:
    """A supervisor other than the author approves; if its time has come it is published
    at once (posting to the accounts needs NETPATROL_PLATFORM_URL, else the timers do it)."""
    authorize_publication(container.uow(), principal, publication_id, Permission.APPROVE)
    publications.approve(container.uow(), publication_id, principal, container.clock)
    publishing.publish_due(
        container.uow(), container.connectors(), container.clock, container.settings.public_url
    )
    return get_publication(publication_id, container, principal)


@router.post("/publications/{publication_id}/withdraw")
def withdraw_publication(
    publication_id: RowId, body: schemas.ReasonIn, container: ContainerDep, principal: PrincipalDep
) -> schemas.PublicationPublic:
    authorize_publication(container.uow(), principal, publication_id, Permission.APPROVE)
    publication = publications.withdraw(
        container.uow(), publication_id, body.reason, principal, container.clock
    )
    return schemas.publication_public(publication)


@router.post("/clues/{clue_id}/bulletin", status_code=201)
def draft_bulletin(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.PublicationPublic:
    """Draft a typical-case bulletin from the clue's closed case, personal data removed."""
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    publication = bulletins.draft_bulletin(
        container.uow(), clue_id, container.catalogue, principal, container.clock
    )
    return schemas.publication_public(publication)
