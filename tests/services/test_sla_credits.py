"""SLA results and credits through the contract engine on a month built to miss one metric
(hand-computed in ``sla_fixtures``), the contract's time zone, hand figures, bad input."""

from __future__ import annotations

import math

import pytest
from sla_fixtures import make_workspace

from outsource.errors import InvalidInput, NotFound
from outsource.services.sla import sla_results, termination_rights


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("sla") / "ws")


def _rows(res):
    return {r.metric: r for r in res.rows}


def test_october_misses_the_service_level_only(ws):
    res = sla_results(ws, "2026-10")
    rows = _rows(res)
    sl, ab = rows["service_level"], rows["abandon_rate"]
    # 6 answered within 20 s / (10 offered - 1 short abandon), counted from the contacts
    assert sl.numerator == 6 and sl.denominator == 9
    assert math.isclose(sl.value, 6 / 9)
    assert sl.met is False and sl.status == "missed" and sl.kpi == "sl_excl_short"
    assert math.isclose(sl.credit_usd, 600.0)  # 60 % x (10 % x $10,000)
    assert math.isclose(ab.value, 0.2) and ab.met is True and ab.credit_usd == 0
    v = res.vendors[0]
    assert v.vendor == "acme-manila" and v.timezone == "America/New_York"
    assert math.isclose(v.credits_usd, 600.0) and math.isclose(v.cap_usd, 1000.0)
    assert math.isclose(v.net_usd, 600.0) and v.earned_back_usd == 0
    assert v.chronic_failure is False and v.termination_right is False
    assert v.period_start.isoformat() == "2026-10-01T00:00:00-04:00"
    assert v.missed_metrics == ["service_level"]
    assert res.uncontracted_vendors == ["ghost"]


def test_september_is_counted_in_new_york_time(ws):
    rows = _rows(sla_results(ws, "2026-09"))
    # the abandon at 02:00 UTC on 1 October is 30 September in New York
    assert math.isclose(rows["service_level"].value, 5 / 6)
    assert math.isclose(rows["abandon_rate"].value, 1 / 6)
    assert all(r.met and r.credit_usd == 0 for r in rows.values())


def test_history_trend_and_forecast(ws):
    res = sla_results(ws, "2026-10")
    assert [(r.month, r.metric) for r in res.history][:2] == [
        ("2026-09", "service_level"), ("2026-09", "abandon_rate")]
    t = {x.metric: x for x in res.trends}["service_level"]
    assert t.months == ["2026-09", "2026-10"] and t.met == [True, False]
    assert t.forecast_month == "2026-11"
    assert math.isclose(t.values[1], 6 / 9)


def test_earn_back_and_chronic_failure_in_the_engine(ws, tmp_path):
    """A hand figure: November's service level met, then December's too, returns
    October's credit (earn-back over 2 months) in December."""
    figs = tmp_path / "figures.csv"
    figs.write_text("vendor,month,metric,value,note\n"
                    "acme-manila,2026-11,service_level,0.9,survey\n"
                    "acme-manila,2026-12,service_level,0.9,survey\n"
                    "acme-manila,2026-11,abandon_rate,0.1,\n"
                    "acme-manila,2026-12,abandon_rate,0.1,\n")
    res = sla_results(ws, "2026-12", figures=figs)
    v = res.vendors[0]
    assert math.isclose(v.earned_back_usd, 600.0) and v.credits_usd == 0
    assert math.isclose(v.net_usd, -600.0)
    assert {r.value_source for r in res.rows} == {"hand"}


def test_termination_rights_none_here(ws):
    from datetime import date

    rights = termination_rights(ws, date(2026, 10, 15))
    assert rights["acme-manila"][0] is False


def test_bad_input(ws, tmp_path):
    with pytest.raises(InvalidInput) as e:
        sla_results(ws, "2026-13")
    assert e.value.field == "period"
    with pytest.raises(NotFound):
        sla_results(ws, "2026-08", vendor="acme-manila")  # before the contract starts
    assert sla_results(ws, "2026-08").not_covered[0].vendor == "acme-manila"
    figs = tmp_path / "f.csv"
    figs.write_text("vendor,month,metric,value\nacme-manila,2026-10,csat,4.5\n")
    with pytest.raises(InvalidInput) as e:
        sla_results(ws, "2026-10", figures=figs)
    assert e.value.line == 2 and e.value.column == "metric"


def test_stored_test_calls_reach_the_warning_rules(tmp_path):
    """``vendor_test_calls`` hands the registry's test calls to the test-call rule."""
    from datetime import date

    from sla_fixtures import make_workspace as make

    from outsource.data.db.repositories import VendorRepository
    from outsource.schemas.vendors import TestCallIn
    from outsource.services.monitoring import vendor_test_calls
    from outsource.services.vendors import call_model

    w = make(tmp_path / "ws")
    calls = [TestCallIn(called_on=date(2026, 10, 5), scenario="order", wait_s=45.0),
             TestCallIn(called_on=date(2026, 10, 6), scenario="refund", channel="email",
                        resolved=True)]
    with w.transaction() as s:
        repo = VendorRepository(s)
        repo.add_test_calls(repo.get("acme-manila"), [call_model(c) for c in calls])
    got = vendor_test_calls(w.path)["acme-manila"]
    assert got.month == ("2026-10", "2026-10")
    assert got.live.tolist() == [True, False] and got.wait_s[0] == 45.0
    assert math.isnan(got.resolved[0]) and got.resolved[1] == 1.0
