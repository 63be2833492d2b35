"""`outsource user add|list|token|disable|enable` and `outsource serve --help`."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource.cli import app

runner = CliRunner()
SECRET = "tr0ub4dor-and-3"


@pytest.fixture
def ws(tmp_path: Path):
    from outsource.data.db import close_all
    from outsource.data.db.models.vendors import Vendor
    from outsource.data.db.repositories import VendorRepository
    from outsource.services.workspace import open_workspace

    path = tmp_path / "ws"
    with open_workspace(path).transaction() as session:
        VendorRepository(session).add(Vendor(name="acme-manila", regions=["asia_philippines"]))
    yield str(path)
    close_all()


def test_add_list_disable(ws):
    res = runner.invoke(app, ["user", "add", "ann", "--role", "analyst", "--password-stdin",
                              "--workspace", ws], input=SECRET + "\n")
    assert res.exit_code == 0, res.output
    assert res.output.strip() == "added user ann (analyst)" and SECRET not in res.output
    res = runner.invoke(app, ["user", "add", "acme", "--role", "vendor", "--vendor",
                              "acme-manila", "--password-stdin", "--workspace", ws, "--json"],
                        input=SECRET + "\n")
    assert res.exit_code == 0 and json.loads(res.output)["vendor"] == "acme-manila"
    res = runner.invoke(app, ["user", "list", "--workspace", ws, "--json"])
    listed = json.loads(res.output)
    assert [(u["name"], u["role"], u["vendor"], u["active"]) for u in listed] == [
        ("acme", "vendor", "acme-manila", True), ("ann", "analyst", None, True)]
    assert SECRET not in res.output and "argon2" not in res.output
    assert "ann" in runner.invoke(app, ["user", "list", "--workspace", ws]).output
    assert runner.invoke(app, ["user", "disable", "ann", "--workspace", ws]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["user", "list", "--workspace", ws, "--json"]).output)
    assert [u["active"] for u in listed] == [True, False]
    assert runner.invoke(app, ["user", "enable", "ann", "--workspace", ws]).exit_code == 0


def test_bad_input_gets_exit_codes(ws):
    def add(*args: str, password: str = SECRET):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["user", "add", *args, "--password-stdin", "--workspace", ws],
                             input=password + "\n")

    res = add("x", "--role", "boss")
    assert res.exit_code == 2 and "role" in res.output
    res = add("v", "--role", "vendor")
    assert res.exit_code == 2 and "vendor" in res.output
    res = add("v", "--role", "vendor", "--vendor", "nobody-inc")
    assert res.exit_code == 3 and "acme-manila" in res.output
    res = add("short", "--role", "viewer", password="abc")
    assert res.exit_code == 2 and "password" in res.output and "abc" not in res.output
    add("dup", "--role", "viewer")
    assert add("dup", "--role", "viewer").exit_code == 5


def test_no_terminal_and_no_password_stdin_is_an_error(ws):
    res = runner.invoke(app, ["user", "add", "ann", "--role", "viewer", "--workspace", ws],
                        input="")
    assert res.exit_code == 2 and "--password-stdin" in res.output


def test_token_is_printed_once_and_works(ws):
    from outsource.services import auth
    from outsource.services.workspace import open_workspace

    runner.invoke(app, ["user", "add", "bot", "--role", "viewer", "--password-stdin",
                        "--workspace", ws], input=SECRET + "\n")
    res = runner.invoke(app, ["user", "token", "bot", "--label", "nightly upload",
                              "--workspace", ws])
    token = res.output.strip()
    assert res.exit_code == 0 and token.startswith("osk_")
    principal = auth.resolve_token(open_workspace(Path(ws)), token)
    assert principal is not None and principal.name == "bot"


def test_cli_changes_are_audited_as_the_operator(ws):
    from outsource.services import audit
    from outsource.services.users import cli_principal
    from outsource.services.workspace import open_workspace

    runner.invoke(app, ["user", "add", "ann", "--role", "viewer", "--password-stdin",
                        "--workspace", ws], input=SECRET + "\n")
    rows = audit.entries(open_workspace(Path(ws)), cli_principal())
    assert rows[0].action == "user.create" and rows[0].actor.startswith("cli:")


def test_help_starts_fast_without_heavy_imports():
    code = ("import sys, time; t = time.perf_counter(); from outsource.cli import app; "
            "mods = [m for m in ('fastapi', 'uvicorn', 'sqlalchemy', 'argon2') "
            "if m in sys.modules]; print(mods)")
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]", out
    assert time.perf_counter() - started < 10  # generous: a busy 2-core machine


def test_serve_help_lists_its_options():
    res = runner.invoke(app, ["serve", "--help"])
    assert res.exit_code == 0
    for opt in ("--host", "--port", "--workspace"):
        assert opt in res.output
