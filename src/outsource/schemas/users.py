"""Who acts: users, their roles, and the principal every service call is made by."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator

from outsource.schemas.base import Schema
from outsource.schemas.time import Instant

Role = Literal["admin", "analyst", "viewer", "vendor"]
#: How a principal was authenticated.
Via = Literal["session", "token", "cli"]

#: Allowed user names: letters, digits and ``. _ @ -``, 1-80 characters.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$"
#: Shortest password accepted (NIST SP 800-63B sect. 5.1.1.2: at least 8).
MIN_PASSWORD_LENGTH = 8


class Principal(Schema):
    """The one acting: a logged-in user, an API token's user, or the local CLI operator."""

    user_id: int | None = Field(description="Id of the user (None for the CLI operator).")
    name: str = Field(description="User name (``cli:<os user>`` for the CLI operator).")
    role: Role = Field(description="admin, analyst, viewer or vendor.")
    vendor: str | None = Field(default=None,
                               description="The vendor a vendor user belongs to; None otherwise.")
    via: Via = Field(default="session", description="How the principal was authenticated.")
    address: str | None = Field(default=None,
                                description="Client address of the request (web), for the audit.")

    @property
    def is_vendor(self) -> bool:
        """Whether this principal sees only its own vendor's data."""
        return self.role == "vendor"


class UserCreate(Schema):
    """A new user: name, role, vendor (for vendor users only) and password."""

    name: str = Field(pattern=NAME_PATTERN, description="Login name (letters, digits, . _ @ -).")
    role: Role = Field(description="admin, analyst, viewer or vendor.")
    vendor: str | None = Field(default=None, max_length=120,
                               description="Registered vendor name; required for role vendor, "
                                           "refused for other roles.")
    password: SecretStr = Field(description="At least 8 characters; stored as an argon2id hash.")

    @field_validator("password")
    @classmethod
    def _long_enough(cls, value: SecretStr) -> SecretStr:
        if len(value.get_secret_value()) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"at least {MIN_PASSWORD_LENGTH} characters")
        if len(value.get_secret_value()) > 1024:
            raise ValueError("at most 1024 characters")
        return value


class UserPublic(Schema):
    """A user as pages and the API show it (never the password hash)."""

    name: str = Field(description="Login name.")
    role: Role = Field(description="admin, analyst, viewer or vendor.")
    vendor: str | None = Field(description="The vendor of a vendor user; None otherwise.")
    active: bool = Field(description="False once disabled: no login, sessions or tokens.")
    created_at: Instant | None = Field(description="When the user was created [UTC].")


class Me(Schema):
    """The caller: who it is and what its role may do."""

    name: str = Field(description="User name.")
    role: Role = Field(description="admin, analyst, viewer or vendor.")
    vendor: str | None = Field(description="The vendor of a vendor user; None otherwise.")
    via: Via = Field(description="How the caller was authenticated (session or token).")
    permissions: list[str] = Field(description="Permissions of the role, sorted.")


class NewToken(Schema):
    """An API token just issued: shown once, stored only as a hash."""

    user: str = Field(description="User the token acts as.")
    label: str | None = Field(description="Free text saying what the token is for.")
    token: str = Field(description="The bearer token (send ``Authorization: Bearer TOKEN``).")
