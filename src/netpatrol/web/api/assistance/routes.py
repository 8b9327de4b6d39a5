"""API routes for assistance requests (协查) and a clue's notes and participants; a request
the user's units are not party to reads as a 404, like a clue they may not see."""

from __future__ import annotations

from fastapi import APIRouter

from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal, authorize_clue
from netpatrol.services.assistance import reads, requests
from netpatrol.services.assistance.acting import Acting, acting
from netpatrol.services.clues import notes, participants
from netpatrol.web.api.assistance import schemas
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.deps import ContainerDep, RowId

router = APIRouter()


def _by(principal: Principal, permission: Permission) -> Acting:
    principal.require(permission)
    return acting(principal.name, principal.unit.id or 0, principal.visibility)


@router.get("/assistance", tags=["assistance"])
def list_assistance(container: ContainerDep, principal: PrincipalDep) -> schemas.AssistanceInbox:
    """Requests to the user's units and from them, unread first, then newest; `waiting`
    counts those asked of the user's units and not yet accepted or declined, `unread`
    those with news for the user's side."""
    by = _by(principal, Permission.READ)
    found = reads.inbox(container.uow(), by)
    badge = reads.badge(container.uow(), by)
    return schemas.AssistanceInbox(
        to_us=[schemas.assistance_public(v) for v in found.to_us],
        from_us=[schemas.assistance_public(v) for v in found.from_us],
        waiting=badge.waiting,
        unread=badge.unread,
    )


@router.post("/assistance", tags=["assistance"], status_code=201)
def ask_assistance(
    body: schemas.AssistanceCreate, container: ContainerDep, principal: PrincipalDep
) -> list[schemas.AssistancePublic]:
    """The unit owning a clue asks one or more units for help: one request each. Each
    asked unit takes part in the clue from then on (reads it, comments, sees measures).
    An unknown unit, the own unit, or evidence not of the clue is a 422; a clue of
    another unit is a 403 (or a 404 when the user may not see it)."""
    by = _by(principal, Permission.WORK)
    wanted = requests.Ask(
        body.clue_id,
        body.units,
        body.kind,
        body.note,
        body.deadline_hours,
        body.sharing_level,
        body.evidence_ids,
    )
    made = requests.ask(container.uow(), wanted, by, container.clock)
    return [
        schemas.assistance_public(reads.view(container.uow(), r.id or 0, by, container.clock))
        for r in made
    ]


@router.get("/assistance/{request_id}", tags=["assistance"])
def get_assistance(
    request_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.AssistanceDetail:
    """One request with its thread; reading it clears the unread notice of the user's
    side."""
    by = _by(principal, Permission.READ)
    return schemas.assistance_detail(reads.view(container.uow(), request_id, by, container.clock))


@router.post("/assistance/{request_id}/accept", tags=["assistance"])
def accept_assistance(
    request_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.AssistancePublic:
    """The asked unit accepts; the asking side is refused (403); a request no longer
    waiting is a 409."""
    by = _by(principal, Permission.WORK)
    requests.accept(container.uow(), request_id, by, container.clock)
    return _public(container, request_id, by)


@router.post("/assistance/{request_id}/decline", tags=["assistance"])
def decline_assistance(
    request_id: RowId, body: schemas.Decline, container: ContainerDep, principal: PrincipalDep
) -> schemas.AssistancePublic:
    """The asked unit declines, with a reason the asking unit reads."""
    by = _by(principal, Permission.WORK)
    requests.decline(container.uow(), request_id, body.reason, by, container.clock)
    return _public(container, request_id, by)


@router.post("/assistance/{request_id}/close", tags=["assistance"])
def close_assistance(
    request_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.AssistancePublic:
    """Either side closes the request; a closed or declined one is a 409."""
    by = _by(principal, Permission.WORK)
    requests.close(container.uow(), request_id, by, container.clock)
    return _public(container, request_id, by)


@router.post("/assistance/{request_id}/answers", tags=["assistance"], status_code=201)
def answer_assistance(
    request_id: RowId, body: schemas.AnswerCreate, container: ContainerDep, principal: PrincipalDep
) -> schemas.AssistanceDetail:
    """An answer in the shared thread, from either side: text and evidence items (each
    kept on the clue with its SHA-256 digest, each audited). An answer to a closed or
    declined request is a 409."""
    by = _by(principal, Permission.WORK)
    items = [requests.Item(i.title, i.content) for i in body.evidence]
    requests.answer(container.uow(), request_id, body.text, items, by, container.clock)
    return schemas.assistance_detail(reads.view(container.uow(), request_id, by, container.clock))


def _public(container: ContainerDep, request_id: int, by: Acting) -> schemas.AssistancePublic:
    return schemas.assistance_public(reads.view(container.uow(), request_id, by, container.clock))


@router.get("/clues/{clue_id}/notes", tags=["clues"])
def list_notes(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> list[schemas.NotePublic]:
    """The clue's internal notes, oldest first (the latest 200)."""
    authorize_clue(container.uow(), principal, clue_id, Permission.READ)
    codes = {u.id: u.code for u in participants.all_units(container.uow())}
    return [
        schemas.NotePublic(
            id=n.id or 0,
            clue_id=n.clue_id,
            unit_code=codes.get(n.unit_id, ""),
            author=n.author,
            text=n.text,
            created_at=n.created_at,
        )
        for n in notes.notes_for(container.uow(), clue_id, principal.visibility)
    ]


@router.post("/clues/{clue_id}/notes", tags=["clues"], status_code=201)
def add_note(
    clue_id: RowId, body: schemas.NoteCreate, container: ContainerDep, principal: PrincipalDep
) -> schemas.NotePublic:
    """A note in the clue's thread, by the owning unit or a participant (else a 403, or a
    404 when the user may not see the clue)."""
    principal.require(Permission.WORK)
    note = notes.add_note(
        container.uow(),
        clue_id,
        body.text,
        principal.name,
        principal.unit.id or 0,
        principal.visibility,
        container.clock,
    )
    return schemas.NotePublic(
        id=note.id or 0,
        clue_id=clue_id,
        unit_code=principal.unit.code,
        author=note.author,
        text=note.text,
        created_at=note.created_at,
    )


@router.get("/clues/{clue_id}/participants", tags=["clues"])
def list_participants(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> list[schemas.ParticipantPublic]:
    """The units that take part in the clue beside its owner, and why."""
    authorize_clue(container.uow(), principal, clue_id, Permission.READ)
    return [
        schemas.ParticipantPublic(
            unit_code=u.code, unit_name=u.name, reason=p.reason, since=p.since
        )
        for p, u in participants.participants(container.uow(), clue_id)
    ]
