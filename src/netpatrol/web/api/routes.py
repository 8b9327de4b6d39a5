"""API routes: translate HTTP to service calls, nothing more."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from netpatrol import __version__
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.users import SessionKind
from netpatrol.services.accounts import signin
from netpatrol.services.accounts.signin import Attempt
from netpatrol.services.accounts.users import authorize_unit
from netpatrol.services.clues import queries
from netpatrol.services.measures import legal, replies
from netpatrol.services.oversight import stats
from netpatrol.services.patrol import ingest
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.web.api import schemas
from netpatrol.web.api.errors import body_kinds
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.clients import client_key, throttle
from netpatrol.web.deps import ContainerDep
from netpatrol.web.signed import SignatureDep, signed_body

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
            measures=list(b.measures),
        )
        for b in legal.catalogue_for(container.uow(), container.catalogue, unit)
    ]


@router.put("/legal-bases/{code}", tags=["measures"])
def edit_legal_basis(
    code: str, body: schemas.LegalBasisEdit, container: ContainerDep, principal: PrincipalDep
) -> dict[str, object]:
    """A unit admin edits an entry, or adds one, for their unit and the units below it."""
    authorize_unit(container.uow(), principal, body.unit)
    basis = LegalBasis(
        code, body.law, body.article, body.covers, tuple(body.categories), tuple(body.measures)
    )
    new = legal.set_entry(
        container.uow(),
        container.catalogue,
        unit_code=body.unit,
        basis=basis,
        actor=principal.name,
        clock=container.clock,
    )
    return {"code": code, "unit": body.unit, "added": new}


@router.post("/auth/token", tags=["accounts"], status_code=201)
def issue_token(body: schemas.SignIn, request: Request, container: ContainerDep) -> dict[str, str]:
    """Sign in with a username and password; the answer's bearer token (valid 90 days)
    goes in `Authorization: Bearer <token>` on every other call. Too many tries for a name
    or from a client are answered 429 with Retry-After, whether the name exists or not."""
    attempt = Attempt(body.username, body.password, client_key(request))
    token, session = signin.sign_in(
        container.uow(), attempt, container.clock, throttle(request), SessionKind.API
    )
    return {"token": token, "expires_at": session.expires_at.isoformat()}


@router.get("/me", tags=["accounts"])
def who_am_i(principal: PrincipalDep) -> dict[str, object]:
    """The signed-in user, their unit and role."""
    return {
        "username": principal.name,
        "display_name": principal.user.display_name,
        "role": principal.user.role.value,
        "unit": principal.unit.code,
        "unit_name": principal.unit.name,
        "locale": principal.user.locale,
    }


@router.get("/replies/{token}", tags=["replies"])
def show_warning(token: str, container: ContainerDep) -> dict[str, object]:
    """What a warning's recipient sees through the link in the private message."""
    shown = replies.show(container.uow(), token, container.catalogue)
    return dict(shown.__dict__)


@router.post("/replies/{token}", tags=["replies"])
def answer_warning(
    token: str, body: schemas.WarningReply, container: ContainerDep
) -> dict[str, object]:
    """The recipient acknowledges, reports the correction, or appeals (with grounds); a
    takedown's author can only appeal."""
    measure = replies.answer(
        container.uow(),
        token,
        replies.Reply(body.reply),
        body.message,
        container.clock,
        container.measure_policy,
    )
    return {"status": measure.status.value}


@router.get("/stats/takedowns", tags=["statistics"])
def takedown_stats(container: ContainerDep, principal: PrincipalDep) -> list[dict[str, object]]:
    """Per platform, for the user's units: takedown notices sent, confirmed, overdue,
    waiting, response hours."""
    own = principal.visibility.own
    units = sorted(own) if own is not None else None
    return [dict(r.__dict__) for r in stats.takedown_responses(container.uow(), units)]


@router.post(
    "/ingest",
    tags=["ingest"],
    openapi_extra=body_kinds(
        {
            "application/json": {"type": "object", "required": ["posts"]},
            "application/x-ndjson": {"type": "string", "description": "one post a line"},
        }
    ),
)
async def ingest_posts(
    request: Request,
    container: ContainerDep,
    signed: SignatureDep,
) -> JSONResponse:
    """A platform pushes posts, either a batch `{"posts": [...]}` (`application/json`; a
    malformed item rejects the whole batch with a 422 giving the reason for each item) or
    JSON Lines (`application/x-ndjson`; good lines are stored, bad ones are listed with
    their line number; 422 when no line holds a post). Signed: `X-Netpatrol-Timestamp`
    (Unix seconds, within 5 minutes), `X-Netpatrol-Nonce` (16 to 64 of `A-Za-z0-9_-`, once)
    and `X-Netpatrol-Signature: sha256=<hex HMAC-SHA256 of "timestamp.nonce." + body>`.
    A bad or stale signature is a 401, a replayed nonce a 409; posts seen before are
    counted, not stored again."""
    body = await signed_body(request, container, signed)
    platform = signed.platform
    rejected: list[dict[str, object]] = []
    if request.headers.get("content-type", "").startswith("application/x-ndjson"):
        posts, refused = ingest.parse_lines(platform, body)
        rejected = [{"line": r.line, "reason": r.reason} for r in refused]
        if not posts:
            return JSONResponse({"detail": "no line holds a post", "rejected": rejected}, 422)
    else:
        try:
            posts = ingest.parse_batch(platform, body)
        except ingest.BatchRejected as exc:
            items = [{"index": i, "reason": r} for i, r in sorted(exc.reasons.items())]
            return JSONResponse({"detail": "the batch was not stored", "items": items}, 422)
    result = await run_in_threadpool(
        patrol_batch,
        container.uow(),
        posts,
        container.detection(),
        container.triage,
        container.clock,
    )
    return JSONResponse(
        {
            "stored": len(result.stored),
            "duplicates": len(result.duplicates),
            "rejected": rejected,
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
