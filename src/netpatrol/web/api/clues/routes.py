"""API routes for clue work and measures, on behalf of the signed-in user (session cookie
or `Authorization: Bearer <token>`); what the user may not see reads as a 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from netpatrol.domain.categories import Category
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import (
    Principal,
    authorize_clue,
    authorize_measure,
)
from netpatrol.services.clues import evidence, queries, triage
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.measures import appeals, reads
from netpatrol.services.measures import graduated as measures
from netpatrol.services.measures import warnings as dispose
from netpatrol.web.api.clues import schemas
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.deps import ContainerDep, Offset, RowId

router = APIRouter()


@router.get("/clues", tags=["clues"])
def list_clues(
    container: ContainerDep,
    principal: PrincipalDep,
    unit: Annotated[str | None, Query(description="unit code; includes units below")] = None,
    status: ClueStatus | None = None,
    category: Category | None = None,
    platform: str | None = None,
    assignee: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> list[schemas.CluePublic]:
    """The queue the user may see: most severe first, then fastest spreading, widest reach,
    oldest. The listing is audited under the user's name."""
    filters = ClueQuery(
        visibility=principal.visibility, category=category, platform=platform, assignee=assignee
    )
    views = queries.clue_queue(
        container.uow(), unit, status, limit, offset, principal.name, container.clock(), filters
    )
    return [schemas.clue_public(v) for v in views]


