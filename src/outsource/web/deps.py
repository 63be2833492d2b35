"""The dependencies routes declare (``Annotated``), and the app-wide guard.

For a route::

    @router.get("/imports", name="imports.page")          # rule: web/rules.py
    def imports_page(request: Request, user: CurrentUser, ws: WorkspaceDep): ...

- :data:`CurrentUser`: the authenticated :class:`~outsource.schemas.users.Principal`
  (session cookie or ``Authorization: Bearer`` token); services take it as ``actor``.
- :data:`WorkspaceDep`: the app's :class:`~outsource.services.workspace.Workspace`;
  pass it to services, which open their one transaction each.
- :data:`Tx`: a SQLAlchemy session in one transaction for this request,
  committed when the route returns (rolled back if it raises): for service
  functions that join the caller's transaction (e.g. ``audit.record``).
- :data:`RunnerDep`: the app's background :class:`~outsource.services.jobs.JobRunner`.
- :data:`SettingsDep`: the app's settings.

:func:`guard` runs first on every route: it finds the route's rule
(:mod:`outsource.web.rules`), authenticates, checks the CSRF token of
state-changing browser requests and calls ``authz.authorize``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from outsource.errors import Forbidden, Unauthenticated
from outsource.schemas.users import Principal
from outsource.services import auth
from outsource.services.authz import authorize
from outsource.services.jobs import JobRunner
from outsource.services.workspace import Workspace
from outsource.settings import Settings
from outsource.web.rules import PUBLIC, rule_for
from outsource.web.security import CSRF_FIELD, CSRF_HEADER, SAFE_METHODS, Cookies, tokens_match


@dataclass(frozen=True)
class AppState:
    """What one app instance holds (``app.state.outsource``); built by ``create_app``."""

    settings: Settings
    ws: Workspace
    runner: JobRunner
    cookies: Cookies
    policy: auth.LoginPolicy


@dataclass(frozen=True)
class Auth:
    """How the request is authenticated: its principal, and its session's CSRF token."""

    principal: Principal
    csrf_token: str | None
    session_token: str | None


def state(request: Request) -> AppState:
    """The app's state."""
    return request.app.state.outsource


def client_address(request: Request) -> str:
    """The client's address (as uvicorn saw it)."""
    return request.client.host if request.client is not None else "unknown"


def authenticate(request: Request) -> Auth | None:
    """The request's credentials, checked (bearer token first, then the session cookie).

    A bearer token that is not valid is :class:`Unauthenticated` (not a fallback
    to the cookie). The result is cached on ``request.state``.
    """
    if hasattr(request.state, "auth"):
        return request.state.auth
    st = state(request)
    address = client_address(request)
    found: Auth | None = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal = auth.resolve_token(st.ws, header[7:].strip(), address)
        if principal is None:
            raise Unauthenticated("invalid or revoked API token")
        found = Auth(principal, None, None)
    else:
        token = st.cookies.session_token(request)
        info = auth.resolve_session(st.ws, token, address) if token else None
        if info is not None:
            found = Auth(info.principal, info.csrf_token, token)
    request.state.auth = found
    return found


async def _submitted_csrf(request: Request) -> str | None:
    value = request.headers.get(CSRF_HEADER)
    if value:
        return value
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        return field if isinstance(field, str) else None
    return None


async def guard(request: Request) -> None:
    """App-wide: the route's rule, then authentication, CSRF and ``authorize``.

    Order: no rule -> 403 (fail closed); public -> pass; no credentials ->
    :class:`Unauthenticated` (API 401, pages redirect to the login);
    state-changing request on a session without the right CSRF token ->
    :class:`Forbidden`; role without the permission -> :class:`Forbidden`.
    """
    route = request.scope.get("route")
    rule = rule_for(getattr(route, "name", None))
    if rule is None:
        raise Forbidden("this route has no authorization rule (web/rules.py)")
    if rule == PUBLIC:
        return
    found = await run_in_threadpool(authenticate, request)
    if found is None:
        raise Unauthenticated("log in first (or send an API token)")
    unsafe = request.method not in SAFE_METHODS
    if (unsafe and found.csrf_token is not None
            and not tokens_match(found.csrf_token, await _submitted_csrf(request))):
        raise Forbidden("missing or wrong CSRF token: reload the page and try again")
    authorize(found.principal, rule)


def current_user(request: Request) -> Principal:
    """The authenticated principal (the guard has run)."""
    found = authenticate(request)
    if found is None:
        raise Unauthenticated("log in first (or send an API token)")
    return found.principal


def optional_user(request: Request) -> Principal | None:
    """The authenticated principal, or ``None`` (public pages)."""
    try:
        found = authenticate(request)
    except Unauthenticated:
        return None
    return found.principal if found is not None else None


def get_workspace(request: Request) -> Workspace:
    """The app's workspace."""
    return state(request).ws


def get_runner(request: Request) -> JobRunner:
    """The app's job runner."""
    return state(request).runner


def get_settings_dep(request: Request) -> Settings:
    """The app's settings."""
    return state(request).settings


def transaction(request: Request) -> Iterator[Session]:
    """One transaction for the request: commit after the route returns, rollback on error."""
    with state(request).ws.transaction() as session:
        yield session


CurrentUser = Annotated[Principal, Depends(current_user)]
OptionalUser = Annotated[Principal | None, Depends(optional_user)]
WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]
RunnerDep = Annotated[JobRunner, Depends(get_runner)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
Tx = Annotated[Session, Depends(transaction, scope="function")]

#: A record number in a path (``/jobs/{job_id}``): 1 .. 2**31 - 1, what every store holds.
Id = Annotated[int, Path(ge=1, le=2**31 - 1, description="Record number.")]
