"""`outsource user add|list|token|disable|enable`: the web app's users, from the command line.

The CLI operator acts as an admin of its workspace (it can read the files);
every change is in the audit log as ``cli:<os user>``. Passwords come from a
hidden prompt or ``--password-stdin`` and are never printed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

user_app = typer.Typer(help="Users of the web app: add, list, API tokens, disable.",
                       no_args_is_help=True)
app.add_typer(user_app, name="user")

WorkspaceOpt = Annotated[Path | None, typer.Option("--workspace", help="Workspace folder.")]


def _open(workspace: Path | None):  # type: ignore[no-untyped-def]
    from outsource.services.workspace import open_workspace

    return open_workspace(workspace)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        from outsource.errors import InvalidInput

        raise InvalidInput("no terminal to prompt for the password: pipe it with "
                           "--password-stdin", field="password")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="Login name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option("--role", help="admin, analyst, viewer or vendor.")],
    vendor: Annotated[str | None, typer.Option(
        "--vendor", help="Registered vendor a vendor user belongs to.")] = None,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input.")
    ] = False,
    workspace: WorkspaceOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the user as JSON.")] = False,
) -> None:
    """Create a user of the web app (the password is asked for, never printed)."""
    from pydantic import ValidationError

    from outsource.errors import from_validation_error
    from outsource.schemas.users import UserCreate
    from outsource.services.users import add_user, cli_principal

    password = _password(password_stdin)
    try:
        new = UserCreate(name=name, role=role, vendor=vendor, password=password)
    except ValidationError as exc:
        raise from_validation_error(exc) from None
    user = add_user(_open(workspace), cli_principal(), new)
    if json_out:
        from outsource.schemas.base import dumps

        typer.echo(dumps(user, indent=True).decode())
        return
    tail = f" of vendor {user.vendor}" if user.vendor else ""
    typer.echo(f"added user {user.name} ({user.role}{tail})")


@user_app.command("list")
def list_command(
    workspace: WorkspaceOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the users as JSON.")] = False,
) -> None:
    """List the users of the web app."""
    from outsource.services.users import cli_principal, list_users

    users = list_users(_open(workspace), cli_principal())
    if json_out:
        from outsource.schemas.base import dumps

        typer.echo(dumps(users, indent=True).decode())
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Users")
    for col in ("name", "role", "vendor", "active", "created (UTC)"):
        table.add_column(col)
    for u in users:
        created = u.created_at.strftime("%Y-%m-%d %H:%M") if u.created_at else ""
        table.add_row(escape(u.name), u.role, escape(u.vendor or ""), "yes" if u.active else "no",
                      created)
    Console().print(table)


@user_app.command("token")
def token_command(
    name: Annotated[str, typer.Argument(help="User the token acts as.")],
    label: Annotated[str | None, typer.Option("--label", help="What the token is for.")] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Issue an API token for a user (printed once; send it as `Authorization: Bearer`)."""
    from outsource.services.auth import issue_token
    from outsource.services.users import cli_principal

    token = issue_token(_open(workspace), cli_principal(), name, label)
    typer.echo(token.token)


def _set_active(name: str, workspace: Path | None, active: bool) -> None:
    from outsource.services.users import cli_principal, set_active

    user = set_active(_open(workspace), cli_principal(), name, active)
    typer.echo(f"user {user.name} {'enabled' if active else 'disabled'}")


@user_app.command("disable")
def disable_command(
    name: Annotated[str, typer.Argument(help="User to disable.")],
    workspace: WorkspaceOpt = None,
) -> None:
    """Disable a user: no more logins; its sessions end and its API tokens are revoked."""
    _set_active(name, workspace, False)


@user_app.command("enable")
def enable_command(
    name: Annotated[str, typer.Argument(help="User to enable again.")],
    workspace: WorkspaceOpt = None,
) -> None:
    """Enable a disabled user again (it needs new API tokens)."""
    _set_active(name, workspace, True)
