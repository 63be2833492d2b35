"""Users, their login sessions and API tokens, and failed logins (the rate limit's memory)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select

from outsource.data.db.models.users import ApiToken, LoginAttempt, User, UserSession
from outsource.data.db.repositories._base import Repository
from outsource.errors import Conflict, NotFound


class UserRepository(Repository):
    """People who log in."""

    def add(self, user: User) -> User:
        """Add a user; a taken name is :class:`Conflict` on ``name``."""
        if self.get(user.name) is not None:
            raise Conflict(f"user '{user.name}' already exists", field="name")
        self.session.add(user)
        self.flush(f"user '{user.name}'", "name")
        return user

    def get(self, name: str) -> User | None:
        """The user called ``name`` (vendor loaded), or ``None``."""
        return self.session.scalars(select(User).where(User.name == name)).first()

    def require(self, name: str) -> User:
        """The user called ``name``; :class:`NotFound` on ``name`` if absent."""
        user = self.get(name)
        if user is None:
            raise NotFound(f"no user '{name}'", field="name")
        return user

    def by_id(self, user_id: int) -> User | None:
        """The user with this id, or ``None``."""
        return self.session.get(User, user_id)

    def list(self) -> list[User]:
        """Every user, by name."""
        return list(self.session.scalars(select(User).order_by(User.name)))


class SessionRepository(Repository):
    """Login sessions, found by the SHA-256 of the cookie's random id."""

    def add(self, row: UserSession) -> UserSession:
        """Store a new session."""
        self.session.add(row)
        self.flush("session")
        return row

    def find(self, token_sha256: str, now: datetime) -> UserSession | None:
        """The unexpired session with this token hash (user loaded), or ``None``."""
        stmt = select(UserSession).where(UserSession.token_sha256 == token_sha256,
                                         UserSession.expires_at > now)
        return self.session.scalars(stmt).first()

    def remove(self, token_sha256: str) -> int:
        """Delete the session with this token hash; how many were deleted."""
        res = self.session.execute(
            delete(UserSession).where(UserSession.token_sha256 == token_sha256))
        return int(res.rowcount or 0)

    def remove_for_user(self, user_id: int) -> int:
        """Delete every session of a user (when disabled)."""
        res = self.session.execute(delete(UserSession).where(UserSession.user_id == user_id))
        return int(res.rowcount or 0)

    def remove_expired(self, now: datetime) -> int:
        """Delete sessions past their expiry."""
        res = self.session.execute(delete(UserSession).where(UserSession.expires_at <= now))
        return int(res.rowcount or 0)


class TokenRepository(Repository):
    """API bearer tokens, found by the SHA-256 of the token."""

    def add(self, row: ApiToken) -> ApiToken:
        """Store a new token."""
        self.session.add(row)
        self.flush("API token")
        return row

    def find(self, token_sha256: str) -> ApiToken | None:
        """The token with this hash (user loaded), or ``None``."""
        stmt = select(ApiToken).where(ApiToken.token_sha256 == token_sha256)
        return self.session.scalars(stmt).first()

    def remove_for_user(self, user_id: int) -> int:
        """Delete every token of a user."""
        res = self.session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
        return int(res.rowcount or 0)


class LoginAttemptRepository(Repository):
    """Failed logins within the rate limit's window."""

    def add_failure(self, user_name: str, address: str, at: datetime) -> None:
        """Remember one failed login."""
        self.session.add(LoginAttempt(user_name=user_name, address=address, at=at))
        self.flush("login attempt")

    def failures(self, user_name: str, address: str,
                 since: datetime) -> tuple[int, int, datetime | None]:
        """(failures of ``user_name``, failures from ``address``, the oldest) after ``since``."""
        recent = LoginAttempt.at > since
        by_name = func.count().filter(LoginAttempt.user_name == user_name)
        by_addr = func.count().filter(LoginAttempt.address == address)
        stmt = select(by_name, by_addr, func.min(LoginAttempt.at)).where(
            recent, or_(LoginAttempt.user_name == user_name, LoginAttempt.address == address))
        n_name, n_addr, oldest = self.session.execute(stmt).one()
        return int(n_name or 0), int(n_addr or 0), oldest

    def clear_user(self, user_name: str) -> None:
        """Forget a user name's failures (after a successful login)."""
        self.session.execute(delete(LoginAttempt).where(LoginAttempt.user_name == user_name))

    def prune(self, before: datetime) -> None:
        """Forget failures older than the window."""
        self.session.execute(delete(LoginAttempt).where(LoginAttempt.at <= before))
