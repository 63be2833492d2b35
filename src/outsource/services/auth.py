"""Authentication: logins (argon2id, rate limited), sessions, API tokens, the signing key.

- A login checks the password against its argon2id hash (a dummy hash is
  checked for unknown names, so both take the same time), then creates a
  session: a random 256-bit id the browser keeps in a signed cookie, stored
  here only as its SHA-256, with its own CSRF token and an expiry.
- Failed logins are counted per user name and per client address over a
  sliding window (``login_attempts_per_user``, ``login_attempts_per_address``,
  ``login_window_s``); past either limit a login is refused with
  :class:`RateLimited` before the password is even checked (OWASP
  Authentication Cheat Sheet, "Protect against automated attacks").
- API tokens (``Authorization: Bearer``) are random, shown once, stored as SHA-256.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from outsource.data.db.models.users import ApiToken, User, UserSession
from outsource.data.db.repositories import (
    LoginAttemptRepository,
    SessionRepository,
    TokenRepository,
    UserRepository,
)
from outsource.errors import RateLimited, Unauthenticated
from outsource.schemas.users import NewToken, Principal
from outsource.services import audit
from outsource.services import users as _users
from outsource.services.authz import authorize
from outsource.services.workspace import Workspace
from outsource.settings import Settings

TOKEN_PREFIX = "osk_"
SECRET_FILE = "secret.key"


@dataclass(frozen=True)
class LoginPolicy:
    """Rate limit and session lifetime, from settings."""

    per_user: int = 5
    per_address: int = 20
    window_s: int = 900
    session_max_age_s: int = 8 * 3600

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginPolicy:
        """The policy the settings declare."""
        return cls(settings.login_attempts_per_user, settings.login_attempts_per_address,
                   settings.login_window_s, settings.session_max_age_s)


@dataclass(frozen=True)
class LoginSession:
    """A session just created: the raw id for the cookie, its CSRF token, the user."""

    principal: Principal
    token: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class SessionInfo:
    """A live session found from its cookie."""

    principal: Principal
    csrf_token: str


def now() -> datetime:
    """The current instant [UTC]."""
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def digest(token: str) -> str:
    """SHA-256 hex digest of a session id or API token (what the database keeps)."""
    return hashlib.sha256(token.encode()).hexdigest()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _users.hash_password(secrets.token_hex(16))


def principal_of(user: User, via: str, address: str | None = None) -> Principal:
    """The principal acting as ``user``."""
    return Principal(user_id=user.id, name=user.name, role=user.role,  # type: ignore[arg-type]
                     vendor=user.vendor.name if user.vendor is not None else None,
                     via=via, address=address)  # type: ignore[arg-type]


def _verify(user: User | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        _users.hasher().verify(user.password_hash if user is not None else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return user is not None


def login(ws: Workspace, name: str, password: str, address: str,
          policy: LoginPolicy = LoginPolicy()) -> LoginSession:
    """Check a user name and password and open a session.

    Raises :class:`RateLimited` past the failed-login limits and
    :class:`Unauthenticated` ("wrong user name or password", the same for an
    unknown name, a wrong password and a disabled user).
    """
    name = name.strip()[:200]
    at = now()
    since = at - timedelta(seconds=policy.window_s)
    refused: RateLimited | Unauthenticated | None = None
    with ws.transaction() as session:
        attempts = LoginAttemptRepository(session)
        attempts.prune(since)
        by_name, by_addr, oldest = attempts.failures(name, address, since)
        if by_name >= policy.per_user or by_addr >= policy.per_address:
            wait = policy.window_s
            if oldest is not None:
                wait = max(1, int((_aware(oldest) - since).total_seconds()) + 1)
            refused = RateLimited(f"too many failed logins; try again in {wait} s",
                                  retry_after_s=wait)
        else:
            user = UserRepository(session).get(name)
            if not _verify(user, password) or user is None or not user.active:
                attempts.add_failure(name, address, at)
                refused = Unauthenticated("wrong user name or password", field="password")
            else:
                attempts.clear_user(name)
                if _users.hasher().check_needs_rehash(user.password_hash):
                    user.password_hash = _users.hash_password(password)
                created = _open_session(session, user, address, at, policy)
    if refused is not None:
        raise refused
    return created


def _open_session(session, user: User, address: str, at: datetime,  # type: ignore[no-untyped-def]
                  policy: LoginPolicy) -> LoginSession:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = at + timedelta(seconds=policy.session_max_age_s)
    repo = SessionRepository(session)
    repo.remove_expired(at)
    repo.add(UserSession(token_sha256=digest(token), user_id=user.id, csrf_token=csrf,
                         address=address[:64], expires_at=expires))
    actor = principal_of(user, "session", address)
    audit.record(session, actor, "session.login", "session", user.name)
    return LoginSession(actor, token, csrf, expires)


def resolve_session(ws: Workspace, token: str, address: str | None = None) -> SessionInfo | None:
    """The live session whose id is ``token`` (active user, not expired), or ``None``."""
    with ws.transaction() as session:
        row = SessionRepository(session).find(digest(token), now())
        if row is None or not row.user.active:
            return None
        return SessionInfo(principal_of(row.user, "session", address), row.csrf_token)


def resolve_token(ws: Workspace, token: str, address: str | None = None) -> Principal | None:
    """The principal of API token ``token`` (active user), or ``None``."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    with ws.transaction() as session:
        row = TokenRepository(session).find(digest(token))
        if row is None or not row.user.active:
            return None
        return principal_of(row.user, "token", address)


def logout(ws: Workspace, actor: Principal, token: str) -> None:
    """End the session whose id is ``token`` (audited)."""
    with ws.transaction() as session:
        if SessionRepository(session).remove(digest(token)):
            audit.record(session, actor, "session.logout", "session", actor.name)


def issue_token(ws: Workspace, actor: Principal, user_name: str,
                label: str | None = None) -> NewToken:
    """A new API token acting as ``user_name`` (permission ``users.manage``); shown once."""
    authorize(actor, "users.manage")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with ws.transaction() as session:
        user = UserRepository(session).require(user_name)
        TokenRepository(session).add(ApiToken(token_sha256=digest(token), user_id=user.id,
                                              label=label))
        audit.record(session, actor, "token.create", "user", user.name,
                     vendor=user.vendor.name if user.vendor else None,
                     after={"label": label})
    return NewToken(user=user_name, label=label, token=token)


def secret_key(ws: Workspace, settings: Settings) -> str:
    """The key signing cookies: ``OUTSOURCE_SECRET_KEY``, else ``WORKSPACE/secret.key``."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    from outsource.data.secret_file import read_or_create

    return read_or_create(ws.path / SECRET_FILE)
