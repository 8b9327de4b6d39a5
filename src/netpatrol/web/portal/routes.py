"""The recipient's page: /r/{token}, linked from the private warning."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from netpatrol.domain.errors import InvalidTransition, NotFound, RuleViolation
from netpatrol.services.measures import replies
from netpatrol.services.measures.warnings import CHINA_TIME
from netpatrol.web.csrf import FormChecked
from netpatrol.web.deps import ContainerDep
from netpatrol.web.i18n import LOCALE_COOKIE, in_reader_language, pick_locale
from netpatrol.web.portal.common import render

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600


@router.get("/r/{token}", response_class=HTMLResponse)
def reply_page(request: Request, token: str, container: ContainerDep) -> HTMLResponse:
    try:
        shown = replies.show(container.uow(), token, container.catalogue)
    except NotFound:
        return render(request, "reply.html", {"invalid": True}, 404)
    return render(request, "reply.html", {"warning": shown, "china": CHINA_TIME})


@router.post("/r/{token}", response_class=HTMLResponse, dependencies=[FormChecked])
def reply_submit(
    request: Request,
    token: str,
    container: ContainerDep,
    reply: Annotated[str, Form()],
    message: Annotated[str, Form(max_length=2000)] = "",
) -> HTMLResponse:
    try:
        replies.answer(
            container.uow(),
            token,
            replies.Reply(reply),
            message,
            container.clock,
            container.measure_policy,
        )
    except NotFound:
        return render(request, "reply.html", {"invalid": True}, 404)
    except (RuleViolation, InvalidTransition, ValueError) as exc:
        shown = replies.show(container.uow(), token, container.catalogue)
        context = {"warning": shown, "error": in_reader_language(exc), "china": CHINA_TIME}
        return render(request, "reply.html", context, 422)
    shown = replies.show(container.uow(), token, container.catalogue)
    return render(request, "reply.html", {"warning": shown, "done": reply, "china": CHINA_TIME})


@router.post("/language", response_model=None, dependencies=[FormChecked])
def choose_language(
    locale: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> RedirectResponse:
    """The visitor's language, kept in a cookie (the only cookie the portal sets, besides a
    volunteer's own key)."""
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(LOCALE_COOKIE, pick_locale(locale), max_age=YEAR, samesite="lax")
    return response
