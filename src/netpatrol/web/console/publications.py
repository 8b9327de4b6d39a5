"""Publishing pages (发布): the unit's publications, a new fraud alert, bulletin or safety
tip, one publication with its accounts, reach and edit history, approval and withdrawal."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.domain.errors import DomainError
from netpatrol.domain.posts import ACCOUNT_PLATFORMS as PLATFORMS
from netpatrol.domain.publications import PublicationKind, PublicationStatus
from netpatrol.domain.units import Unit
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal, authorize_clue, authorize_publication
from netpatrol.services.clues import queries
from netpatrol.services.measures.warnings import CHINA_TIME
from netpatrol.services.publishing import bulletins, publications
from netpatrol.services.publishing import release as publishing
from netpatrol.services.publishing.ports import PublicationQuery
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import back, refused, render
from netpatrol.web.deps import ContainerDep, RowId
from netpatrol.web.i18n import gettext
from netpatrol.web.labels import rumours as rumour_labels

router = APIRouter(include_in_schema=False)
WRITABLE = ("fraud_alert", "safety_tip", "case_bulletin")


def _own_units(container: ContainerDep, principal: Principal) -> list[Unit]:
    return [
        u
        for u in queries.list_units(container.uow())
        if u.id is not None and principal.owns(u.id) and u.channel_accounts
    ]


def _publish_at(raw: str) -> datetime | None:
    """A datetime-local field, read as China time; empty means at once."""
    if not raw.strip():
        return None
    try:
        return datetime.fromisoformat(raw.strip()).replace(tzinfo=CHINA_TIME)
    except ValueError:
        raise DomainError(gettext("The publication time is not a date and time.")) from None


def _targets(units: list[str] | None, channels: list[str] | None) -> list[tuple[str, str]]:
    return [(u, c) for u in units or [] for c in channels or []]


@router.get("/publications", response_class=HTMLResponse)
def publications_page(
    request: Request, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    own = principal.visibility.own
    query = PublicationQuery(unit_ids=sorted(own) if own is not None else None)
    found = publications.listing(container.uow(), query, 200)
    units = {u.id: u for u in queries.list_units(container.uow())}
    context = {
        "found": found,
        "units": units,
        "own_units": _own_units(container, principal),
        "platforms": PLATFORMS,
        "kinds": WRITABLE[:2],
        "words": rumour_labels.ALL,
        "may_approve": principal.may(Permission.APPROVE),
    }
    return render(request, "publications.html", principal, context)


@router.post("/publications", response_model=None)
def create_publication(
    container: ContainerDep,
    principal: PrincipalDep,
    kind: Annotated[str, Form(max_length=16)] = "",
    unit: Annotated[str, Form(max_length=12)] = "",
    title: Annotated[str, Form(max_length=200)] = "",
    body: Annotated[str, Form(max_length=5000)] = "",
    units: Annotated[list[str] | None, Form()] = None,
    channels: Annotated[list[str] | None, Form()] = None,
    publish_at: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    if kind not in WRITABLE:
        return back("/console/publications", gettext("Choose what to publish."))
    try:
        publication = publications.draft(
            container.uow(),
            publications.Draft(
                kind=PublicationKind(kind),
                unit_code=unit or principal.unit.code,
                title=title,
                body=body,
                targets=_targets(units, channels),
                publish_at=_publish_at(publish_at),
            ),
            principal,
            container.clock,
        )
    except DomainError as exc:
        return refused("/console/publications", exc)
    return back(f"/console/publications/{publication.id}", gettext("Draft saved."))


@router.get("/publications/{publication_id}", response_class=HTMLResponse)
def publication_page(
    request: Request, publication_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> HTMLResponse:
    publication = authorize_publication(container.uow(), principal, publication_id, Permission.READ)
    with container.uow() as uow:
        history = uow.audit.for_subject("publication", str(publication_id))
    units = {u.id: u for u in queries.list_units(container.uow())}
    mine = principal.owns(publication.unit_id)
    editable = publication.status in (PublicationStatus.DRAFT, PublicationStatus.APPROVED)
    context = {
        "p": publication,
        "units": units,
        "history": history,
        "words": rumour_labels.ALL,
        "public_path": publishing.page_path(publication),
        "may_edit": mine and editable and principal.may(Permission.WORK),
        "may_approve": mine
        and publication.status is PublicationStatus.DRAFT
        and principal.may(Permission.APPROVE)
        and principal.name != publication.author,
        "may_withdraw": mine
        and publication.status is not PublicationStatus.WITHDRAWN
        and principal.may(Permission.APPROVE),
        "publish_at_local": publication.publish_at.astimezone(CHINA_TIME).strftime("%Y-%m-%dT%H:%M")
        if publication.publish_at
        else "",
    }
    return render(request, "publication.html", principal, context)


def _page(publication_id: RowId) -> str:
    return f"/console/publications/{publication_id}"


@router.post("/publications/{publication_id}/edit", response_model=None)
def edit_publication(
    publication_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    title: Annotated[str, Form(max_length=200)] = "",
    body: Annotated[str, Form(max_length=5000)] = "",
    publish_at: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    authorize_publication(container.uow(), principal, publication_id, Permission.WORK)
    try:
        publications.edit(
            container.uow(),
            publication_id,
            title,
            body,
            None,
            _publish_at(publish_at),
            principal,
            container.clock,
        )
    except DomainError as exc:
        return refused(_page(publication_id), exc)
    return back(_page(publication_id), gettext("Saved; the change is in the history."))


@router.post("/publications/{publication_id}/approve", response_model=None)
def approve_publication(
    publication_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> Response:
    authorize_publication(container.uow(), principal, publication_id, Permission.APPROVE)
    try:
        publications.approve(container.uow(), publication_id, principal, container.clock)
    except DomainError as exc:
        return refused(_page(publication_id), exc)
    done = publishing.publish_due(
        container.uow(), container.connectors(), container.clock, container.settings.public_url
    )
    notice = gettext("Approved and published.") if done.published else gettext("Approved.")
    return back(_page(publication_id), notice)


@router.post("/publications/{publication_id}/withdraw", response_model=None)
def withdraw_publication(
    publication_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    authorize_publication(container.uow(), principal, publication_id, Permission.APPROVE)
    try:
        publications.withdraw(container.uow(), publication_id, reason, principal, container.clock)
    except DomainError as exc:
        return refused(_page(publication_id), exc)
    return back(_page(publication_id), gettext("Withdrawn."))


@router.post("/clues/{clue_id}/bulletin", response_model=None)
def draft_bulletin(clue_id: RowId, container: ContainerDep, principal: PrincipalDep) -> Response:
    """A typical-case bulletin from the clue's closed case, personal data removed."""
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    try:
        publication = bulletins.draft_bulletin(
            container.uow(), clue_id, container.catalogue, principal, container.clock
        )
    except DomainError as exc:
        return refused(f"/console/clues/{clue_id}", exc)
    return back(_page(publication.id or 0), gettext("Bulletin drafted: read it before approval."))
