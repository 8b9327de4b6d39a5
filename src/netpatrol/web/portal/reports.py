"""Public pages: the report form, receipts, the scam lookup and volunteers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from netpatrol.domain.errors import DomainError, NotFound
from netpatrol.domain.reports import MAX_SCREENSHOT
from netpatrol.services.measures import appeals
from netpatrol.services.measures.warnings import CHINA_TIME
from netpatrol.services.public import lookup, reports, volunteers
from netpatrol.services.public.reports import RateLimited, Submission
from netpatrol.web.clients import client_address, client_key, limit
from netpatrol.web.csrf import FormChecked
from netpatrol.web.deps import ContainerDep
from netpatrol.web.i18n import gettext, in_reader_language
from netpatrol.web.portal.common import VOLUNTEER_COOKIE, render, submit_report
from netpatrol.web.portal.mentions import mentions_for

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600


async def read_screenshot(upload: StarletteUpload | None) -> bytes | None:
    """The upload's bytes, read up to one byte past the limit (the check then refuses it)."""
    if upload is None or not upload.filename:
        return None
    return await upload.read(MAX_SCREENSHOT + 1)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render(request, "home.html", {"form": {}})


@router.post("/report", response_class=HTMLResponse, dependencies=[FormChecked])
async def report(
    request: Request,
    container: ContainerDep,
    category: Annotated[str, Form(max_length=32)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
    link: Annotated[str, Form(max_length=1000)] = "",
    region: Annotated[str, Form(max_length=100)] = "",
    contact: Annotated[str, Form(max_length=400)] = "",
    screenshot: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    form = {"category": category, "text": text, "link": link, "region": region}
    submission = Submission(
        category=category,
        text=text,
        link=link,
        contact=contact,
        region=region,
        screenshot=await read_screenshot(screenshot),
        client=client_address(request),
        volunteer_key=request.cookies.get(VOLUNTEER_COOKIE, ""),
    )
    try:
        receipt = await run_in_threadpool(submit_report, container, submission)
    except RateLimited as exc:
        message = gettext("Too many reports from here: {reason}. Please try again later.")
        refused = {"form": form, "error": message.format(reason=exc)}
        response = render(request, "home.html", refused, 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except DomainError as exc:
        return render(request, "home.html", {"form": form, "error": in_reader_language(exc)}, 422)
    issued = {"code": receipt.code, "folded": receipt.folded}
    response = render(request, "receipt_issued.html", issued, 201)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/receipt", response_class=HTMLResponse)
def receipt_form(request: Request, code: str = "") -> Response:
    if code.strip():
        return RedirectResponse(f"/receipt/{code.strip()[:40]}", status_code=303)
    return render(request, "receipt.html", {})


@router.get("/receipt/{code}", response_class=HTMLResponse)
def receipt_page(request: Request, code: str, container: ContainerDep) -> HTMLResponse:
    limit(request, "receipt_lookup")
    try:
        view = reports.receipt(container.uow(), code[:40])
    except NotFound:
        error = gettext("No report has this receipt code. Check it and try again.")
        return render(request, "receipt.html", {"code": code[:40], "error": error}, 404)
    return render(request, "receipt.html", {"code": view.code, "view": view, "china": CHINA_TIME})


@router.post("/receipt/{code}/appeal", response_class=HTMLResponse, dependencies=[FormChecked])
def receipt_appeal(
    request: Request,
    code: str,
    container: ContainerDep,
    grounds: Annotated[str, Form(max_length=2000)] = "",
) -> HTMLResponse:
    """The reporter appeals the finding that nothing was unlawful. Counted as a receipt
    look-up: a wrong code reads as one, so codes cannot be tried here instead."""
    limit(request, "receipt_lookup")
    try:
        appeals.appeal_dismissal(
            container.uow(), code[:40], grounds, container.clock, container.measure_policy
        )
        error, status = "", 200
    except NotFound:
        error = gettext("No report has this receipt code. Check it and try again.")
        return render(request, "receipt.html", {"code": code[:40], "error": error}, 404)
    except DomainError as exc:
        error, status = in_reader_language(exc), 422
    view = reports.receipt(container.uow(), code[:40])
    context = {"code": view.code, "view": view, "china": CHINA_TIME, "error": error}
    return render(request, "receipt.html", context, status)


@router.get("/lookup", response_class=HTMLResponse)
def lookup_page(request: Request, container: ContainerDep, q: str = "") -> HTMLResponse:
    if not q.strip():
        return render(request, "lookup.html", {"q": ""})
    try:
        result = lookup.lookup(container.uow(), q[:200], mentions_for(container), container.clock())
    except DomainError as exc:
        return render(request, "lookup.html", {"q": q[:200], "error": in_reader_language(exc)}, 422)
    return render(request, "lookup.html", {"q": q, "result": result})


@router.post("/lookup/dispute", response_class=HTMLResponse, dependencies=[FormChecked])
def dispute_page(
    request: Request,
    container: ContainerDep,
    q: Annotated[str, Form(max_length=200)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> HTMLResponse:
    """ "This is my number and it is not a scam": the indicator goes under review."""
    limit(request, "indicator_false_positive")
    try:
        lookup.dispute(container.uow(), q, client_key(request), reason, container.clock)
    except DomainError as exc:
        context = {"q": q, "error": in_reader_language(exc)}
        return render(request, "lookup.html", context, 404 if isinstance(exc, NotFound) else 422)
    notice = gettext("Thank you. The number is under review and is no longer listed meanwhile.")
    return render(request, "lookup.html", {"q": q, "disputed": notice})


@router.get("/volunteers/me", response_class=HTMLResponse)
def volunteer_page(request: Request, container: ContainerDep) -> HTMLResponse:
    key = request.cookies.get(VOLUNTEER_COOKIE, "")
    if not key:
        return render(request, "volunteer_register.html", {})
    try:
        found = volunteers.profile(container.uow(), key)
    except NotFound:
        response = render(request, "volunteer_register.html", {})
        response.delete_cookie(VOLUNTEER_COOKIE)
        return response
    return render(request, "volunteer_me.html", {"p": found, "china": CHINA_TIME})


@router.post("/volunteers/register", response_class=HTMLResponse, dependencies=[FormChecked])
def volunteer_register(
    request: Request,
    container: ContainerDep,
    nickname: Annotated[str, Form(max_length=64)] = "",
    region: Annotated[str, Form(max_length=100)] = "",
    contact: Annotated[str, Form(max_length=400)] = "",
) -> HTMLResponse:
    limit(request, "volunteer_sign_up")
    try:
        key, _ = volunteers.register(
            container.uow(), nickname, region, contact, container.sealer(), container.clock
        )
    except DomainError as exc:
        return render(request, "volunteer_register.html", {"error": in_reader_language(exc)}, 422)
    found = volunteers.profile(container.uow(), key)
    response = render(
        request, "volunteer_me.html", {"p": found, "key": key, "china": CHINA_TIME}, 201
    )
    _remember(response, key)
    return response


@router.post("/volunteers/signin", response_model=None, dependencies=[FormChecked])
def volunteer_signin(
    request: Request, container: ContainerDep, key: Annotated[str, Form(max_length=40)] = ""
) -> Response:
    limit(request, "volunteer_sign_in")
    try:
        volunteers.profile(container.uow(), key)
    except NotFound:
        error = gettext("No volunteer holds this key.")
        return render(request, "volunteer_register.html", {"error": error}, 404)
    response = RedirectResponse("/volunteers/me", status_code=303)
    _remember(response, key)
    return response


@router.post("/volunteers/signout", response_model=None, dependencies=[FormChecked])
def volunteer_signout() -> Response:
    response = RedirectResponse("/volunteers/me", status_code=303)
    response.delete_cookie(VOLUNTEER_COOKIE)
    return response


def _remember(response: Response, key: str) -> None:
    response.set_cookie(VOLUNTEER_COOKIE, key, max_age=YEAR, httponly=True, samesite="lax")
