"""Vendor services on SQLite and on PostgreSQL: registry, pricing through the cost model,
test calls, nothing half-written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from outsource.data.scenario import load_scenario_inputs
from outsource.data.vendor_files import load_vendor_file, parse_vendor
from outsource.errors import Conflict, InvalidInput, NotFound
from outsource.schemas.vendors import QuoteIn, TestCallIn
from outsource.services import vendors as svc
from outsource.services.plan import run_plan
from outsource.services.scenarios import set_scenario, show_scenario
from outsource.services.workspace import open_workspace

EXAMPLES = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "vendors"
TODAY = date(2026, 4, 20)
#: A small, fast scenario: one inline week of voice.
SCENARIO = {
    "name": "small shop",
    "workload": {"weekly": {"aht_s": 300, "patience_s": 180, "calls": {
        d: [0] * 9 + [20] * 8 + [0] * 7 for d in ("mon", "tue", "wed", "thu", "fri")}}},
    "targets": {"service_level": 0.8, "answer_within_s": 20},
    "advice": {"answers": {"languages": ["en", "es"], "data_rules": ["PCI DSS"],
                           "business_hours": "Mon-Fri 09:00-17:00 America/New_York"}},
}


@pytest.fixture
def ws(tmp_path, migrated_db_url):
    w = open_workspace(tmp_path / "ws", url=migrated_db_url)
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    set_scenario(w, path)
    return w


def test_add_list_show(ws):
    res = svc.add_vendor(ws, load_vendor_file(EXAMPLES / "andes-bogota.yaml"), today=TODAY)
    assert res.vendor == "andes-bogota" and res.quotes == 1
    assert "Labour-law check (CO)" in res.missing
    assert any("PCI DSS" in p for p in res.problems)
    lst = svc.list_vendors(ws, today=TODAY)
    assert [v.name for v in lst.vendors] == ["andes-bogota"] and lst.vendors[0].missing == 2
    d = svc.show_vendor(ws, "andes-bogota", draws=200, today=TODAY)
    assert d.vendor.languages == ["en", "es"] and d.vendor.sites[0].country == "CO"
    assert d.pricing is not None and d.pricing.quotes[0].card_option is not None
    assert d.vendor.labour_checks == []  # not on file, and shown so


def test_duplicate_vendor_is_a_conflict_and_nothing_changes(ws, db_snapshot):
    svc.add_vendor(ws, load_vendor_file(EXAMPLES / "acme-manila.yaml"), today=TODAY)
    before = db_snapshot(ws)
    with pytest.raises(Conflict):
        svc.add_vendor(ws, load_vendor_file(EXAMPLES / "acme-manila.yaml"), today=TODAY)
    assert db_snapshot(ws) == before


def test_region_not_on_the_card_writes_nothing(ws, db_snapshot):
    before = db_snapshot(ws)
    with pytest.raises(InvalidInput, match="not on the rate card") as err:
        svc.add_vendor(ws, parse_vendor({"regions": ["india", "mars"]}, None, "x"))
    assert err.value.loc == ("regions", 1)
    with pytest.raises(InvalidInput) as err:
        svc.add_vendor(ws, parse_vendor({"sites": [{"name": "a", "region": "moon"}]}, None, "x"))
    assert err.value.loc == ("sites", 0, "region")
    with pytest.raises(InvalidInput, match="at least one region"):
        svc.add_vendor(ws, parse_vendor({}, None, "x"))
    assert db_snapshot(ws) == before


def test_quote_priced_equals_the_cost_model(ws, tmp_path):
    svc.add_vendor(ws, parse_vendor({"regions": ["asia_philippines"]}, None, "acme"))
    q = QuoteIn(pricing_model="dedicated_hourly", rate=11.5, valid_until="2027-03-31",
                received_on="2026-03-25")
    added = svc.add_quote(ws, "acme", q, draws=500, seed=3, today=TODAY)
    assert added.quote.region == "asia_philippines" and added.id > 0
    priced = added.pricing
    (pq,) = priced.quotes
    # the same quote written into the scenario file, priced by `outsource plan`'s service
    data = {**SCENARIO, "quotes": [{"vendor": "acme", "region": "asia_philippines",
                                    "pricing_model": "dedicated_hourly", "rate": 11.5,
                                    "source": "quote", "date": "2026-03-25"}]}
    path = tmp_path / "with_quote.yaml"
    path.write_text(yaml.safe_dump(data))
    plan = run_plan(load_scenario_inputs(path), draws=500, seed=3)
    opt = next(o for o in plan.options if o.name.startswith("Quote: acme"))
    inhouse = next(o for o in plan.options if o.pricing_model == "in_house")
    assert pq.annual_cost_usd == pytest.approx(opt.annual_cost_usd, rel=1e-12)
    assert pq.deterministic_usd == pytest.approx(opt.deterministic_usd, rel=1e-12)
    assert pq.fte == pytest.approx(opt.fte)
    assert priced.inhouse_annual_cost_usd == pytest.approx(inhouse.annual_cost_usd)
    card = next(o for o in plan.options if o.name == pq.card_option)
    assert pq.card_annual_cost_usd == pytest.approx(card.annual_cost_usd)


def test_expired_quote_is_flagged(ws):
    svc.add_vendor(ws, parse_vendor({"regions": ["india"]}, None, "old"))
    q = QuoteIn(pricing_model="shared_per_minute", rate=0.4, valid_until="2026-01-31")
    p = svc.add_quote(ws, "old", q, draws=200, today=TODAY).pricing
    assert p.quotes[0].expired and any("expired" in n for n in p.notes)
    assert svc.list_vendors(ws, today=TODAY).vendors[0].current_quotes == 0


def test_quote_errors_write_nothing(ws, db_snapshot):
    svc.add_vendor(ws, parse_vendor({"regions": ["india"]}, None, "v"))
    before = db_snapshot(ws)
    with pytest.raises(InvalidInput, match="not one of the vendor's regions") as err:
        svc.add_quote(ws, "v", QuoteIn(pricing_model="dedicated_hourly", rate=9,
                                       region="latin_america"), draws=200)
    assert err.value.loc == ("region",)
    with pytest.raises(NotFound, match="no vendor 'w'"):
        svc.add_quote(ws, "w", QuoteIn(pricing_model="dedicated_hourly", rate=9), draws=200)
    assert db_snapshot(ws) == before


def test_test_calls_one_by_one_and_imported_once(ws, tmp_path, db_snapshot):
    svc.add_vendor(ws, parse_vendor({"regions": ["india"]}, None, "v"))
    res = svc.add_test_call(ws, "v", TestCallIn(called_on="2026-03-02", scenario="refund",
                                                wait_s=12, clarity=4))
    assert res.summary.n == 1 and res.summary.few_calls
    p = tmp_path / "calls.csv"
    p.write_text("vendor,date,scenario,handled,clarity\n"
                 "v,2026-03-03,where is my order,yes,5\nv,2026-03-04,cancel,no,\n")
    first = svc.import_test_calls(ws, p)
    assert first.imported == 2 and first.by_vendor == {"v": 2}
    before = db_snapshot(ws)
    again = svc.import_test_calls(ws, p)
    assert again.already_imported and db_snapshot(ws) == before


def test_import_with_an_unknown_vendor_writes_nothing(ws, tmp_path, db_snapshot):
    svc.add_vendor(ws, parse_vendor({"regions": ["india"]}, None, "v"))
    p = tmp_path / "calls.csv"
    p.write_text("vendor,date,scenario,handled\nv,2026-03-03,a,yes\nw,2026-03-04,b,yes\n")
    before = db_snapshot(ws)
    with pytest.raises(NotFound) as err:
        svc.import_test_calls(ws, p)
    assert (err.value.line, err.value.column) == (3, "vendor")
    assert db_snapshot(ws) == before


def test_scenario_is_stored_in_the_database(ws):
    info = show_scenario(ws)
    assert info.name == "small shop" and "weekly" in info.yaml
