"""create_app(settings): nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse

from netpatrol import __version__
from netpatrol.bootstrap import Container, bootstrap
from netpatrol.config import Settings
from netpatrol.domain.errors import InvalidTransition, NotFound, RuleViolation
from netpatrol.services.ports import Conflict
from netpatrol.web.api.routes import router as api_router
from netpatrol.web.console.routes import router as console_router
from netpatrol.web.portal.routes import router as portal_router

ERROR_STATUS = {NotFound: 404, InvalidTransition: 409, Conflict: 409, RuleViolation: 422}


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
    )
    for error, status in ERROR_STATUS.items():
        app.add_exception_handler(error, _handler(status))
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(console_router, prefix="/console")
    app.include_router(portal_router)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/console")

    return app


def _handler(status: int):  # type: ignore[no-untyped-def]
    async def handle(_request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(
            status_code=status, content={"detail": str(exc), "error": type(exc).__name__}
        )

    return handle
