"""The demo workspace, the scorecard on it and the hand-over brief from its logs."""

from __future__ import annotations

from datetime import date

import pytest

from outsource.data import store
from outsource.errors import InvalidInput
from outsource.reports.brief import render_html, render_markdown
from outsource.schemas.base import dumps
from outsource.services.brief import build_brief
from outsource.services.demo import CAST, SEED_STEPS, contact_log, run_demo, seeded_test_calls
from outsource.services.scoring import score_vendors
from outsource.services.vendors import list_vendors, show_vendor
from outsource.services.workspace import open_workspace

TODAY = date(2026, 4, 20)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    ws = open_workspace(tmp_path_factory.mktemp("demo") / "ws",
                        url=f"sqlite:///{tmp_path_factory.mktemp('db') / 'o.db'}")
    run_demo(ws)
    return ws


def test_the_cast_is_seeded(demo):
    vendors = list_vendors(demo, today=TODAY).vendors
    assert [v.name for v in vendors] == list(CAST)
    assert all(v.test_calls == 12 for v in vendors)
    assert [v.regions for v in vendors] == [["asia_philippines"], ["latin_america"],
                                            ["us_canada"]]
    andes = show_vendor(demo, "andes-bogota", draws=200, today=TODAY)
    assert "Labour-law check (CO)" in andes.diligence.missing
    assert any("PCI DSS" in p for p in andes.diligence.problems)


def test_demo_again_changes_nothing(demo, db_snapshot):
    before = db_snapshot(demo)
    with store.connect(demo.path, create=False) as con:
        n = con.execute("SELECT count(*) FROM interactions").fetchone()[0]
    res = run_demo(demo)
    assert all(s.result == "already there" for s in res.steps)
    assert db_snapshot(demo) == before
    with store.connect(demo.path, create=False) as con:
        assert con.execute("SELECT count(*) FROM interactions").fetchone()[0] == n


def test_seeded_data_is_reproducible():
    assert seeded_test_calls("acme-manila") == seeded_test_calls("acme-manila")
    a, b = contact_log(weeks=1), contact_log(weeks=1)
    assert (a["arrived_at"] == b["arrived_at"]).all() and (a["queue"] == b["queue"]).all()
    assert [s.name for s in SEED_STEPS][:1] == ["scenario"]


def test_scorecard_on_the_demo(demo):
    sc = score_vendors(demo, draws=300, dirichlet_draws=2000, today=TODAY)
    rows = {r.vendor: r for r in sc.rows}
    assert sorted(r.rank for r in sc.rows) == [1, 2, 3] and sc.winner == sc.rows[0].vendor
    andes = rows["andes-bogota"]
    assert andes.missing == ["labour_compliance"] and andes.criteria["labour_compliance"] is None
    assert andes.score_low < andes.score < andes.score_high and andes.coverage_share < 1
    assert rows["prairie-ohio"].annual_cost_usd > rows["acme-manila"].annual_cost_usd
    assert rows["acme-manila"].criteria["cost"] == 1.0
    win = sc.rows[0].stability
    assert win.role == "winner" and win.one_weight.new_winner != sc.winner
    assert sum(r.stability.win_share for r in sc.rows) == pytest.approx(1)
    assert set(sc.frontier) <= set(CAST) and sc.frontier
    assert b'"stability"' in dumps(sc)
    assert any("expired" in n for n in sc.notes)  # acme's first proposal


def test_weights_file_decides(demo, tmp_path):
    p = tmp_path / "w.yaml"
    p.write_text("cost: 1\n")
    sc = score_vendors(demo, weights=p, draws=300, dirichlet_draws=500, today=TODAY)
    assert sc.winner == "acme-manila"  # cheapest
    p.write_text("cost: 0\ndata_protection: 0\n")
    with pytest.raises(InvalidInput, match="positive total") as err:
        score_vendors(demo, weights=p, draws=300, today=TODAY)
    assert err.value.source == str(p)
    p.write_text("cost: 1\nspeed: 2\n")
    with pytest.raises(InvalidInput, match="unknown criterion") as err:
        score_vendors(demo, weights=p, draws=300, today=TODAY)
    assert err.value.loc == ("speed",)


def test_brief_from_the_demo_logs(demo):
    b = build_brief(demo, vendor="acme-manila")
    assert b.contacts > 30_000 and b.buyer == "Northwind Outfitters"
    assert sum(r.contacts for r in b.reasons) == b.contacts
    assert sum(r.share for r in b.reasons) == pytest.approx(1)
    assert [r.contacts for r in b.reasons] == sorted((r.contacts for r in b.reasons),
                                                     reverse=True)
    assert {c.key for c in b.channels} == {"voice", "chat", "email"}
    assert len(b.peak_hours) == 3 and all(8 <= h < 20 for h in b.peak_hours)
    assert sum(b.hourly_contacts) == b.contacts
    for r in b.reasons:
        assert 0 <= r.repeat_share <= 1 and 0 <= r.transfer_share <= 1
    billing = next(r for r in b.reasons if r.key == "billing and payments")
    assert billing.transfer_share > next(r for r in b.reasons
                                         if r.key == "order status").transfer_share
    assert b.vendor.languages_missing == ["es"] and b.languages == ["en", "es"]
    assert len(b.decision_rights) == 6
    md, html = render_markdown(b), render_html(b)
    assert "| order status |" in md and "refund an order" in md and "lacks es" in md
    assert html.startswith("<!doctype html>") and "<table>" in html and "order status" in html


def test_brief_without_logs_says_so(tmp_path):
    ws = open_workspace(tmp_path / "empty", url=f"sqlite:///{tmp_path / 'o.db'}")
    b = build_brief(ws)
    assert b.contacts == 0 and any("no contact log" in n for n in b.notes)
    assert "No contact log is imported" in render_markdown(b)
