"""Billable handle time per vendor, channel and month, written once in Ibis (DuckDB or Spark).

What per-minute (shared) pricing bills: the handle time (talk + hold +
after-contact work) of each answered contact, **rounded up per contact** to
the billing increment, summed and divided by 60. Call-centre billing
auditors rebuild billable time this way from the switch's own records
rather than from the vendor's report (domain notes, "What vendor managers
use today"); per-contact rounding is how a billing increment works (a 6-s
increment bills a 61-s call as 66 s).

Months are calendar months in the given time zone (the contract's), computed
by the same local-period arithmetic as the KPI pipeline
(:func:`outsource.data.analytics.kpis._period_key`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa

from outsource.core.business_time import OffsetSteps
from outsource.data.analytics.kpis import _epoch_s, _period_key, canonical
from outsource.schemas.monitoring import UNKNOWN

if TYPE_CHECKING:  # pragma: no cover
    import ibis.expr.types as ir

_COLUMNS = ("vendor", "channel", "arrived_at", "outcome", "handle_s")


def billable_expr(table: ir.Table, steps: OffsetSteps, increments_s: tuple[float, ...],
                  vendor: str | None = None) -> ir.Table:
    """Per vendor x channel x month key: answered contacts with a handle time, their
    handle seconds, and their billed seconds at each increment (``billed_s_0``, ...).

    Parameters
    ----------
    table : ibis Table of canonical interactions (any backend).
    steps : UTC offsets of the months' time zone over the log's span.
    increments_s : billing increments [s]; 0 bills exact seconds.
    vendor : only this vendor's contacts (all when None).
    """
    t = canonical(table, columns=_COLUMNS)
    t = t.filter((t.outcome == "answered") & t.handle_s.notnull())
    if vendor is not None:
        t = t.filter(t.vendor == vendor)
    e = _epoch_s(t.arrived_at)
    t = t.mutate(vendor=t.vendor.fill_null(UNKNOWN), channel=t.channel.fill_null("voice"),
                 period_key=_period_key(e, steps, "month", 0),
                 handle=t.handle_s.clip(lower=0.0))
    aggs: dict[str, Any] = {"contacts": t.count(), "handle_s": t.handle.sum()}
    for k, inc in enumerate(increments_s):
        billed = (t.handle / float(inc)).ceil().cast("float64") * float(inc) if inc > 0 \
            else t.handle
        aggs[f"billed_s_{k}"] = billed.sum()
    return t.group_by(["vendor", "channel", "period_key"]).aggregate(**aggs)


def billable_rows(table: ir.Table, steps: OffsetSteps, increments_s: tuple[float, ...],
                  vendor: str | None = None) -> pa.Table:
    """Execute :func:`billable_expr`; ``period_key`` is ``year x 12 + month - 1`` (local)."""
    return billable_expr(table, steps, increments_s, vendor).to_pyarrow()
