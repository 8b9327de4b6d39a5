"""The recipient's page: /r/{token}, linked from the private warning."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from netpatrol.domain.errors import InvalidTransition, NotFound, RuleViolation
from netpatrol.services import replies
from netpatrol.web.deps import ContainerDep

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


@router.get("/r/{token}", response_class=HTMLResponse)
def reply_page(request: Request, token: str, container: ContainerDep) -> HTMLResponse:
    try:
        shown = replies.show(container.uow(), token)
    except NotFound:
        return templates.TemplateResponse(request, "reply.html", {"invalid": True}, 404)
    return templates.TemplateResponse(request, "reply.html", {"warning": shown})


@router.post("/r/{token}", response_class=HTMLResponse)
def reply_submit(
    request: Request,
    token: str,
    container: ContainerDep,
    reply: Annotated[str, Form()],
    message: Annotated[str, Form()] = "",
) -> HTMLResponse:
    try:
        measure = replies.answer(
            container.uow(), token, replies.Reply(reply), message, container.clock
        )
    except NotFound:
        return templates.TemplateResponse(request, "reply.html", {"invalid": True}, 404)
    except (RuleViolation, InvalidTransition, ValueError) as exc:
        shown = replies.show(container.uow(), token)
        context = {"warning": shown, "error": str(exc)}
        return templates.TemplateResponse(request, "reply.html", context, 422)
    shown = replies.show(container.uow(), token)
    context = {"warning": shown, "done": reply, "status": measure.status.value}
    return templates.TemplateResponse(request, "reply.html", context)
