"""Users: create, list, disable (admins; the CLI operator acts as admin).

Passwords are hashed with argon2id (argon2-cffi's RFC 9106 low-memory
profile) and never stored, logged or printed. Every change writes an audit row.
"""

from __future__ import annotations

import getpass
from functools import lru_cache

from outsource.data.db.models.users import User
from outsource.data.db.repositories import (
    SessionRepository,
    TokenRepository,
    UserRepository,
    VendorRepository,
)
from outsource.errors import InvalidInput
from outsource.schemas.users import Principal, UserCreate, UserPublic
from outsource.services import audit
from outsource.services.authz import authorize
from outsource.services.workspace import Workspace


@lru_cache(maxsize=1)
def hasher():  # type: ignore[no-untyped-def]
    """The argon2id password hasher (RFC 9106 low-memory parameters of argon2-cffi)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted; PHC string format)."""
    return hasher().hash(password)


def cli_principal() -> Principal:
    """The local operator running the ``outsource`` CLI: full rights over its workspace."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in the environment
        who = "unknown"
    return Principal(user_id=None, name=f"cli:{who}", role="admin", via="cli")


def public(user: User) -> UserPublic:
    """A user as pages and the API show it."""
    return UserPublic(name=user.name, role=user.role,  # type: ignore[arg-type]
                      vendor=user.vendor.name if user.vendor is not None else None,
                      active=user.active, created_at=user.created_at)


def _state(user: User) -> dict[str, object]:
    return {"name": user.name, "role": user.role,
            "vendor": user.vendor.name if user.vendor is not None else None,
            "active": user.active}


def add_user(ws: Workspace, actor: Principal, new: UserCreate) -> UserPublic:
    """Create a user (permission ``users.manage``).

    A ``vendor`` user needs a registered ``vendor``; other roles take none.
    """
    authorize(actor, "users.manage")
    if new.role == "vendor" and not new.vendor:
        raise InvalidInput("a vendor user needs the vendor it belongs to", field="vendor")
    if new.role != "vendor" and new.vendor:
        raise InvalidInput(f"only vendor users belong to a vendor, not a {new.role}",
                           field="vendor")
    password_hash = hash_password(new.password.get_secret_value())
    with ws.transaction() as session:
        vendor = VendorRepository(session).require(new.vendor) if new.vendor else None
        user = User(name=new.name, role=new.role, vendor_id=vendor.id if vendor else None,
                    password_hash=password_hash, active=True)
        UserRepository(session).add(user)
        user.vendor = vendor
        audit.record(session, actor, "user.create", "user", user.name,
                     vendor=new.vendor, after=_state(user))
        session.flush()
        session.refresh(user)
        return public(user)


def list_users(ws: Workspace, actor: Principal) -> list[UserPublic]:
    """Every user, by name (permission ``users.read``)."""
    authorize(actor, "users.read")
    with ws.transaction() as session:
        return [public(u) for u in UserRepository(session).list()]


def set_active(ws: Workspace, actor: Principal, name: str, active: bool) -> UserPublic:
    """Enable or disable a user (permission ``users.manage``).

    Disabling ends the user's sessions and revokes its API tokens at once.
    """
    authorize(actor, "users.manage")
    if not active and actor.user_id is not None and actor.name == name:
        raise InvalidInput("you cannot disable yourself", field="name")
    with ws.transaction() as session:
        user = UserRepository(session).require(name)
        before = _state(user)
        user.active = active
        if not active:
            SessionRepository(session).remove_for_user(user.id)
            TokenRepository(session).remove_for_user(user.id)
        session.flush()
        audit.record(session, actor, "user.enable" if active else "user.disable", "user",
                     user.name, vendor=before["vendor"], before=before,  # type: ignore[arg-type]
                     after=_state(user))
        return public(user)


def vendor_names(ws: Workspace, actor: Principal) -> list[str]:
    """Registered vendors a vendor user may be tied to (permission ``users.manage``)."""
    authorize(actor, "users.manage")
    with ws.transaction() as session:
        return VendorRepository(session).names()
