"""Invoice check on the tiny hand-worked log (``sla_fixtures``): billable minutes with
the contract's 30 s increment, hours from an agent-state log, the overbilled line, a line
for a pricing model the contract lacks, bad rows refused whole with file/line/column."""

from __future__ import annotations

import math

import pytest
from sla_fixtures import BILLABLE_MIN, EXACT_MIN, make_workspace

from outsource.errors import InvalidInput
from outsource.services.invoices import check_invoice, list_invoices

HEAD = "vendor,period,line,quantity,unit,unit_price,channel\n"
STATES = ("agent,vendor,state,start,end\n"
          "a1,acme-manila,available,2026-10-05T09:00:00,2026-10-05T13:00:00\n"
          "a1,acme-manila,offline,2026-10-05T13:00:00,2026-10-05T14:00:00\n"
          "a1,acme-manila,available,2026-09-30T23:00:00,2026-10-01T01:00:00\n")


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("inv") / "ws")


def _lines(res):
    return {ln.line: ln for ln in res.invoices[0].lines}


def test_billable_minutes_hours_and_the_overbilled_line(ws):
    text = HEAD + ("acme-manila,2026-10,M1,13.5,minute,0.50,\n"
                   "acme-manila,2026-10,M2,15,minute,0.50,voice\n"
                   "acme-manila,2026-10,H1,5,hours,20,\n"
                   "acme-manila,2026-10,A1,2,agent_month,3000,\n")
    res = check_invoice(ws, text.encode(), name="inv.csv", agent_states=STATES.encode(),
                        store=False)
    ln = _lines(res)
    # 810 s of handle time after rounding each contact up to 30 s (697 s exact)
    assert math.isclose(ln["M1"].supported_quantity, BILLABLE_MIN)
    assert BILLABLE_MIN > EXACT_MIN
    assert ln["M1"].status == "ok" and ln["M1"].billing_increment_s == 30
    assert ln["M2"].status == "overbilled" and ln["M2"].overbilled
    assert math.isclose(ln["M2"].difference_usd, (15 - 13.5) * 0.50)
    # 4 h available on 5 October + 1 h of the span crossing midnight into October (New
    # York time); offline does not count
    assert math.isclose(ln["H1"].supported_quantity, 5.0) and ln["H1"].status == "ok"
    assert ln["A1"].status == "not_in_contract" and ln["A1"].overbilled
    assert math.isclose(ln["A1"].difference_usd, 6000.0)
    inv = res.invoices[0]
    assert inv.overbilled_lines == 2 and math.isclose(inv.overbilled_usd, 6000.75)
    assert inv.timezone == "America/New_York" and not inv.stored


def test_stored_once_and_listed(ws):
    text = (HEAD + "acme-manila,2026-10,M1,14,minute,0.50,\n").encode()
    first = check_invoice(ws, text, name="oct.csv")
    again = check_invoice(ws, text, name="oct.csv")
    assert first.invoices[0].stored and again.invoices[0].already_imported
    assert first.invoices[0].id == again.invoices[0].id
    stored = list_invoices(ws, vendor="acme-manila", period="2026-10").invoices
    assert len(stored) == 1 and stored[0].lines[0].status == "overbilled"


@pytest.mark.parametrize("row, line, column", [
    ("acme-manila,2026-10,X,-3,minute,0.50,", 2, "quantity"),
    ("nobody,2026-10,X,3,minute,0.50,", 2, "vendor"),
    ("acme-manila,2026-08,X,3,minute,0.50,", 2, "period"),  # before the contract starts
    ("acme-manila,2026-10,X,3,fortnight,0.50,", 2, "unit"),
    ("acme-manila,2026-10,X,3,minute,0.50,fax", 2, "channel"),
])
def test_bad_rows_are_refused_whole(ws, row, line, column):
    text = HEAD + "acme-manila,2026-10,OK,1,minute,0.50,\n"
    text = HEAD + row + "\n" + text[len(HEAD):]
    before = len(list_invoices(ws).invoices)
    with pytest.raises(InvalidInput) as e:
        check_invoice(ws, text.encode(), name="bad.csv")
    assert (e.value.source, e.value.line, e.value.column) == ("bad.csv", line, column)
    assert len(list_invoices(ws).invoices) == before  # nothing stored
