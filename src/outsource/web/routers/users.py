"""Users (admins): the list, creating users, enabling and disabling them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from outsource.errors import OutsourceError, from_validation_error
from outsource.schemas.errors import ErrorBody
from outsource.schemas.users import UserCreate, UserPublic
from outsource.services import users
from outsource.services.authz import ROLES
from outsource.web.deps import CurrentUser, WorkspaceDep
from outsource.web.templating import render

router = APIRouter(tags=["users"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 409, 422)}


def _page(request: Request, user, ws, *, error: str | None = None,  # type: ignore[no-untyped-def]
          status_code: int = 200, form: dict | None = None) -> Response:
    vendors = users.vendor_names(ws, user)
    return render(request, "users/list.html",
                  {"users": users.list_users(ws, user), "roles": ROLES, "vendors": vendors,
                   "error": error, "form": form or {}}, status_code=status_code)


@router.get("/users", name="users.page", include_in_schema=False)
def users_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Every user, and a form to add one."""
    return _page(request, user, ws)


@router.post("/users", name="users.create_form", include_in_schema=False)
def create_form(request: Request, user: CurrentUser, ws: WorkspaceDep,
                name: Annotated[str, Form(max_length=80)],
                role: Annotated[str, Form(max_length=20)],
                password: Annotated[str, Form(max_length=1024)],
                vendor: Annotated[str | None, Form(max_length=120)] = None) -> Response:
    """Add a user from the form."""
    form = {"name": name, "role": role, "vendor": vendor}
    try:
        try:
            new = UserCreate(name=name, role=role, vendor=vendor or None, password=password)
        except ValidationError as exc:
            raise from_validation_error(exc) from None
        users.add_user(ws, user, new)
    except OutsourceError as exc:
        if exc.http_status in (401, 403):
            raise
        return _page(request, user, ws, error=str(exc), status_code=exc.http_status, form=form)
    return RedirectResponse(request.url_for("users.page").path, status_code=303)


@router.post("/users/{name}/active", name="users.active_form", include_in_schema=False)
def active_form(request: Request, user: CurrentUser, ws: WorkspaceDep, name: str,
                active: Annotated[bool, Form()]) -> Response:
    """Enable or disable a user."""
    try:
        users.set_active(ws, user, name, active)
    except OutsourceError as exc:
        if exc.http_status in (401, 403):
            raise
        return _page(request, user, ws, error=str(exc), status_code=exc.http_status)
    return RedirectResponse(request.url_for("users.page").path, status_code=303)


@router.get("/api/users", name="users.list", response_model=list[UserPublic],
            responses=_ERRORS)
def list_users(user: CurrentUser, ws: WorkspaceDep) -> list[UserPublic]:
    """Every user (admins)."""
    return users.list_users(ws, user)


@router.post("/api/users", name="users.create", response_model=UserPublic, status_code=201,
             responses=_ERRORS)
def create_user(user: CurrentUser, ws: WorkspaceDep, new: UserCreate) -> UserPublic:
    """Create a user (admins); the password is stored as an argon2id hash."""
    return users.add_user(ws, user, new)
