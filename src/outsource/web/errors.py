"""Errors to responses: the one error shape for the API, a friendly page for people.

- :class:`~outsource.errors.OutsourceError`: its ``http_status`` with
  ``err.to_dict()`` as the JSON body (``/api/...``) or the error page.
  Unauthenticated page requests are redirected to the login (HTMX requests
  get ``HX-Redirect``); API ones get 401 with ``WWW-Authenticate: Bearer``.
  :class:`~outsource.errors.RateLimited` adds ``Retry-After``.
- FastAPI's request validation errors become :class:`InvalidInput` (422).
- Starlette's HTTP errors (unknown path 404, wrong method 405) keep their code.
- Anything else is a 500 with no detail: the traceback goes to the server log
  and to an error log file (:mod:`outsource.crashlog`, as the CLI writes), whose
  name the server log gives; the page shows only a reference to it.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from outsource.errors import InvalidInput, OutsourceError, RateLimited, Unauthenticated

log = logging.getLogger("outsource.web")

_TITLES = {400: "Bad request", 401: "Please log in", 403: "Not allowed", 404: "Not found",
           405: "Not allowed here", 409: "Conflict", 422: "Cannot use this input",
           429: "Too many attempts", 500: "Something went wrong"}


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API (else a page)."""
    path = request.url.path
    return path.startswith("/api/") or path == "/api"


def _shape(kind: str, message: str) -> dict[str, Any]:
    return {"error": kind, "message": message, "location": [], "source": None, "line": None,
            "column": None, "detail": message}


def error_response(request: Request, status: int, body: dict[str, Any],
                   headers: dict[str, str] | None = None) -> Response:
    """The API's JSON error, or the friendly error page, for ``status``."""
    if is_api(request):
        return JSONResponse(body, status_code=status, headers=headers)
    from outsource.web.templating import render

    return render(request, "error.html", {"status": status, "title": _TITLES.get(status, "Error"),
                                          "message": body.get("detail") or body.get("message")},
                  status_code=status, headers=headers)


def login_redirect(request: Request) -> Response:
    """Send a person to the login page, coming back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    url = f"/login?next={quote(target, safe='/')}"
    if request.headers.get("hx-request"):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


async def outsource_error(request: Request, exc: Exception) -> Response:
    """An error of the hierarchy as a response."""
    assert isinstance(exc, OutsourceError)
    headers: dict[str, str] = {}
    if isinstance(exc, Unauthenticated):
        if not is_api(request):
            return login_redirect(request)
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after_s)
    return error_response(request, exc.http_status, exc.to_dict(), headers)


async def validation_error(request: Request, exc: Exception) -> Response:
    """FastAPI's request validation error as :class:`InvalidInput` (422)."""
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {}
    loc = tuple(p for p in first.get("loc", ())[1:] if isinstance(p, str | int))
    kind = first.get("type", "")
    msg = {"missing": "is required", "extra_forbidden": "unknown key"}.get(
        kind, str(first.get("msg", "invalid value")).removeprefix("Value error, "))
    err = InvalidInput(msg, loc=loc)
    return error_response(request, 422, err.to_dict())


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's HTTP errors (404 unknown path, 405 wrong method) in our shape."""
    assert isinstance(exc, StarletteHTTPException)
    kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    message = {404: "no such page", 405: "this method is not allowed here"}.get(
        exc.status_code, str(exc.detail))
    return error_response(request, exc.status_code, _shape(kind, message),
                          dict(exc.headers or {}))


async def server_error(request: Request, exc: Exception) -> Response:
    """An unexpected failure: 500, details only in the logs (server log and error file)."""
    from outsource import crashlog

    path = crashlog.record(exc, f"{request.method} {request.url.path}")
    log.exception("unhandled error on %s %s (details also in %s)", request.method,
                  request.url.path, path, exc_info=exc)
    ref = f" (reference {path.stem})" if path is not None else ""
    return error_response(request, 500, _shape(
        "internal_error", f"unexpected error; the server log has the details{ref}"))


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(OutsourceError, outsource_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, server_error)
