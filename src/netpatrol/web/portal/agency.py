"""The partner agency's page: /agency/{token}, linked from the referral package."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse

from netpatrol.domain.agencies import AgencyAnswer
from netpatrol.domain.errors import InvalidTransition, NotFound, RuleViolation
from netpatrol.services.agencies import referrals
from netpatrol.services.measures.warnings import CHINA_TIME
from netpatrol.web.csrf import FormChecked
from netpatrol.web.deps import ContainerDep
from netpatrol.web.i18n import in_reader_language
from netpatrol.web.portal.common import render

router = APIRouter(include_in_schema=False)
Token = Annotated[str, Path(max_length=64)]


@router.get("/agency/{token}", response_class=HTMLResponse)
def referral_page(request: Request, token: Token, container: ContainerDep) -> HTMLResponse:
    try:
        shown = referrals.show(container.uow(), token)
    except NotFound:
        return render(request, "agency.html", {"invalid": True}, 404)
    return render(request, "agency.html", {"referral": shown, "china": CHINA_TIME})


@router.post("/agency/{token}", response_class=HTMLResponse, dependencies=[FormChecked])
def referral_answer(
    request: Request,
    token: Token,
    container: ContainerDep,
    answer: Annotated[str, Form(max_length=16)],
    text: Annotated[str, Form(max_length=2000)] = "",
) -> HTMLResponse:
    context: dict[str, object] = {"china": CHINA_TIME}
    status = 200
    try:
        chosen = AgencyAnswer(answer)
        referrals.answer(container.uow(), token, chosen, text, container.clock)
        context["done"] = chosen.value
    except NotFound:
        return render(request, "agency.html", {"invalid": True}, 404)
    except (RuleViolation, InvalidTransition) as exc:
        context["error"], status = in_reader_language(exc), 422
    except ValueError:
        context["error"], status = in_reader_language(RuleViolation(answer)), 422
    context["referral"] = referrals.show(container.uow(), token)
    return render(request, "agency.html", context, status)
