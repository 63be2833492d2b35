"""Scenario files and rate cards: parsing, key-path errors, user cards overriding defaults."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from outsource.data.ratecard import default_card, load_card, load_cards
from outsource.data.scenario import load_scenario, parse_scenario, scenario_workload
from outsource.errors import InvalidInput, NotFound

BUNDLED = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "scenario_bank.yaml"
DOCS = Path(__file__).parents[2] / "docs" / "examples" / "scenario.yaml"
BASE = {"workload": {"weekly": {"aht_s": 240, "calls": {"mon": [10.0] * 24}}}}


def _error(data: dict) -> str:
    with pytest.raises(InvalidInput) as exc:
        parse_scenario(data)
    return str(exc.value)


@pytest.mark.parametrize(("patch", "path", "reason"), [
    ({"workload": {}}, "workload", "exactly one of 'file' or 'weekly'"),
    ({"inhouse": {"wage_usd_per_hour": -5}}, "inhouse.wage_usd_per_hour", "must be >= 0, got -5"),
    ({"inhouse": {"wage_usd_per_hour": [25, 15]}}, "inhouse.wage_usd_per_hour", "low 25 > high"),
    ({"inhouse": {"shrinkage": [0.2, 0.1, 0.3]}}, "inhouse.shrinkage", "mode 0.1 outside"),
    ({"inhouse": {"shrinkage": 1.2}}, "inhouse.shrinkage", "below 1"),
    ({"inhouse": {"wages": 3}}, "inhouse.wages", "unknown key"),
    ({"options": [{"region": "india", "pricing_model": "dedicated_hourly"}]},
     "options[0].name", "is required"),
    ({"options": [{"name": "x", "region": "india", "pricing_model": "barter"}]},
     "options[0].pricing_model", "shared_per_minute"),
    ({"options": [{"name": "x", "region": "india", "pricing_model": "commission_only"}]},
     "options[0]", "needs commission_usd_per_sale"),
    ({"quotes": [{"vendor": "v", "region": "india", "pricing_model": "dedicated_hourly",
                  "rate": 9, "date": "2026-01-01"}]}, "quotes[0].source", "is required"),
    ({"hybrids": [{"name": "h", "split": "hours", "vendor": {
        "region": "india", "pricing_model": "shared_per_minute"}}]}, "hybrids[0]",
     "needs 'inhouse_hours'"),
    ({"currency": {"code": "EUR", "per_usd": -1}}, "currency.per_usd", "greater than 0"),
    ({"targets": {"service_level": 1.5}}, "targets.service_level", "less than 1"),
])
def test_bad_scenarios_name_the_key_path(patch, path, reason):
    message = _error({**BASE, **patch})
    assert message.startswith(f"{path}: "), message
    assert reason in message


def test_not_a_mapping_and_missing_file(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("- just\n- a list\n")
    with pytest.raises(InvalidInput, match="YAML mapping"):
        load_scenario(bad)
    with pytest.raises(NotFound):
        load_scenario(tmp_path / "missing.yaml")


def test_range_shorthands():
    s = parse_scenario({**BASE, "inhouse": {"wage_usd_per_hour": 20, "shrinkage": [0.2, 0.4],
                                            "attrition_per_year": [0.3, 0.35, 0.5],
                                            "benefits_load": {"low": 0.2, "high": 0.3,
                                                              "dist": "uniform"}}})
    r = s.inhouse
    assert (r.wage_usd_per_hour.low, r.wage_usd_per_hour.high) == (20, 20)
    assert r.shrinkage.to_range().central == pytest.approx(0.3)
    assert r.attrition_per_year.mode == 0.35 and r.benefits_load.dist == "uniform"


def test_weekly_workload_is_annualised():
    wd = scenario_workload(parse_scenario(BASE), Path("."))
    assert wd.calls.size == 168 and wd.calls.sum() == 240
    assert wd.annual_factor == pytest.approx(365 / 7)
    assert wd.weekday[24] == 1 and wd.hour[25] == 1.0


def test_bundled_and_docs_examples_load():
    for path in (BUNDLED, DOCS):
        s = load_scenario(path)
        wd = scenario_workload(s, path.parent)
        assert wd.calls.size == 168 and wd.annual_factor == pytest.approx(365 / 7, rel=1e-3)
        assert s.options and s.quotes and s.hybrids
    assert np.isclose(scenario_workload(load_scenario(BUNDLED), BUNDLED.parent).calls.sum(),
                      scenario_workload(load_scenario(DOCS), DOCS.parent).calls.sum())


def test_default_card_has_playbook_rows_with_source_and_date():
    card = default_card()
    assert len([r for r in card.rows.values() if r.kind == "hourly"]) == 9
    for row in card.rows.values():
        assert "playbook" in row.source and row.date
    assert card.lookup("india", "dedicated_hourly").range.low == 5
    assert card.lookup("india", "shared_per_minute").region == "international"
    assert card.lookup("us_canada", "dedicated_hourly").range.high == 28
    assert card.lookup("australia", "shared_per_minute") is None
    with pytest.raises(InvalidInput, match="unknown region 'mars'"):
        card.lookup("mars", "dedicated_hourly")


def test_user_card_overrides_and_adds(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[regions]\nkenya = { name = "Kenya", group = "international" }\n'
        '[[rate]]\nregion = "india"\nkind = "hourly"\nlow = 6.5\nhigh = 7.5\n'
        'source = "our RFP"\ndate = 2026-10-01\n'
        '[[rate]]\nregion = "kenya"\nkind = "hourly"\nlow = 4\nhigh = 6\n'
        'source = "our RFP"\ndate = "2026-10-01"\n')
    card = load_cards([path])
    assert card.lookup("india", "dedicated_hourly").range.low == 6.5
    assert card.lookup("india", "dedicated_hourly").source == "our RFP"
    assert card.lookup("kenya", "shared_per_minute").region == "international"
    assert card.lookup("pakistan", "dedicated_hourly").range.low == 6


@pytest.mark.parametrize(("row", "field"), [
    ('region = "india"\nkind = "hourly"\nlow = 9\nhigh = 5\nsource = "s"\ndate = "d"',
     "rate[0]"),
    ('region = "india"\nkind = "hourly"\nlow = -1\nhigh = 5\nsource = "s"\ndate = "d"',
     "rate[0].low"),
    ('region = "india"\nkind = "hourly"\nlow = 1\nhigh = 5\ndate = "d"', "rate[0].source"),
    ('region = "india"\nkind = "hourly"\nlow = 1\nhigh = 5\nsource = "s"', "rate[0].date"),
    ('region = "india"\nkind = "daily"\nlow = 1\nhigh = 5\nsource = "s"\ndate = "d"',
     "rate[0].kind"),
    ('region = "india"\nkind = "hourly"\nhigh = 5\nsource = "s"\ndate = "d"', "rate[0].low"),
])
def test_bad_card_rows_name_the_row(tmp_path, row, field):
    path = tmp_path / "bad.toml"
    path.write_text(f"[[rate]]\n{row}\n")
    with pytest.raises(InvalidInput) as exc:
        load_card(path)
    assert str(exc.value).startswith(f"bad.toml {field}: "), str(exc.value)


def test_yaml_docs_example_is_commented():
    text = DOCS.read_text()
    assert text.count("#") > 30
    assert yaml.safe_load(text)["workload"]["file"].endswith("workload_bank_week.csv")
