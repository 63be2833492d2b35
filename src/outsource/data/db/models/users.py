"""Users area: people who log in to the web app, their sessions, API tokens, login attempts.

Roles are ``admin``, ``analyst``, ``viewer`` and ``vendor``; a vendor user is
tied to one vendor of the registry (``vendor_id``), every other role to none.
Secrets are never stored: passwords as argon2id hashes, session ids and API
tokens as SHA-256 hex digests of the random values handed to the client.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outsource.data.db.base import Base, Timestamps
from outsource.data.db.models.vendors import Vendor

#: The roles, in the order the pages list them.
ROLES = ("admin", "analyst", "viewer", "vendor")


class User(Timestamps, Base):
    """A login: name, role, the vendor a ``vendor`` user belongs to, password hash."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'analyst', 'viewer', 'vendor')", name="role"),
        CheckConstraint("(role = 'vendor') = (vendor_id IS NOT NULL)", name="vendor_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    vendor_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendors.id", ondelete="RESTRICT"), index=True)
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    vendor: Mapped[Vendor | None] = relationship(lazy="joined")


class UserSession(Base):
    """A login session: the cookie carries the random id, the table its SHA-256.

    ``csrf_token`` is the session's anti-forgery token, sent back by every form
    and state-changing request of the browser.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    expires_at: Mapped[datetime]
    user: Mapped[User] = relationship(lazy="joined")


class ApiToken(Base):
    """A bearer token for scripts calling the JSON API (``outsource user token``)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    user: Mapped[User] = relationship(lazy="joined")


class LoginAttempt(Base):
    """A failed login, kept for the rate limit's window (per user name and per address)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_name: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
