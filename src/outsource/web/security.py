"""Cookies, CSRF tokens and response headers.

- **Session cookie** ``outsource_session``: the session's random id, signed
  with the app's secret key (itsdangerous, salt ``outsource-session``, max age
  = the session lifetime); ``HttpOnly``, ``SameSite=Lax``, ``Secure`` unless
  ``OUTSOURCE_COOKIE_SECURE=false``, ``Path=/``.
- **CSRF**: each session has its own random token (stored server side). Every
  state-changing request (POST, PUT, PATCH, DELETE) authenticated by the
  session cookie must carry it, as the ``X-CSRF-Token`` header (HTMX sends it
  from ``hx-headers`` on ``<body>``) or the ``csrf_token`` form field; it is
  compared in constant time. Bearer-token API calls carry no ambient
  credentials and need none. The login form, before any session exists, uses a
  signed double-submit token (cookie ``outsource_login`` + form field).
- **Headers** on every response: a Content-Security-Policy allowing only this
  origin (no inline scripts; ``'unsafe-eval'`` because Vega compiles its
  expressions), ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
  ``Referrer-Policy: same-origin``, and ``Cache-Control: no-store`` outside
  ``/static``.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "outsource_session"
LOGIN_COOKIE = "outsource_login"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
LOGIN_TOKEN_MAX_AGE_S = 3600

CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


@dataclass(frozen=True)
class Cookies:
    """Signs and reads the app's cookies."""

    secret: str
    secure: bool
    session_max_age_s: int

    def _serializer(self, salt: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=salt)

    def set_session(self, response: Response, token: str) -> None:
        """Put the signed session id on ``response``."""
        response.set_cookie(SESSION_COOKIE, self._serializer("outsource-session").dumps(token),
                            max_age=self.session_max_age_s, path="/", secure=self.secure,
                            httponly=True, samesite="lax")

    def session_token(self, request: Request) -> str | None:
        """The session id of the request's cookie, if signed by us and not too old."""
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            value = self._serializer("outsource-session").loads(
                raw, max_age=self.session_max_age_s)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    def clear_session(self, response: Response) -> None:
        """Remove the session cookie."""
        response.delete_cookie(SESSION_COOKIE, path="/", secure=self.secure, httponly=True,
                               samesite="lax")

    def new_login_token(self) -> tuple[str, str]:
        """A fresh login-form token and its signed cookie value."""
        token = secrets.token_urlsafe(24)
        return token, self._serializer("outsource-login").dumps(token)

    def set_login_cookie(self, response: Response, signed: str) -> None:
        """Put the login form's signed token on ``response``."""
        response.set_cookie(LOGIN_COOKIE, signed, max_age=LOGIN_TOKEN_MAX_AGE_S, path="/login",
                            secure=self.secure, httponly=True, samesite="lax")

    def login_token_ok(self, request: Request, submitted: str | None) -> bool:
        """Whether the login form's token matches its signed cookie."""
        raw = request.cookies.get(LOGIN_COOKIE)
        if not raw or not submitted:
            return False
        try:
            value = self._serializer("outsource-login").loads(raw,
                                                               max_age=LOGIN_TOKEN_MAX_AGE_S)
        except BadSignature:
            return False
        return isinstance(value, str) and hmac.compare_digest(value, submitted)


def tokens_match(expected: str, submitted: str | None) -> bool:
    """Constant-time comparison of a CSRF token."""
    return bool(submitted) and hmac.compare_digest(expected.encode(), str(submitted).encode())


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(b"content-security-policy", CSP.encode()),
                         (b"x-content-type-options", b"nosniff"),
                         (b"x-frame-options", b"DENY"),
                         (b"referrer-policy", b"same-origin"),
                         (b"cross-origin-opener-policy", b"same-origin")]
                if not static and b"cache-control" not in names:
                    extra.append((b"cache-control", b"no-store"))
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
