"""`outsource import` and `outsource profile` through the Typer app."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from outsource.cli import app

FIXTURES = Path(__file__).parents[1] / "data" / "fixtures"
EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"
runner = CliRunner()


def test_import_json_then_profile_json_and_out(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    res = runner.invoke(app, ["import", str(FIXTURES / "canonical_malformed.csv"),
                              "--workspace", ws, "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert (report["imported"], report["rejected"], report["duplicates_skipped"]) == (4, 10, 1)
    assert report["rejects"][0] == {"line": 5, "column": "arrived_at",
                                    "reason": "cannot parse 'not-a-date' as an ISO 8601 timestamp"}
    again = json.loads(runner.invoke(app, ["import", str(FIXTURES / "canonical_malformed.csv"),
                                           "--workspace", ws, "--json"]).output)
    assert again["imported"] == 0 and again["already_imported"]
    out = tmp_path / "workload.csv"
    res = runner.invoke(app, ["profile", "--workspace", ws, "--interval", "15", "--json",
                              "--business-hours", "Mon-Fri 08:00-20:00 America/New_York",
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    prof = json.loads(res.output)
    for key in ("calls_by_hour", "mean_handle_s", "abandon_rate", "patience_s",
                "after_hours_share"):
        assert key in prof
    assert len(prof["calls_by_hour"]["Mon"]) == 24
    assert prof["timezone"] == "America/New_York"
    assert len(out.read_text().splitlines()) == 1 + 7 * 96


def test_import_bank_excerpt_and_human_output(tmp_path: Path) -> None:
    env_ws = tmp_path / "envws"
    res = runner.invoke(app, ["import", str(FIXTURES / "anonymous_bank_excerpt.txt"),
                              "--mapping", str(EXAMPLES / "anonymous-bank-1999.yaml")],
                        env={"OUTSOURCE_WORKSPACE": str(env_ws)})
    assert res.exit_code == 0, res.output
    assert "imported 34" in res.output and "phantom" in res.output
    assert (env_ws / "store" / "manifest.json").exists()
    res = runner.invoke(app, ["profile", "--percentile", "90", "--out", str(tmp_path / "w.csv")],
                        env={"OUTSOURCE_WORKSPACE": str(env_ws)})
    assert res.exit_code == 0, res.output
    assert "Asia/Jerusalem" in res.output and "wrote 336 intervals" in res.output


def test_bad_input_is_one_line_error_with_exit_code(tmp_path: Path) -> None:
    cmd = [sys.executable, "-c", "from outsource.cli import main; main()"]
    bad = subprocess.run([*cmd, "import", str(tmp_path / "none.csv"), "--workspace",
                          str(tmp_path)], capture_output=True, text=True)
    assert bad.returncode == 3 and "does not exist" in bad.stderr
    assert "Traceback" not in bad.stderr
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    bad = subprocess.run([*cmd, "import", str(tmp_path / "x.csv"), "--workspace",
                          str(tmp_path)], capture_output=True, text=True)
    assert bad.returncode == 2 and "--mapping" in bad.stderr
    bad = subprocess.run([*cmd, "profile", "--workspace", str(tmp_path), "--business-hours",
                          "whenever"], capture_output=True, text=True)
    assert bad.returncode == 2 and "business-hours" in bad.stderr
