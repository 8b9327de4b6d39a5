"""API routes for the accounts' inbox: list (keyset-paged), read a thread, assign, answer,
mark handled, report, attach; and the signed webhook a platform pushes messages to."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from netpatrol.domain.errors import NotFound
from netpatrol.domain.inbox import Cursor, InboxMessage, InboxQuery, InboxStatus
from netpatrol.services.inbox import work
from netpatrol.services.inbox.intake import BatchRejected, as_items, parse_batch, receive
from netpatrol.services.inbox.reporting import report_message
from netpatrol.services.patrol.post_input import decode_json
from netpatrol.web.api.errors import body_kinds
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.deps import ContainerDep, RowId, RowIdItem
from netpatrol.web.signed import SignatureDep, signed_body

router = APIRouter(tags=["inbox"])


class InboxMessagePublic(BaseModel):
    id: int
    unit_id: int
    platform: str
    account: str
    kind: str
    direction: str
    sender_id: str
    sender_name: str
    text: str
    received_at: datetime
    status: str
    assignee: str
    thread: str
    in_reply_to: str
    clue_id: int | None
    report_id: int | None
    measure_id: int | None = Field(description="the warning this message answers")
    category: str = Field(description="what the detection engine found in it, if anything")


class InboxPagePublic(BaseModel):
    messages: list[InboxMessagePublic]
    next_after: str = Field(description="pass as ?after= for the next page; '' on the last")


class InboxThread(BaseModel):
    message: InboxMessagePublic
    thread: list[InboxMessagePublic]


class InboxReply(BaseModel):
    template: str = Field("", max_length=32, description="see GET /inbox/templates")
    text: str = Field("", max_length=2000, description="replaces the template's text")


class InboxReport(BaseModel):
    category: str = Field("", max_length=32, description="default: what the engine found")


class InboxAssign(BaseModel):
    assignee: str = Field(max_length=64, description="a username of the unit; '' unassigns")


class InboxAttach(BaseModel):
    clue_id: RowIdItem


def public(message: InboxMessage) -> InboxMessagePublic:
    return InboxMessagePublic(
        **{k: v for k, v in message.__dict__.items() if k in InboxMessagePublic.model_fields},
        thread=message.thread,
    )


@router.get("/inbox")
def list_inbox(
    container: ContainerDep,
    principal: PrincipalDep,
    unit: Annotated[str, Query(max_length=12, description="a unit code of the user's")] = "",
    platform: Annotated[str, Query(max_length=16)] = "",
    account: Annotated[str, Query(max_length=128)] = "",
    status: InboxStatus | None = None,
    assignee: Annotated[str, Query(max_length=64)] = "",
    after: Annotated[str, Query(max_length=20, description="next_after of the last page")] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> InboxPagePublic:
    """Messages to the user's units' accounts: unread first, newest first within each;
    keyset-paged (`?after=`), so a page costs the same at a million messages."""
    units = None
    if unit:
        found = next((u for u in work.units(container.uow()) if u.code == unit), None)
        if found is None or found.id is None:
            raise NotFound(f"no unit {unit}")
        units = frozenset({found.id})
    query = InboxQuery(units, platform, account, status, assignee, Cursor.parse(after), limit)
    page = work.listing(container.uow(), principal, query, principal.visibility.own)
    return InboxPagePublic(messages=[public(m) for m in page.messages], next_after=page.next_after)


@router.get("/inbox/templates")
def answer_templates(principal: PrincipalDep) -> dict[str, dict[str, str]]:
    """The answer templates: `{name}` is the netizen's name, `{unit}` the unit's."""
    return {k: {"title": t.title, "text": t.text} for k, t in work.templates().items()}


@router.get("/inbox/{message_id}")
def read_thread(message_id: RowId, container: ContainerDep, principal: PrincipalDep) -> InboxThread:
    """One message and the latest of its thread (the netizen's messages and the answers)."""
    message, thread = work.thread_of(container.uow(), principal, message_id)
    return InboxThread(message=public(message), thread=[public(m) for m in thread])


@router.post("/inbox/{message_id}/reply", status_code=201)
def reply(
    message_id: RowId, body: InboxReply, container: ContainerDep, principal: PrincipalDep
) -> InboxMessagePublic:
    """Answer from the account the message was sent to, with a template or a text: in
    private for a private message, publicly for a comment or mention. 422 `inbox_template`,
    `inbox_reply_text`, `inbox_no_connector` or `inbox_platform_refused`."""
    sent = work.reply(
        container.uow(),
        principal,
        message_id,
        container.connectors(),
        container.clock,
        body.template,
        body.text,
    )
    return public(sent)


@router.post("/inbox/{message_id}/report", status_code=201)
def report(
    message_id: RowId, body: InboxReport, container: ContainerDep, principal: PrincipalDep
) -> dict[str, object]:
    """Turn the message into a public report: it gets a receipt (to send the netizen) and
    joins or opens a clue. 409 `inbox_report_once` the second time."""
    made = report_message(
        container.uow,
        principal,
        message_id,
        body.category,
        container.detection(),
        container.triage,
        container.sealer(),
        container.clock,
    )
    return dict(made.__dict__)


@router.post("/inbox/{message_id}/handled")
def handled(
    message_id: RowId, container: ContainerDep, principal: PrincipalDep
) -> InboxMessagePublic:
    """Mark the message handled. 409 `inbox_handled_once` when it is already."""
    return public(work.mark_handled(container.uow(), principal, message_id, container.clock))


@router.post("/inbox/{message_id}/assign")
def assign(
    message_id: RowId, body: InboxAssign, container: ContainerDep, principal: PrincipalDep
) -> InboxMessagePublic:
    """Give the message to a user of its unit. 422 `inbox_assignee_of_unit` otherwise."""
    moved = work.assign(container.uow(), principal, message_id, body.assignee, container.clock)
    return public(moved)


@router.post("/inbox/{message_id}/attach")
def attach(
    message_id: RowId, body: InboxAttach, container: ContainerDep, principal: PrincipalDep
) -> InboxMessagePublic:
    """Attach the message to a clue of the user's units (404 for any other clue)."""
    moved = work.attach(container.uow(), principal, message_id, body.clue_id, container.clock)
    return public(moved)


@router.post(
    "/ingest/inbox",
    openapi_extra=body_kinds({"application/json": {"type": "object", "required": ["messages"]}}),
)
async def push(
    request: Request,
    container: ContainerDep,
    signed: SignatureDep,
) -> JSONResponse:
    """A platform pushes what netizens sent the units' accounts, `{"messages": [...]}` in
    the inbox format (services/inbox/intake.py), signed like `POST /ingest`: a bad or stale
    signature is a 401 before the body is parsed, a replayed nonce a 409, a body over 8 MiB
    a 413; one malformed message rejects the batch (422, a reason per item)."""
    body = await signed_body(request, container, signed)
    platform = signed.platform
    try:
        try:
            raw = decode_json(body)
        except ValueError as exc:
            raise BatchRejected({-1: str(exc)}) from None
        messages, _ = parse_batch(platform, as_items(raw), work.units(container.uow()), True)
    except BatchRejected as exc:
        items = [{"index": i, "reason": r} for i, r in sorted(exc.reasons.items())]
        return JSONResponse(
            {"detail": "the batch was not stored", "rule": "inbox_batch", "items": items}, 422
        )
    got = await run_in_threadpool(
        receive,
        container.uow,
        messages,
        container.detection(),
        container.triage,
        container.clock,
    )
    return JSONResponse(
        {
            "stored": got.stored,
            "duplicates": got.duplicates,
            "warning_replies": got.warning_replies,
            "clues": got.clues,
        }
    )
