"""Public API: reports with receipts, volunteers and the scam lookup. No sign-in; what
comes back is only ever the caller's own report or what is public."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from netpatrol.domain.errors import DomainError
from netpatrol.services.measures import appeals
from netpatrol.services.public import lookup, reports, volunteers
from netpatrol.services.public.reports import RateLimited, Submission
from netpatrol.services.publishing.release import page_path
from netpatrol.web.api.errors import body_kinds
from netpatrol.web.clients import client_address, client_key, limit
from netpatrol.web.deps import ContainerDep
from netpatrol.web.portal.common import submit_report
from netpatrol.web.portal.mentions import mentions_for
from netpatrol.web.portal.reports import read_screenshot

router = APIRouter()


class ReportCreate(BaseModel):
    category: str = Field(max_length=32)
    text: str = Field(default="", max_length=4000)
    link: str = Field(default="", max_length=1000)
    contact: str = Field(default="", max_length=400)
    region: str = Field(default="", max_length=100)


class AppealCreate(BaseModel):
    grounds: str = Field(max_length=2000, description="why the content is unlawful after all")


class VolunteerCreate(BaseModel):
    nickname: str = Field(max_length=64)
    region: str = Field(default="", max_length=100)
    contact: str = Field(default="", max_length=400)


def _refused(status: int, detail: str, **headers: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


@router.post(
    "/reports",
    tags=["public"],
    status_code=201,
    openapi_extra=body_kinds(
        {
            "application/json": ReportCreate.model_json_schema(),
            "multipart/form-data": {
                **ReportCreate.model_json_schema(),
                "properties": {
                    **ReportCreate.model_json_schema()["properties"],
                    "screenshot": {"type": "string", "format": "binary"},
                },
                "additionalProperties": False,
            },
        }
    ),
)
async def create_report(
    request: Request,
    container: ContainerDep,
    volunteer_key: Annotated[str, Header(alias="X-Volunteer-Key", max_length=40)] = "",
) -> JSONResponse:
    """Report content: JSON `{"text"?, "link"?, "category", "contact"?, "region"?}` (at
    least one of text and link), or the same fields as multipart with a `screenshot`
    (PNG, JPEG, GIF or WebP, up to 2 MB). Answers 201 `{"receipt"}`: the code is shown
    once. 413 for a body that is too large (web/limits.py), 422 with the reasons, 429
    with Retry-After when one client sends too many."""
    kind = request.headers.get("content-type", "")
    try:
        if kind.startswith("multipart/form-data"):
            async with request.form(max_files=1, max_fields=10) as form:
                upload = form.get("screenshot")
                fields = {k: v for k, v in form.items() if isinstance(v, str)}
                body = ReportCreate.model_validate(fields)
                has_file = upload is not None and not isinstance(upload, str)
                shot = await read_screenshot(upload) if has_file else None  # type: ignore[arg-type]
        else:
            body = ReportCreate.model_validate_json(await request.body())
            shot = None
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _refused(422, reasons or "malformed body")
    submission = Submission(
        category=body.category,
        text=body.text,
        link=body.link,
        contact=body.contact,
        region=body.region,
        screenshot=shot,
        client=client_address(request),
        volunteer_key=volunteer_key,
    )
    try:
        receipt = await run_in_threadpool(submit_report, container, submission)
    except RateLimited as exc:
        return _refused(429, str(exc), **{"Retry-After": str(exc.retry_after)})
    except DomainError as exc:
        status = 404 if type(exc).__name__ == "NotFound" else 422
        return _refused(status, str(exc))
    return JSONResponse({"receipt": receipt.code, "folded": receipt.folded}, status_code=201)


@router.get("/receipts/{code}", tags=["public"])
def get_receipt(code: str, request: Request, container: ContainerDep) -> dict[str, object]:
    """A report's status and, when closed, its outcome, for the holder of the code."""
    limit(request, "receipt_lookup")
    view = reports.receipt(container.uow(), code[:40])
    return {
        "receipt": view.code,
        "category": view.category.value,
        "received_at": view.received_at.isoformat(),
        "outcome": view.outcome.value,
        "closed": view.closed,
        "debunks": [{"title": d.title, "url": page_path(d)} for d in view.debunks],
        "may_appeal": view.may_appeal,
        "appeal": view.appeal.to_data() if view.appeal else None,
    }


