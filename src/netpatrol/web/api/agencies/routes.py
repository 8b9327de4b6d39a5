"""API routes: the agency directory, an agency's answer through its link, the platform's
signed answer to a takedown notice and an officer's answer to the platform's question."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from netpatrol.domain.agencies import Agency, AgencyAnswer
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import authorize_measure, authorize_unit
from netpatrol.services.agencies import directory, referrals
from netpatrol.services.measures import notices
from netpatrol.web.api.agencies import schemas
from netpatrol.web.api.errors import body_kinds
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.deps import ContainerDep, RowId
from netpatrol.web.signed import SignatureDep, signed_body

router = APIRouter()
Token = Annotated[str, Path(max_length=64)]


@router.get("/agencies", tags=["agencies"])
def list_agencies(
    container: ContainerDep,
    unit: Annotated[
        str | None, Query(max_length=16, description="only those this unit may refer to")
    ] = None,
) -> list[schemas.AgencyPublic]:
    """The partner-agency directory (联动单位): national entries and each province's."""
    found = directory.list_agencies(container.uow(), unit)
    return [schemas.AgencyPublic.of(a) for a in found]


@router.put("/agencies/{code}", tags=["agencies"])
def edit_agency(
    code: Annotated[str, Path(max_length=48)],
    body: schemas.AgencyEdit,
    container: ContainerDep,
    principal: PrincipalDep,
) -> dict[str, object]:
    """A unit admin edits an entry of their province (the national desk's admin a national
    one), or adds one: its name, channel and address."""
    authorize_unit(
        container.uow(), principal, directory.owning_unit(container.uow(), code, body.province)
    )
    agency = Agency(code, body.name, body.kind, body.province, body.channel, body.address.strip())
    new = directory.set_entry(container.uow(), agency, principal.name, container.clock)
    return {"code": code, "added": new}


@router.get("/referrals/{token}", tags=["agencies"])
def show_referral(token: Token, container: ContainerDep) -> dict[str, object]:
    """What the agency sees through the link in the referral package."""
    return dict(referrals.show(container.uow(), token).__dict__)


@router.post("/referrals/{token}", tags=["agencies"])
def answer_referral(
    token: Token, body: schemas.AgencyReply, container: ContainerDep
) -> dict[str, str]:
    """The agency accepts, declines (saying why) or reports the matter done; an answer
    the referral no longer takes is a 409."""
    answered = referrals.answer(
        container.uow(), token, AgencyAnswer(body.answer), body.text, container.clock
    )
    return {"status": answered.status.value}


@router.post(
    "/platform/notices/{notice_id}",
    tags=["platforms"],
    openapi_extra=body_kinds({"application/json": schemas.PlatformAnswerBody.model_json_schema()}),
)
async def platform_answer(
    notice_id: RowId,
    request: Request,
    container: ContainerDep,
    signed: SignatureDep,
) -> JSONResponse:
    """A platform answers a takedown notice: `{"answer": "removed"}`, `{"answer":
    "refused", "reason": ..., "text": ...}` or `{"answer": "needs_more", "text": <the
    question>}`. Signed as a push to /ingest is, checked as the body streams (401 when the
    signature is bad, stale or missing, 409 for a replayed nonce); the body is capped (413)
    before it is read; an answer to a closed notice is a 409 naming the rule."""
    body = await signed_body(request, container, signed)
    answer = notices.parse_answer(body)
    measure = await run_in_threadpool(
        notices.answer_notice, container.uow(), notice_id, signed.platform, answer, container.clock
    )
    return JSONResponse({"notice": measure.id, "status": measure.status.value})


@router.post("/measures/{measure_id}/platform-question", tags=["measures"])
def answer_platform_question(
    measure_id: RowId,
    body: schemas.QuestionAnswer,
    container: ContainerDep,
    principal: PrincipalDep,
) -> dict[str, str]:
    """An officer answers the question a platform asked about a takedown notice; the
    notice waits for the platform again."""
    authorize_measure(container.uow(), principal, measure_id, Permission.WORK)
    answered = notices.answer_question(
        container.uow(), measure_id, principal.name, body.text, container.clock
    )
    return {"status": answered.status.value}
