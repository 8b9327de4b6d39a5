"""What every console page shares: templates in the reader's language, the signed-in user,
the CSRF token for forms, and one-time notices after an action."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from netpatrol.domain.errors import DomainError, NotSignedIn
from netpatrol.services.accounts.users import Principal
from netpatrol.services.measures.warnings import CHINA_TIME
from netpatrol.web.console import waiting
from netpatrol.web.i18n import in_reader_language, make_templates
from netpatrol.web.labels import core as labels

templates = make_templates(Path(__file__).parent / "templates")
STATIC = Path(__file__).parent / "static"
FLASH_COOKIE = "np_flash"
REFUSAL_COOKIE = "np_refused"  # a refused action: shown as an error, never as a success


def render(
    request: Request,
    name: str,
    principal: Principal | None,
    context: dict[str, Any],
    status_code: int = 200,
) -> HTMLResponse:
    page = {
        "principal": principal,
        "csrf": principal.csrf_token if principal else "",
        "labels": labels.ALL,
        "china": CHINA_TIME,
        "flash": unquote(request.cookies.get(FLASH_COOKIE, "")),
        "refused": unquote(request.cookies.get(REFUSAL_COOKIE, "")),
        "path": request.url.path,
        **context,
    }
    if "waiting_total" not in page and not name.startswith("_"):  # fragments have no nav
        page["waiting_total"] = _waiting_total(request, principal)
    response = templates.TemplateResponse(request, name, page, status_code=status_code)
    for cookie in (FLASH_COOKIE, REFUSAL_COOKIE):
        if request.cookies.get(cookie):
            response.delete_cookie(cookie, path="/console")
    return response


def _waiting_total(request: Request, principal: Principal | None) -> int:
    """The count beside "Approvals" in the navigation."""
    if principal is None:
        return 0
    return waiting.counts(request.app.state.container, principal)["total"]


def back(to: str, notice: str = "") -> Response:
    """Redirect after a form (303: the browser follows with a GET), with a one-time notice."""
    return _redirect(to, FLASH_COOKIE, notice)


def refused(to: str, error: DomainError | str) -> Response:
    """Redirect after a refused form, with the refusal in the reader's language."""
    said = error if isinstance(error, str) else in_reader_language(error)
    return _redirect(to, REFUSAL_COOKIE, said)


def _redirect(to: str, cookie: str, notice: str) -> Response:
    response = RedirectResponse(to, status_code=303)
    if notice:
        response.set_cookie(cookie, quote(notice), path="/console", httponly=True, samesite="lax")
    return response


def safe_next(target: str | None) -> str:
    """Only paths inside the console: an open redirect would help phishing."""
    if target and target.startswith("/console") and not target.startswith("//"):
        return target
    return "/console"


def console_error(request: Request, exc: Exception, status: int) -> Response:
    """Errors on console pages: to the sign-in page when signed out, else a page that
    says what went wrong."""
    if isinstance(exc, NotSignedIn):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": "/console/login"})
        return RedirectResponse(f"/console/login?next={quote(target)}", status_code=303)
    principal = getattr(request.state, "principal", None)
    message = in_reader_language(exc)
    return render(request, "error.html", principal, {"message": message}, status_code=status)
