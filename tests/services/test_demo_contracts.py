"""The demo's contracts: one per cast vendor, from 2026-05-01, seeded once."""

from __future__ import annotations

from datetime import date

from outsource.services.demo import CAST, SEED_STEPS, seed_contracts, seed_vendors
from outsource.services.stored_contracts import contract_for_month, list_contracts, show_contract
from outsource.services.workspace import open_workspace


def test_three_contracts_seeded_idempotently(tmp_path, db_snapshot):
    ws = open_workspace(tmp_path / "ws", url=f"sqlite:///{tmp_path / 'o.db'}")
    assert seed_contracts(ws) == "already there"  # no vendors yet: nothing to add
    seed_vendors(ws)
    assert seed_contracts(ws) == f"added {', '.join(CAST)}"
    before = db_snapshot(ws)
    assert seed_contracts(ws) == "already there"
    assert db_snapshot(ws) == before
    listed = list_contracts(ws)
    assert [c.vendor for c in listed.contracts] == list(CAST)
    assert all(c.start == date(2026, 5, 1) and c.version == 1 for c in listed.contracts)
    terms = {v: show_contract(ws, v, as_of=date(2026, 10, 1)) for v in CAST}
    for v, shown in terms.items():
        c = shown.contract
        assert 10 <= c.at_risk_pct <= 12 and shown.warnings == [], v
        m = {x.metric: x for x in c.metrics}
        sl = m["service_level"]
        assert (sl.formula, sl.target, sl.answer_within_s) == ("offered_excl_short", 0.8, 20)
        assert {"abandon_rate", "repeat_rate", "email_response"} <= set(m)
        assert m["repeat_rate"].window_days == 7
        e = m["email_response"]
        assert e.within_business_hours == 24 and e.calendar.holidays == "us"
        assert contract_for_month(ws, v, "2026-10").contract_month == 6
    assert len({str(s.contract.model_dump()) for s in terms.values()}) == 3  # they differ
    csat = [v for v, s in terms.items() if any(x.metric == "csat" for x in s.contract.metrics)]
    assert len(csat) == 1
    assert next(x for x in terms[csat[0]].contract.metrics if x.metric == "csat"
                ).allocation_pct == 0
    sliding = [v for v, s in terms.items() if isinstance(
        s.contract.termination_for_convenience.fee_pct_of_remaining, list)]
    assert sliding == ["prairie-ohio"]
    names = [s.name for s in SEED_STEPS]
    assert names.index("contracts") > names.index("vendors")
