"""API routes: translate HTTP to service calls, nothing more."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from netpatrol import __version__
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import MeasureKind
from netpatrol.services import (
    dispose,
    evidence,
    indicators,
    ingest,
    legal,
    measures,
    queries,
    replies,
    stats,
    triage,
)
from netpatrol.services.patrol import patrol_batch
from netpatrol.web.api import schemas
from netpatrol.web.deps import ContainerDep

router = APIRouter()


@router.get("/health", tags=["system"])
def health(container: ContainerDep) -> dict[str, str]:
    """Liveness and database reachability."""
    with container.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}


@router.get("/units", tags=["units"])
def list_units(container: ContainerDep) -> list[schemas.UnitPublic]:
    """The unit matrix (M1), national unit first."""
    return [
        schemas.UnitPublic(
            code=u.code,
            name=u.name,
            full_name=u.full_name,
            level=u.level.value,
            parent_code=u.parent_code,
            region_codes=u.region_codes,
            among_first_50=u.among_first_50,
            channel_accounts=u.channel_accounts,
        )
        for u in queries.list_units(container.uow())
    ]


@router.get("/legal-bases", tags=["measures"])
def legal_bases(
    container: ContainerDep,
    unit: Annotated[str, Query(description="the unit whose catalogue applies")] = "000000",
) -> list[schemas.LegalBasisPublic]:
    """The legal-basis catalogue every measure cites from, as it applies to a unit."""
    return [
        schemas.LegalBasisPublic(
            code=b.code,
            law=b.law,
            article=b.article,
            covers=b.covers,
            categories=list(b.categories),
        )
        for b in legal.catalogue_for(container.uow(), container.catalogue, unit)
    ]


@router.put("/legal-bases/{code}", tags=["measures"])
def edit_legal_basis(
    code: str, body: schemas.LegalBasisEdit, container: ContainerDep
) -> dict[str, object]:
    """A unit edits an entry, or adds one, for itself and the units below it."""
    basis = LegalBasis(code, body.law, body.article, body.covers, tuple(body.categories))
    new = legal.set_entry(
        container.uow(),
        container.catalogue,
        unit_code=body.unit,
        basis=basis,
        actor=body.actor,
        clock=container.clock,
    )
    return {"code": code, "unit": body.unit, "added": new}


@router.get("/clues", tags=["clues"])
def list_clues(
    container: ContainerDep,
    unit: Annotated[str | None, Query(description="unit code; includes units below")] = None,
    status: ClueStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    reader: Annotated[str, Header(alias="X-Netpatrol-Actor")] = "anonymous",
) -> list[schemas.CluePublic]:
    """The queue: most severe first, then widest reach, then oldest (the listing is audited
    under `X-Netpatrol-Actor`)."""
    views = queries.clue_queue(
        container.uow(), unit, status, limit, offset, reader, container.clock()
    )
    return [schemas.clue_public(v) for v in views]


@router.get("/clues/{clue_id}", tags=["clues"])
def get_clue(
    clue_id: int,
    container: ContainerDep,
    reader: Annotated[str, Header(alias="X-Netpatrol-Actor")] = "anonymous",
) -> schemas.ClueDetail:
    """One clue with its post, findings, measures, audit trail and suggested measure. The
    read is audited under `X-Netpatrol-Actor` (until sign-in, the caller names itself)."""
    view = queries.clue_detail(
        container.uow(), clue_id, container.measure_policy, reader, container.clock()
    )
    return schemas.clue_detail(view)


@router.post("/clues/{clue_id}/warning-preview", tags=["measures"])
def preview_warning(
    clue_id: int, body: schemas.WarningCreate, container: ContainerDep
) -> schemas.WarningPreview:
    """Render the warning's text without sending anything."""
    text_ = dispose.preview_warning(
        container.uow(),
        _warning_request(clue_id, body),
        container.catalogue,
        container.warning_templates,
        container.clock,
    )
    return schemas.WarningPreview(body=text_)