@router.post("/receipts/{code}/appeal", tags=["public"], status_code=201)
def appeal_dismissal(
    code: str, body: AppealCreate, request: Request, container: ContainerDep
) -> dict[str, object]:
    """The reporter appeals the finding that nothing was unlawful (a dismissal); a
    supervisor who had no hand in it answers within the policy's days. Counted as a
    receipt look-up (429 past the policy's rate)."""
    limit(request, "receipt_lookup")
    appeal = appeals.appeal_dismissal(
        container.uow(), code[:40], body.grounds, container.clock, container.measure_policy
    )
    return {"status": "appealed", "due_at": appeal.due_at.isoformat()}


@router.post("/volunteers", tags=["public"], status_code=201)
def register_volunteer(
    body: VolunteerCreate, request: Request, container: ContainerDep
) -> dict[str, object]:
    """Join as a volunteer; the answer's key (shown once) goes in `X-Volunteer-Key`."""
    limit(request, "volunteer_sign_up")
    key, volunteer = volunteers.register(
        container.uow(),
        body.nickname,
        body.region,
        body.contact,
        container.sealer(),
        container.clock,
    )
    return {"key": key, "nickname": volunteer.nickname}


@router.get("/volunteers/me", tags=["public"])
def volunteer_record(
    request: Request,
    container: ContainerDep,
    key: Annotated[str, Header(alias="X-Volunteer-Key", max_length=40)] = "",
) -> dict[str, object]:
    """The volunteer's tips, how each was judged, and their reliability score."""
    limit(request, "volunteer_sign_in")
    found = volunteers.profile(container.uow(), key)
    return {
        "nickname": found.volunteer.nickname,
        "unit": found.unit_name,
        "score": round(found.standing.score, 4),
        "confirmed": found.standing.confirmed,
        "dismissed": found.standing.dismissed,
        "pending": found.standing.pending,
        "tips": [
            {
                "category": t.report.category.value,
                "sent_at": t.report.created_at.isoformat(),
                "judgement": t.judgement.value,
                "outcome": t.outcome.value,
            }
            for t in found.tips
        ],
    }


class DisputeCreate(BaseModel):
    query: str = Field(max_length=200, description="the number, link or id looked up")
    reason: str = Field(default="", max_length=1000)


@router.post("/lookup/false-positives", tags=["public"], status_code=202)
def dispute_lookup(
    body: DisputeCreate, request: Request, container: ContainerDep
) -> dict[str, object]:
    """ "This is my number and it is not a scam": every public indicator the query matches
    goes under review (and out of the lookup) until a second officer decides it again.
    404 when the lookup does not know it; 429 with Retry-After when one client asks too
    often."""
    limit(request, "indicator_false_positive")
    disputed = lookup.dispute(
        container.uow(), body.query, client_key(request), body.reason, container.clock
    )
    return {"under_review": disputed}


@router.get("/lookup", tags=["public"])
def scam_lookup(
    container: ContainerDep, q: Annotated[str, Query(max_length=200)]
) -> dict[str, object]:
    """Is this phone number, link, QQ or WeChat id a known scam indicator? Only public
    knowledge: nationally shared indicators and published alerts."""
    result = lookup.lookup(container.uow(), q, mentions_for(container), container.clock())
    return {
        "query": result.query,
        "kind": result.kind,
        "value": result.value,
        "known": result.known,
        "category": result.category or None,
        "alerts": [{"title": m.title, "url": m.url} for m in result.mentions],
    }
