"""The app factory: ``create_app(settings) -> FastAPI``.

Nothing is built at import time. The factory opens the workspace (its
database migrated), finds or makes the cookie signing key, marks jobs a
previous server left unfinished as failed, builds the job runner (shut down
with the app's lifespan), mounts the static files (vendored JS, CSS), registers
one router per resource and the error handlers, and installs the app-wide
guard (:func:`outsource.web.deps.guard`) that applies each route's rule.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from starlette.staticfiles import StaticFiles

from outsource.settings import Settings, get_settings


class _Static(StaticFiles):
    """Static files; the vendored ones (versioned names) cached for a year."""

    def file_response(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().file_response(*args, **kwargs)
        path = str(args[0]) if args else ""
        immutable = "/vendor/" in path.replace("\\", "/")
        response.headers["Cache-Control"] = ("public, max-age=31536000, immutable" if immutable
                                             else "no-cache")
        return response


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web application for ``settings`` (default: from the environment)."""
    from outsource import __version__
    from outsource.services import jobs
    from outsource.services.auth import LoginPolicy, secret_key
    from outsource.services.workspace import open_workspace
    from outsource.web import errors
    from outsource.web.deps import AppState, guard
    from outsource.web.routers import ROUTERS
    from outsource.web.security import Cookies, SecurityHeaders
    from outsource.web.templating import STATIC, make_templates

    settings = settings or get_settings()
    ws = open_workspace(settings.workspace, url=settings.database_url)
    ws.path.mkdir(parents=True, exist_ok=True)
    jobs.fail_unfinished(ws)
    runner = jobs.JobRunner(ws, settings.job_workers)
    state = AppState(settings=settings, ws=ws, runner=runner,
                     cookies=Cookies(secret_key(ws, settings), settings.cookie_secure,
                                     settings.session_max_age_s),
                     policy=LoginPolicy.from_settings(settings))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            runner.shutdown(wait=True)

    app = FastAPI(title="outsource", version=__version__, lifespan=lifespan,
                  description="Customer-service outsourcing in numbers: the JSON API. "
                              "Authenticate with `Authorization: Bearer TOKEN` "
                              "(`outsource user token NAME`) or a browser session (then "
                              "send the session's CSRF token as `X-CSRF-Token`).",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  dependencies=[Depends(guard)])
    app.state.outsource = state
    app.state.templates = make_templates()
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    app.mount("/static", _Static(directory=str(STATIC)), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.state.route_names = {r.name for r in routes(app)}
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict:  # type: ignore[type-arg]
    """FastAPI's schema, with the bearer token declared on every operation."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    schema.setdefault("components", {})["securitySchemes"] = {"bearer": {
        "type": "http", "scheme": "bearer",
        "description": "A token from `outsource user token NAME` (or a browser session "
                       "cookie with its CSRF token in `X-CSRF-Token`)."}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            operation["security"] = [{"bearer": []}]
    app.openapi_schema = schema
    return schema


def routes(app: FastAPI) -> list:  # type: ignore[type-arg]
    """Every route and mount of ``app``, included routers flattened (name, path, methods)."""
    from fastapi.routing import iter_route_contexts

    return list(iter_route_contexts(app.routes))
