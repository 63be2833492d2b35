"""The console script builds only the command it runs: same help, output and errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from outsource.cli import app
from outsource.cli.app import _name_of, only_one

NAMES = sorted([_name_of(c) for c in app.registered_commands]
               + [str(g.name) for g in app.registered_groups])


@pytest.mark.parametrize("name", NAMES)
def test_one_command_app_has_the_same_help(name):
    runner = CliRunner()
    full = runner.invoke(app, [name, "--help"], prog_name="outsource")
    one = runner.invoke(only_one(name), [name, "--help"], prog_name="outsource")
    assert one.exit_code == full.exit_code == 0
    assert one.output == full.output


def test_unknown_or_no_command_uses_the_whole_app():
    assert only_one(None) is app
    assert only_one("--help") is app
    assert only_one("no-such-command") is app


def test_console_script_answers_and_maps_errors_to_flags():
    code = ("import sys; from outsource.cli import main; "
            "sys.argv = ['outsource'] + sys.argv[1:]; main()")
    ok = subprocess.run([sys.executable, "-c", code, "staff", "--calls", "250",
                         "--period-minutes", "30", "--aht-s", "240", "--json"],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert '"agents": 39' in ok.stdout
    bad = subprocess.run([sys.executable, "-c", code, "staff", "--calls", "250",
                          "--period-minutes", "30", "--aht-s", "-1"],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "--aht-s" in bad.stderr
