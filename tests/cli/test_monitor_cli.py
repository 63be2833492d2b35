"""`outsource monitor`, `export`, `warnings`, `capacity` through the Typer app; docs coverage."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from outsource.cli import app
from outsource.data import synthetic
from outsource.schemas import monitoring as schemas

runner = CliRunner()
ROOT = Path(__file__).parents[2]
COMMANDS = ("monitor", "export", "warnings", "capacity")


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("cli") / "ws"
    synthetic.store(ws, synthetic.generate(np.random.default_rng(4), total=30_000), "cli")
    return ws


def _run(*args: str) -> object:
    return runner.invoke(app, list(args))


def test_monitor_json_rows(ws: Path) -> None:
    res = _run("monitor", "--workspace", str(ws), "--period", "month", "--tz",
               "America/New_York", "--vendor", "acme-manila", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["engine"] == "duckdb" and data["options"]["timezone"] == "America/New_York"
    rows = data["rows"]
    assert {r["vendor"] for r in rows} == {"acme-manila"}
    totals = [r for r in rows if r["queue"] is None and r["channel"] is None]
    assert len(totals) == 6 and totals[0]["period_start"] == "2026-05-01T00:00:00-04:00"
    assert set(schemas.KPI_NAMES) == set(rows[0])


def test_monitor_table_and_options(ws: Path) -> None:
    res = _run("monitor", "--workspace", str(ws), "--period", "week", "--answer-within-s", "30",
               "--short-abandon-s", "3", "--repeat-window-days", "3", "--interval-minutes",
               "15", "--business-hours", "Mon-Fri 08:00-20:00 America/New_York",
               "--holidays", "US", "--first-response-within-h", "8",
               "--resolution-within-h", "40", "--timezone", "America/New_York")
    assert res.exit_code == 0, res.output
    assert "KPIs per week (America/New_York)" in res.stdout
    assert "acme-manila" in res.stdout and "answered within 30 s" in res.stdout
    res = _run("monitor", "--workspace", str(ws), "--period", "month", "--breakdown")
    assert res.exit_code == 0 and "orders" in res.stdout


def test_export_then_monitor_the_parquet(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    res = _run("export", "--parquet", str(out), "--workspace", str(ws), "--json")
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["rows"] > 25_000 and any("vendor=andes-bogota" in f for f in report["files"])
    a = json.loads(_run("monitor", "--workspace", str(ws), "--period", "month", "--json").stdout)
    b = json.loads(_run("monitor", "--source", str(out), "--engine", "duckdb", "--period",
                        "month", "--json").stdout)
    assert len(a["rows"]) == len(b["rows"])
    for x, y in zip(a["rows"], b["rows"], strict=True):  # float sums: order may differ
        for key, value in x.items():
            if isinstance(value, float):
                assert y[key] == pytest.approx(value, rel=1e-12), key
            else:
                assert y[key] == value, key
    again = _run("export", "--parquet", str(out), "--workspace", str(ws))
    assert again.exit_code == 5 and "exists and is not empty" in again.output
    assert _run("export", "--parquet", str(out), "--workspace", str(ws),
                "--overwrite").exit_code == 0


def test_warnings_command(ws: Path) -> None:
    res = _run("warnings", "--workspace", str(ws), "--tz", "America/New_York", "--json",
               "--alpha", "0.01", "--near-zero-handle-s", "10", "--threshold-band-s", "5",
               "--ping-pong-window-s", "3600", "--answer-within-s", "20",
               "--repeat-window-days", "7")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert any(w["kind"] == "handle_time_gaming" and w["vendor"] == "acme-manila"
               for w in data["warnings"])
    text = _run("warnings", "--workspace", str(ws), "--vendor", "acme-manila")
    assert text.exit_code == 0 and "near_zero_handle" in text.stdout


def test_capacity_command(ws: Path, tmp_path: Path) -> None:
    com = tmp_path / "commitments.csv"
    com.write_text("vendor,interval_start,hours\nacme-manila,2026-05-04T08:00:00-04:00,20\n")
    states = tmp_path / "states.csv"
    states.write_text("agent,vendor,state,start,end\n"
                      "a1,acme-manila,available,2026-05-04T08:00:00-04:00,"
                      "2026-05-04T08:30:00-04:00\n")
    res = _run("capacity", "--commitments", str(com), "--agent-states", str(states),
               "--vendor", "acme-manila", "--workspace", str(ws), "--tz", "America/New_York",
               "--interval-minutes", "30", "--service-level", "0.8", "--answer-within-s", "20",
               "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    first = next(r for r in data["rows"] if r["interval_start"] == "2026-05-04T08:00:00-04:00")
    assert first["committed_h"] == 20 and first["delivered_h"] == 0.5
    assert first["under_delivered"] is True
    assert data["vendors"][0]["vendor"] == "acme-manila"
    table = _run("capacity", "--commitments", str(com), "--workspace", str(ws))
    assert table.exit_code == 0 and "Capacity per vendor" in table.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (["monitor", "--timezone", "Mars/Base"], 2, "--timezone: unknown time zone 'Mars/Base'"),
    (["monitor", "--vendor", "nobody"], 3, "no contacts of vendor 'nobody'"),
    (["monitor", "--engine", "spark"], 2, "--source: the Spark engine reads a Parquet"),
    (["monitor", "--answer-within-s", "-1"], 2, "--answer-within-s"),
    (["monitor", "--interval-minutes", "7"], 2, "--interval-minutes: must be 15, 30 or 60"),
    (["monitor", "--holidays", "ZZ"], 2, "--holidays: unknown holiday calendar"),
    (["monitor", "--business-hours", "sometimes"], 2, "--business-hours"),
    (["warnings", "--alpha", "0.9"], 2, "--alpha: must be in (0, 0.5)"),
    (["capacity", "--commitments", "missing.csv"], 3, "no such file"),
])
def test_bad_input_is_one_line_with_the_flag(ws: Path, args: list[str], code: int,
                                             message: str) -> None:
    res = _run(*args, "--workspace", str(ws))
    assert res.exit_code == code, res.output
    assert message in res.output and "Traceback" not in res.output


def test_missing_workspace(tmp_path: Path) -> None:
    res = _run("monitor", "--workspace", str(tmp_path / "none"))
    assert res.exit_code == 3 and "run `outsource import` first" in res.output


def test_cli_module_imports_only_light_modules() -> None:
    tree = ast.parse((ROOT / "src/outsource/cli/monitor.py").read_text())
    top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = [a.name for n in top if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in top if isinstance(n, ast.ImportFrom)]
    allowed = {"__future__", "contextlib", "enum", "pathlib", "typing", "typer",
               "outsource.cli.app"}
    assert set(names) <= allowed


def _options(name: str) -> list[str]:
    command = typer.main.get_command(app)
    assert hasattr(command, "commands")
    return [o for p in command.commands[name].params for o in p.opts if o.startswith("--")]


def test_every_option_and_column_is_documented() -> None:
    doc = (ROOT / "docs/monitoring.md").read_text()
    for name in COMMANDS:
        assert f"outsource {name}" in doc
        for opt in _options(name):
            assert re.search(re.escape(opt) + r"\b", doc), (name, opt)
    for column in schemas.KPI_NAMES + tuple(c[0] for c in schemas.CAPACITY_COLUMNS):
        assert f"`{column}" in doc or column in doc, column


def test_every_schema_field_has_a_description() -> None:
    for model in (schemas.MonitorOptions, schemas.KpiResult, schemas.KpiWarning,
                  schemas.WarningsResult, schemas.KpiTrend, schemas.KpiTrends,
                  schemas.CapacityOptions, schemas.CapacityTotals, schemas.CapacityResult):
        for name, field in model.model_fields.items():
            assert field.description, (model.__name__, name)
    for name, _, doc in schemas.KPI_COLUMNS + schemas.CAPACITY_COLUMNS:
        assert doc, name


def test_one_flag_per_parameter_across_commands() -> None:
    """A concept keeps one spelling everywhere (hidden short aliases aside)."""
    command = typer.main.get_command(app)
    seen: dict[str, set[str]] = {}
    for cmd in command.commands.values():
        for p in cmd.params:
            if getattr(p, "hidden", False):
                continue
            seen.setdefault(p.name, set()).update(o for o in p.opts if o.startswith("--"))
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}
