"""A tiny hand-worked vendor log and contract shared by the SLA and invoice tests.

acme-manila, contract from 2026-09-01 in America/New_York, no baseline, fees
$10,000 a month, 10 % at risk ($1,000), service level (answered within 20 s /
(offered - abandons under 5 s)) >= 80 % carrying 60 %, abandon rate <= 25 %
carrying 40 %.

September (New York time): 5 answered within 20 s, and one abandoned after 40 s
at 2026-10-01T02:00Z = 30 September 22:00 local: offered 6, SL 5/6, abandon 1/6:
both met.

October: 6 answered within 20 s (one at 2026-11-01T03:30Z = 31 October 23:30
local), 2 answered after 30 s, one abandoned after 3 s (a short abandon), one
after 40 s: offered 10, SL = 6 / (10 - 1) = 66.7 % < 80 % (missed: credit 60 % x
$1,000 = $600), abandon 2/10 = 20 % <= 25 % (met). Counted in UTC the month
would differ (SL 5/9, abandon 3/10), so the boundary matters.

Handle times of October's answered contacts [s]: 61, 30, 125, 59, 1, 300, 90,
31: 697 s exactly; each rounded up to 30 s: 90 + 30 + 150 + 60 + 30 + 300 + 90
+ 60 = 810 s = 13.5 billable minutes.
"""

from __future__ import annotations

from pathlib import Path

from outsource.data import synthetic

CONTRACT = """\
vendor: acme-manila
start: 2026-09-01
term_months: 12
renewal: none
notice_days: 30
timezone: America/New_York
fees_usd_per_month: 10000
at_risk_pct: 10
baseline_months: 0
earn_back_months: 2
chronic_failure: {misses: 3, of_months: 6}
exit_assistance_months: 3
data_return_days: 30
pricing:
  - {model: shared_per_minute, rate: 0.50, billing_increment_s: 30}
  - {model: dedicated_hourly, rate: 20.0, bill_on: productive}
metrics:
  - {metric: service_level, formula: offered_excl_short, answer_within_s: 20,
     short_abandon_s: 5, target: 0.80, allocation_pct: 60}
  - {metric: abandon_rate, target: 0.25, allocation_pct: 40}
"""

OCT_HANDLE_S = (61, 30, 125, 59, 1, 300, 90, 31)
BILLABLE_MIN = 13.5
EXACT_MIN = 697 / 60


def _rec(i: int, at: str, outcome: str, wait: float, handle: float | None = None) -> dict:
    return dict(id=f"c{i}", vendor="acme-manila", channel="voice", queue="q1", arrived_at=at,
                outcome=outcome, wait_s=wait, handle_s=handle, customer_id=f"k{i}")


def records() -> list[dict]:
    recs = [_rec(i, f"2026-09-{10 + i:02d}T15:00:00Z", "answered", 10, 100) for i in range(5)]
    recs.append(_rec(5, "2026-10-01T02:00:00Z", "abandoned", 40))  # 30 Sep, 22:00 New York
    h = OCT_HANDLE_S
    recs += [_rec(10 + i, f"2026-10-{10 + i:02d}T15:00:00Z", "answered", 10, h[i])
             for i in range(5)]
    recs.append(_rec(15, "2026-11-01T03:30:00Z", "answered", 10, h[5]))  # 31 Oct, 23:30 NY
    recs += [_rec(16, "2026-10-20T15:00:00Z", "answered", 30, h[6]),
             _rec(17, "2026-10-21T15:00:00Z", "answered", 30, h[7]),
             _rec(18, "2026-10-22T15:00:00Z", "abandoned", 3),
             _rec(19, "2026-10-23T15:00:00Z", "abandoned", 40)]
    # a vendor without a contract: listed by the SLA results, never assessed
    recs.append({**_rec(90, "2026-10-12T15:00:00Z", "answered", 5, 50), "vendor": "ghost"})
    return recs


def make_workspace(path: Path):  # type: ignore[no-untyped-def]
    """The workspace: the vendor, its contract and the log."""
    from outsource.data.db.models.vendors import Vendor
    from outsource.data.db.repositories import VendorRepository
    from outsource.services.stored_contracts import add_contract
    from outsource.services.workspace import open_workspace

    ws = open_workspace(path)
    with ws.transaction() as s:
        VendorRepository(s).add(Vendor(name="acme-manila", regions=["asia_philippines"]))
    add_contract(ws, CONTRACT.encode(), source="contract.yaml")
    synthetic.store(ws.path, iter([synthetic.from_records(records())]), "sla-log")
    return ws
