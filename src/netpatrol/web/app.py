"""create_app(settings): nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.requests import HTTPConnection
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from netpatrol import __version__
from netpatrol.bootstrap import Container, bootstrap, load_policy
from netpatrol.config import Settings
from netpatrol.domain.errors import (
    DomainError,
    InForce,
    InvalidTransition,
    NotFound,
    NotSignedIn,
    PermissionDenied,
    RuleViolation,
)
from netpatrol.domain.throttle import RequestLimits, Throttle
from netpatrol.services.accounts.signin import SignInPaused
from netpatrol.services.ports import Conflict
from netpatrol.services.signing.calls import Replayed, Unauthorised
from netpatrol.web.api.agencies.routes import router as agency_router
from netpatrol.web.api.assistance.routes import router as assistance_router
from netpatrol.web.api.clues.routes import router as clue_router
from netpatrol.web.api.errors import ERRORS, with_text_rule
from netpatrol.web.api.inbox import router as inbox_router
from netpatrol.web.api.indicators.routes import router as indicator_router
from netpatrol.web.api.public.routes import router as public_router
from netpatrol.web.api.publishing.routes import router as publication_router
from netpatrol.web.api.routes import router as api_router
from netpatrol.web.api.rumours.routes import router as rumour_router
from netpatrol.web.api.search import router as search_router
from netpatrol.web.api.transparency import router as transparency_router
from netpatrol.web.clients import TooManyRequests
from netpatrol.web.console.common import STATIC, console_error
from netpatrol.web.console.routes import ROUTERS as CONSOLE_ROUTERS
from netpatrol.web.csrf import FormToken
from netpatrol.web.headers import SecurityHeaders
from netpatrol.web.i18n import LOCALE_COOKIE, current_locale, pick_locale
from netpatrol.web.inputs import TextGuard, validation_failed
from netpatrol.web.limits import BodyLimit
from netpatrol.web.portal.agency import router as agency_pages
from netpatrol.web.portal.publications import router as publication_pages
from netpatrol.web.portal.reports import router as portal_reports_router
from netpatrol.web.portal.routes import router as portal_router
from netpatrol.web.portal.transparency import router as transparency_page
from netpatrol.web.signed import replayed, unauthorised

ERROR_STATUS = {
    NotFound: 404,
    InvalidTransition: 409,
    InForce: 409,
    Conflict: 409,
    RuleViolation: 422,
    NotSignedIn: 401,
    PermissionDenied: 403,
}


def create_app(settings: Settings, container: Container | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        built = container or bootstrap(settings)
        app.state.container = built
        yield
        if container is None:
            built.dispose()

    app = FastAPI(
        title="netpatrol 网警巡查执法平台",
        version=__version__,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        # Swagger UI and ReDoc load their code from a CDN: off unless a deployment asks
        docs_url="/docs" if settings.api_docs else None,
        redoc_url="/redoc" if settings.api_docs else None,
    )
    app.state.throttle = Throttle(RequestLimits.from_data(load_policy(settings.policy)))
    describe = app.openapi
    app.openapi = lambda: app.openapi_schema or _described(app, describe())  # type: ignore[method-assign]
    for error, status in ERROR_STATUS.items():
        app.add_exception_handler(error, _handler(status))
    app.add_exception_handler(RequestValidationError, validation_failed)
    app.add_exception_handler(405, _method_not_allowed)
    app.add_exception_handler(TooManyRequests, _slow_down)
    app.add_exception_handler(SignInPaused, _slow_down)
    app.add_exception_handler(Unauthorised, unauthorised)
    app.add_exception_handler(Replayed, replayed)
    # last resorts: a value the schema let through but Python or the database cannot hold
    app.add_exception_handler(OverflowError, _unstorable)
    app.add_exception_handler(DataError, _unstorable)
    # outermost last: headers on every answer, bodies measured before they are read
    app.add_middleware(LocaleMiddleware)
    app.add_middleware(FormToken)
    app.add_middleware(TextGuard)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    for router in (
        api_router,
        clue_router,
        rumour_router,
        publication_router,
        inbox_router,
        indicator_router,
        assistance_router,
        search_router,
        agency_router,
    ):
        app.include_router(router, prefix="/api/v1", responses=ERRORS)
    for console_router in CONSOLE_ROUTERS:
        app.include_router(console_router, prefix="/console")
    app.include_router(public_router, prefix="/api/v1", responses=ERRORS)
    app.include_router(transparency_router, prefix="/api/v1", responses=ERRORS)
    app.include_router(transparency_page)
    app.include_router(portal_router)
    app.include_router(portal_reports_router)
    app.include_router(publication_pages)
    app.include_router(agency_pages)

    return app


def _handler(status: int):  # type: ignore[no-untyped-def]
    async def handle(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/console"):
            return console_error(request, exc, status)
        content = {"detail": str(exc), "error": type(exc).__name__}
        if isinstance(exc, DomainError) and exc.rule:
            content |= {"rule": exc.rule, "detail_zh": exc.zh}
        return JSONResponse(status_code=status, content=content)

    return handle


def _described(app: FastAPI, spec: dict[str, object]) -> dict[str, object]:
    app.openapi_schema = with_text_rule(spec)
    return app.openapi_schema


async def _method_not_allowed(request: Request, exc: Exception) -> Response:
    """Allow lists every method of the path, not only those of the first route matched."""
    allowed: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "\x00"})
        if match is Match.PARTIAL and isinstance(route, BaseRoute):
            allowed |= getattr(route, "methods", None) or set()
    headers = {"Allow": ", ".join(sorted(allowed))}
    return JSONResponse({"detail": "Method Not Allowed"}, status_code=405, headers=headers)


async def _slow_down(request: Request, exc: Exception) -> Response:
    wait = getattr(exc, "retry_after", 60)
    if request.url.path.startswith("/console"):
        answer = console_error(request, exc, 429)
    else:
        answer = JSONResponse(status_code=429, content={"detail": str(exc)})
    answer.headers["Retry-After"] = str(wait)
    return answer


async def _unstorable(request: Request, exc: Exception) -> Response:
    detail = [{"loc": ["body"], "msg": "a value is out of range", "type": "value_error"}]
    return JSONResponse(status_code=422, content={"detail": detail})


class LocaleMiddleware:
    """Sets the request's language from its cookie, before any route or template runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = HTTPConnection(scope).cookies
        token = current_locale.set(pick_locale(cookies.get(LOCALE_COOKIE)))
        try:
            await self.app(scope, receive, send)
        finally:
            current_locale.reset(token)
