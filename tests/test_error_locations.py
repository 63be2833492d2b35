"""Errors name where they apply: a key path, or file, line and column; flags only in the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource.cli import app
from outsource.cli.app import error_text
from outsource.data.scenario import parse_scenario, scenario_inputs
from outsource.data.staffing_plan import read_staffing_plan
from outsource.data.workload import read_workload
from outsource.errors import InvalidInput
from outsource.services.plan import run_plan
from outsource.services.simulate import simulate_options, simulate_workload

BASE = {"workload": {"weekly": {"aht_s": 240, "calls": {"mon": [10.0] * 24}}},
        "compare_card": False}
runner = CliRunner()


def _plan_error(patch: dict) -> InvalidInput:
    with pytest.raises(InvalidInput) as exc:
        run_plan(scenario_inputs(parse_scenario({**BASE, **patch})), draws=10)
    return exc.value


def test_bad_window_of_a_hybrid_names_its_full_path():
    e = _plan_error({"hybrids": [{"name": "h", "split": "hours",
                                  "inhouse_hours": ["mon-fri 08:00-18:00", "Mon-Xyz 09:00-10:00"],
                                  "vendor": {"region": "india",
                                             "pricing_model": "dedicated_hourly"}}]})
    assert e.loc == ("hybrids", 0, "inhouse_hours", 1)
    assert str(e).startswith("hybrids[0].inhouse_hours[1]: unknown day(s) 'mon-xyz'")
    assert e.to_dict()["location"] == ["hybrids", 0, "inhouse_hours", 1]


def test_unknown_region_of_a_hybrid_vendor_names_its_full_path():
    e = _plan_error({"hybrids": [{"name": "h", "split": "queue", "vendor_share": 0.5,
                                  "vendor": {"region": "moon",
                                             "pricing_model": "dedicated_hourly"}}]})
    assert e.loc == ("hybrids", 0, "vendor", "region")
    assert "unknown region 'moon'" in e.message


def test_bad_value_deep_in_a_scenario_names_its_full_path():
    with pytest.raises(InvalidInput) as exc:
        parse_scenario({**BASE, "quotes": [{"vendor": "v", "region": "india",
                                            "pricing_model": "dedicated_hourly", "rate": 9,
                                            "source": "s", "date": "d",
                                            "vendor_shrinkage": [0.5, 0.2]}]})
    assert exc.value.loc == ("quotes", 0, "vendor_shrinkage")
    assert "low 0.5 > high 0.2" in exc.value.message


def test_file_errors_carry_file_line_and_column(tmp_path: Path):
    path = tmp_path / "w.csv"
    path.write_text("interval_start,calls,aht_s\n2024-01-01T08:00:00,1,3\n\n"
                    "2024-01-01T08:30:00,-2,3\n")
    with pytest.raises(InvalidInput) as exc:
        read_workload(path)
    d = exc.value.to_dict()
    assert (d["source"], d["line"], d["column"]) == ("w.csv", 4, "calls")
    assert d["detail"] == "w.csv line 4, column 'calls': must be a finite number >= 0, got -2"


def test_services_name_domain_fields_and_the_cli_maps_them_to_flags(tmp_path: Path):
    path = tmp_path / "w.csv"
    path.write_text("interval_start,calls,aht_s,period_minutes\n2024-01-01T08:00:00,5,200,30\n")
    with pytest.raises(InvalidInput) as exc:
        simulate_workload(read_workload(path), simulate_options("3", queue_capacity=-1))
    assert exc.value.loc == ("queue_capacity",) and "--" not in str(exc.value)
    assert error_text(exc.value, "simulate").startswith("--queue-capacity: must be >= 0")
    result = runner.invoke(app, ["staff", "--calls", "10", "--aht-s", "0"])
    assert result.exit_code == 2 and "--aht-s: must be > 0" in result.output


def test_errors_located_in_a_file_keep_the_file_location_in_the_cli(tmp_path: Path):
    plan = tmp_path / "plan.json"
    plan.write_text('{"intervals": [{"interval_start": "2024-01-01T08:00:00", "agents": -1}]}')
    with pytest.raises(InvalidInput) as exc:
        read_staffing_plan(plan)
    assert exc.value.loc == ("intervals", 0, "agents") and exc.value.source == "plan.json"
    assert error_text(exc.value, "simulate").startswith("plan.json intervals[0].agents: ")
