"""Login, logout, and ``/api/me``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from outsource.errors import RateLimited, Unauthenticated
from outsource.schemas.errors import ErrorBody
from outsource.schemas.users import Me
from outsource.services import auth
from outsource.services.authz import permissions_of
from outsource.web.deps import CurrentUser, authenticate, client_address, state
from outsource.web.templating import render

router = APIRouter(tags=["session"])
_ERRORS = {401: {"model": ErrorBody}}


def safe_next(target: str | None) -> str:
    """A local path to go to after the login (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(request: Request, next_url: str, *, error: str | None = None,
                name: str = "", status_code: int = 200,
                headers: dict[str, str] | None = None) -> Response:
    cookies = state(request).cookies
    token, signed = cookies.new_login_token()
    response = render(request, "login.html", {"next": next_url, "error": error, "name": name,
                                              "login_token": token},
                      status_code=status_code, headers=headers)
    cookies.set_login_cookie(response, signed)
    return response


@router.get("/login", name="auth.login_page", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    """The login form (already logged in: straight on)."""
    try:
        found = authenticate(request)
    except Unauthenticated:
        found = None
    if found is not None and found.session_token is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, safe_next(next))


@router.post("/login", name="auth.login", include_in_schema=False)
async def login(request: Request, name: Annotated[str, Form(max_length=200)],
                password: Annotated[str, Form(max_length=1024)],
                login_token: Annotated[str, Form(max_length=200)] = "",
                next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    """Check the credentials, open a session, go on to ``next``."""
    st = state(request)
    target = safe_next(next)
    if not st.cookies.login_token_ok(request, login_token):
        return _login_page(request, target, name=name, status_code=403,
                           error="The login form expired: please try again.")
    try:
        created = await run_in_threadpool(auth.login, st.ws, name, password,
                                          client_address(request), st.policy)
    except RateLimited as exc:
        return _login_page(request, target, name=name, status_code=429, error=exc.message,
                           headers={"Retry-After": str(exc.retry_after_s)})
    except Unauthenticated as exc:
        return _login_page(request, target, name=name, status_code=401,
                           error=exc.message[:1].upper() + exc.message[1:] + ".")
    response = RedirectResponse(target, status_code=303)
    st.cookies.set_session(response, created.token)
    return response


@router.post("/logout", name="auth.logout", include_in_schema=False)
def logout(request: Request, user: CurrentUser) -> Response:
    """End the session and forget its cookie."""
    st = state(request)
    found = authenticate(request)
    if found is not None and found.session_token is not None:
        auth.logout(st.ws, user, found.session_token)
    response = RedirectResponse("/login", status_code=303)
    st.cookies.clear_session(response)
    return response


@router.get("/api/me", name="auth.me", response_model=Me, responses=_ERRORS)
def me(user: CurrentUser) -> Me:
    """Who the caller is and what its role may do."""
    return Me(name=user.name, role=user.role, vendor=user.vendor,
              via="token" if user.via == "token" else "session",
              permissions=permissions_of(user.role))