@router.post("/clues/{clue_id}/warnings", tags=["measures"], status_code=201)
def send_warning(
    clue_id: int, body: schemas.WarningCreate, container: ContainerDep
) -> schemas.MeasurePublic:
    """Send a private warning (警示教育) from the unit's account to the post's author."""
    m, _ = dispose.send_warning(
        container.uow(),
        _warning_request(clue_id, body),
        container.catalogue,
        container.warning_templates,
        container.clock,
        reply_base=container.settings.public_url,
    )
    return schemas.measure_public(m)


def _warning_request(clue_id: int, body: schemas.WarningCreate) -> dispose.WarningRequest:
    return dispose.WarningRequest(clue_id, body.actor, body.legal_bases, body.deadline_hours)


@router.get("/indicators", tags=["indicators"])
def list_indicators(container: ContainerDep) -> list[schemas.IndicatorPublic]:
    """The shared indicator store the patrol matches posts against."""
    return [schemas.indicator_public(i) for i in indicators.list_indicators(container.uow())]


@router.post("/indicators", tags=["indicators"], status_code=201)
def add_indicator(
    body: schemas.IndicatorCreate, container: ContainerDep
) -> schemas.IndicatorPublic:
    """Record a known scam number, domain or account (stored in canonical form)."""
    added = indicators.add_indicator(
        container.uow(),
        kind=body.kind,
        value=body.value,
        category=body.category,
        unit_code=body.unit,
        sharing=body.sharing_level,
        actor=body.actor,
        clock=container.clock,
        note=body.note,
    )
    return schemas.indicator_public(added)


@router.post("/clues/{clue_id}/measures", tags=["measures"], status_code=201)
def open_measure(
    clue_id: int, body: schemas.MeasureCreate, container: ContainerDep
) -> schemas.MeasurePublic:
    """Open a takedown notice (清理), a case (立案调查, needs a second person's approval),
    a referral to a partner agency (联动) or a dismissal, citing the legal basis."""
    request = measures.MeasureRequest(
        clue_id,
        MeasureKind(body.kind),
        body.actor,
        body.legal_bases,
        body.reason,
        body.deadline_hours,
        body.agency,
    )
    opened = measures.open_measure(container.uow(), request, container.catalogue, container.clock)
    return schemas.measure_public(opened)


@router.get("/measures", tags=["measures"])
def list_measures(container: ContainerDep) -> list[schemas.MeasurePublic]:
    """Every measure, oldest first."""
    return [schemas.measure_public(m) for m in measures.list_measures(container.uow())]


@router.post("/measures/{measure_id}/transitions", tags=["measures"])
def move_measure(
    measure_id: int, body: schemas.MeasureTransition, container: ContainerDep
) -> schemas.MeasurePublic:
    """Move a measure along its state table (approve a case, confirm a takedown, record an
    agency's answer, ...); an illegal move is a 409."""
    moved = measures.advance(
        container.uow(),
        measure_id,
        body.to,
        body.actor,
        container.clock,
        body.reason,
        dict(body.note),
    )
    return schemas.measure_public(moved)


@router.post("/clues/{clue_id}/claim", tags=["clues"])
def claim_clue(
    clue_id: int, body: schemas.ClueAction, container: ContainerDep
) -> dict[str, object]:
    """Take a clue from the queue; records who and when."""
    clue = triage.claim(container.uow(), clue_id, body.actor, container.clock)
    return {"id": clue.id, "status": clue.status.value, "assignee": clue.assignee}


@router.post("/clues/{clue_id}/release", tags=["clues"])
def release_clue(
    clue_id: int, body: schemas.ClueAction, container: ContainerDep
) -> dict[str, object]:
    """Put a claimed clue back in the queue."""
    clue = triage.release(container.uow(), clue_id, body.actor, container.clock)
    return {"id": clue.id, "status": clue.status.value, "assignee": clue.assignee}


@router.post("/clues/{clue_id}/reassign", tags=["clues"])
def reassign_clue(
    clue_id: int, body: schemas.ClueAction, container: ContainerDep
) -> dict[str, object]:
    """Hand a clue to another unit (`unit`), with a reason."""
    if not body.unit:
        raise RuleViolation("name the receiving unit")
    clue = triage.reassign(
        container.uow(), clue_id, body.unit, body.actor, body.reason, container.clock
    )
    return {"id": clue.id, "unit_id": clue.unit_id, "status": clue.status.value}