@router.get("/clues/{clue_id}", tags=["clues"])
def get_clue(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> schemas.ClueDetail:
    """One clue with its post, findings, measures, audit trail and suggested measure; the
    read is audited under the user's name."""
    view = queries.clue_detail(
        container.uow(),
        clue_id,
        container.measure_policy,
        principal.name,
        container.clock(),
        principal.visibility,
    )
    return schemas.clue_detail(view)


@router.post("/clues/{clue_id}/warning-preview", tags=["measures"])
def preview_warning(
    clue_id: RowId, body: schemas.WarningCreate, container: ContainerDep, principal: PrincipalDep
) -> schemas.WarningPreview:
    """Render the warning's text without sending anything."""
    authorize_clue(container.uow(), principal, clue_id, Permission.READ)
    text_ = dispose.preview_warning(
        container.uow(),
        _warning_request(clue_id, body, principal.name),
        container.catalogue,
        container.warning_templates,
        container.clock,
    )
    return schemas.WarningPreview(body=text_)


@router.post("/clues/{clue_id}/warnings", tags=["measures"], status_code=201)
def send_warning(
    clue_id: RowId, body: schemas.WarningCreate, container: ContainerDep, principal: PrincipalDep
) -> schemas.MeasurePublic:
    """Send a private warning (警示教育) from the unit's account to the post's author. A
    legal basis that does not fit the clue's category or a warning is a 422 unless a
    supervisor gives `override_reason`; a second warning while one is live is a 409."""
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    _may_override(principal, body.override_reason)
    m, _ = dispose.send_warning(
        container.uow(),
        _warning_request(clue_id, body, principal.name),
        container.catalogue,
        container.warning_templates,
        container.clock,
        reply_base=container.settings.public_url,
    )
    return schemas.measure_public(m)


def _warning_request(
    clue_id: RowId, body: schemas.WarningCreate, actor: str
) -> dispose.WarningRequest:
    return dispose.WarningRequest(
        clue_id, actor, body.legal_bases, body.deadline_hours, body.override_reason
    )


def _may_override(principal: Principal, reason: str) -> None:
    """Citing an entry that does not fit is a supervisor's call."""
    if reason.strip():
        principal.require(Permission.APPROVE)


@router.post("/clues/{clue_id}/measures", tags=["measures"], status_code=201)
def open_measure(
    clue_id: RowId, body: schemas.MeasureCreate, container: ContainerDep, principal: PrincipalDep
) -> schemas.MeasurePublic:
    """Open a takedown notice (清理), a case (立案调查, needs a second person's approval),
    a referral to a partner agency (联动), citing fitting legal bases (else a 422, unless a
    supervisor gives `override_reason`), or a dismissal with its reason and no law. A
    second measure of a kind while one is live is a 409."""
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    _may_override(principal, body.override_reason)
    request = measures.MeasureRequest(
        clue_id,
        MeasureKind(body.kind),
        principal.name,
        body.legal_bases,
        body.reason,
        body.deadline_hours,
        body.agency,
        body.override_reason,
    )
    opened = measures.open_measure(
        container.uow(),
        request,
        container.catalogue,
        container.clock,
        reply_base=container.settings.public_url,
    )
    return schemas.measure_public(opened)


@router.get("/measures", tags=["measures"])
def list_measures(container: ContainerDep, principal: PrincipalDep) -> list[schemas.MeasurePublic]:
    """The measures on clues the user may see, oldest first (the read is audited)."""
    found = reads.read_measures(
        container.uow(), principal.name, principal.visibility, container.clock
    )
    return [schemas.measure_public(m) for m in found]


@router.post("/measures/{measure_id}/transitions", tags=["measures"])
def move_measure(
    measure_id: RowId,
    body: schemas.MeasureTransition,
    container: ContainerDep,
    principal: PrincipalDep,
) -> schemas.MeasurePublic:
    """Move a measure along its state table (approve a case, confirm a takedown, record an
    agency's answer, ...); an illegal move is a 409; approving needs a supervisor."""
    needed = measures.permission_for(body.to)
    authorize_measure(container.uow(), principal, measure_id, needed)
    moved = measures.advance(
        container.uow(),
        measure_id,
        body.to,
        principal.name,
        container.clock,
        body.reason,
        dict(body.note),
    )
    return schemas.measure_public(moved)


@router.post("/measures/{measure_id}/appeal-decision", tags=["measures"])
def decide_appeal(
    measure_id: RowId,
    body: schemas.AppealDecision,
    container: ContainerDep,
    principal: PrincipalDep,
) -> schemas.MeasurePublic:
    """A supervisor decides an appeal, with reasons the appellant reads: upheld withdraws
    the measure, dismissed leaves it standing. The officer who took the measure and the
    one who approved it are refused (403)."""
    authorize_measure(container.uow(), principal, measure_id, Permission.APPROVE)
    decided = appeals.decide(
        container.uow(), measure_id, body.upheld, principal.name, body.reasons, container.clock
    )
    return schemas.measure_public(decided)


def _clue_result(clue_id: RowId, status: ClueStatus, **more: object) -> dict[str, object]:
    return {"id": clue_id, "status": status.value, **more}


@router.post("/clues/{clue_id}/claim", tags=["clues"])
def claim_clue(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> dict[str, object]:
    """Take a clue from the queue; records who and when."""
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    clue = triage.claim(container.uow(), clue_id, principal.name, container.clock)
    return _clue_result(clue_id, clue.status, assignee=clue.assignee)


@router.post("/clues/{clue_id}/release", tags=["clues"])
def release_clue(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> dict[str, object]:
    """Put a claimed clue back in the queue."""
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    clue = triage.release(container.uow(), clue_id, principal.name, container.clock)
    return _clue_result(clue_id, clue.status, assignee=clue.assignee)


@router.post("/clues/{clue_id}/reassign", tags=["clues"])
def reassign_clue(
    clue_id: RowId, body: schemas.ClueAction, container: ContainerDep, principal: PrincipalDep
) -> dict[str, object]:
    """Hand a clue to another unit (`unit`), with a reason."""
    if not body.unit:
        raise RuleViolation("name the receiving unit")
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    clue = triage.reassign(
        container.uow(), clue_id, body.unit, principal.name, body.reason, container.clock
    )
    return _clue_result(clue_id, clue.status, unit_id=clue.unit_id)


@router.post("/clues/{clue_id}/escalate", tags=["clues"])
def escalate_clue(
    clue_id: RowId, body: schemas.ClueAction, container: ContainerDep, principal: PrincipalDep
) -> dict[str, object]:
    """Send a clue to the unit above, with a reason."""
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    clue = triage.reassign(
        container.uow(), clue_id, None, principal.name, body.reason, container.clock
    )
    return _clue_result(clue_id, clue.status, unit_id=clue.unit_id)


@router.get("/clues/{clue_id}/evidence", tags=["evidence"])
def list_evidence(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> list[dict[str, object]]:
    """The clue's captures, oldest first, each with its SHA-256 digest (the read is
    audited)."""
    authorize_clue(container.uow(), principal, clue_id, Permission.READ)
    items = evidence.items_for(container.uow(), clue_id, principal.name, container.clock())
    return [
        {
            "id": i.id,
            "kind": i.kind,
            "sha256": i.sha256,
            "captured_at": i.captured_at,
            "source": i.source,
            "captured_by": i.captured_by,
            "intact": i.intact(),
        }
        for i in items
    ]


@router.post("/clues/{clue_id}/evidence", tags=["evidence"], status_code=201)
def capture_evidence(
    clue_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> dict[str, object]:
    """Capture the clue's post again: a new item, earlier ones are kept as they were."""
    authorize_clue(container.uow(), principal, clue_id, Permission.WORK)
    item = evidence.capture(container.uow(), clue_id, principal.name, container.clock)
    return {"id": item.id, "sha256": item.sha256, "captured_at": item.captured_at}