@router.post("/clues/{clue_id}/escalate", tags=["clues"])
def escalate_clue(
    clue_id: int, body: schemas.ClueAction, container: ContainerDep
) -> dict[str, object]:
    """Send a clue to the unit above, with a reason."""
    clue = triage.reassign(container.uow(), clue_id, None, body.actor, body.reason, container.clock)
    return {"id": clue.id, "unit_id": clue.unit_id, "status": clue.status.value}


@router.get("/clues/{clue_id}/evidence", tags=["evidence"])
def list_evidence(
    clue_id: int,
    container: ContainerDep,
    reader: Annotated[str, Header(alias="X-Netpatrol-Actor")] = "anonymous",
) -> list[dict[str, object]]:
    """The clue's captures, oldest first, each with its SHA-256 digest."""
    items = evidence.items_for(container.uow(), clue_id, reader, container.clock())
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
    clue_id: int, body: schemas.ClueAction, container: ContainerDep
) -> dict[str, object]:
    """Capture the clue's post again: a new item, earlier ones are kept as they were."""
    item = evidence.capture(container.uow(), clue_id, body.actor, container.clock)
    return {"id": item.id, "sha256": item.sha256, "captured_at": item.captured_at}


@router.get("/replies/{token}", tags=["replies"])
def show_warning(token: str, container: ContainerDep) -> dict[str, object]:
    """What a warning's recipient sees through the link in the private message."""
    shown = replies.show(container.uow(), token)
    return dict(shown.__dict__)


@router.post("/replies/{token}", tags=["replies"])
def answer_warning(
    token: str, body: schemas.WarningReply, container: ContainerDep
) -> dict[str, object]:
    """The recipient acknowledges, reports the correction, or appeals (with grounds)."""
    measure = replies.answer(
        container.uow(), token, replies.Reply(body.reply), body.message, container.clock
    )
    return {"status": measure.status.value}


@router.get("/stats/takedowns", tags=["statistics"])
def takedown_stats(container: ContainerDep) -> list[dict[str, object]]:
    """Per platform: takedown notices sent, confirmed, overdue, waiting, response hours."""
    return [dict(r.__dict__) for r in stats.takedown_responses(container.uow())]


@router.post("/ingest", tags=["ingest"])
async def ingest_posts(
    request: Request,
    container: ContainerDep,
    platform: Annotated[str, Header(alias="X-Netpatrol-Platform")] = "",
    signature: Annotated[str, Header(alias="X-Netpatrol-Signature")] = "",
) -> JSONResponse:
    """A platform pushes a batch `{"posts": [...]}`, signed with HMAC-SHA256 of the raw body
    (`X-Netpatrol-Signature: sha256=<hex>`). A bad signature is a 401; a malformed item
    rejects the whole batch with a 422 giving the reason for each item; posts seen before
    are counted, not stored again."""
    body = await request.body()
    try:
        ingest.check_signature(container.settings.ingest_secrets(), platform, body, signature)
    except ingest.Unauthorised as exc:
        return JSONResponse({"detail": str(exc)}, status_code=401)
    try:
        payload = json.loads(body)
    except ValueError as exc:
        return JSONResponse({"detail": f"malformed JSON: {exc}"}, status_code=422)
    try:
        posts = ingest.parse_batch(platform, payload)
    except ingest.BatchRejected as exc:
        items = [{"index": i, "reason": r} for i, r in sorted(exc.reasons.items())]
        return JSONResponse({"detail": "the batch was not stored", "items": items}, 422)
    result = patrol_batch(
        container.uow(), posts, container.detection(), container.triage, container.clock
    )
    return JSONResponse(
        {
            "stored": len(result.stored),
            "duplicates": len(result.duplicates),
            "findings": [
                {
                    "post_id": p.external_id,
                    "category": f.category.value,
                    "score": f.score,
                    "severity": f.severity.value,
                }
                for p, f in result.findings
            ],
        }
    )
