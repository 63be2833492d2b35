"""Invoice check: each billed line against what the vendor's own logs support; stored.

Call-centre billing auditors find that vendor invoices err, mostly in the vendor's
favour, and rebuild billable time from switch and agent-state data rather than
the vendor's reports (domain notes, "What vendor managers use today"). Here:

* **Which price.** The contract's ``pricing`` block (the signed terms) when it has
  one, else the vendor's quotes in the registry valid in the month billed (the
  newest received per model). A ``month`` line is checked against the contract's
  fixed ``fees_usd_per_month``.
* **Per-minute lines** (``unit: minute`` -> ``shared_per_minute``): the billable
  handle minutes of the vendor's answered contacts arriving in the month (the
  contract's time zone), each contact rounded up to the billing increment
  (:mod:`outsource.data.analytics.billing`, DuckDB or Spark); a ``channel`` on the
  line limits it to that channel.
* **Hourly lines** (``unit: hour`` -> ``dedicated_hourly``): the hours the
  vendor's agents spent in billable states in the month from an agent-state log
  when one is given (productive states, or every logged-in state when the pricing
  bills ``scheduled`` hours), otherwise the hours the logged workload required by
  the staffing engine (Erlang C per 30-minute interval at the contract's
  service-level target, as ``outsource capacity`` computes them).
* **Difference in money** per line: billed (quantity x unit price) minus supported
  (supported quantity x the agreed rate); a line more than half a cent above is
  **overbilled**, as is any line for a pricing model the contract lacks (nothing
  supports it). What the logs cannot tell (agent-months, scheduled hours without a
  log, hours per channel against a log without channels) is listed as
  ``unverified``, never dropped.

Bad files are errors naming the file, line and column (``data.invoice_file``): a
negative quantity, an unknown vendor, a month the vendor's contract does not cover.
The invoice and its checked lines are stored (``invoices``, ``invoice_lines``) in the
service call's one transaction; the same file again is a no-op returning the stored
check (``recheck`` recomputes it and rewrites the check, never what was billed).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from outsource.errors import InvalidInput, NotFound
from outsource.schemas.contracts import Contract, PricingTerm
from outsource.schemas.invoices import (
    InvoiceCheck,
    InvoiceCheckResult,
    InvoiceLineCheck,
    InvoiceList,
)
from outsource.schemas.users import Principal
from outsource.services.authz import authorize, check_vendor, scope_vendor
from outsource.services.workspace import Workspace

#: Invoice unit -> the pricing models it can bill (first match in the pricing wins).
UNIT_MODELS: dict[str, tuple[str, ...]] = {
    "minute": ("shared_per_minute",),
    "hour": ("dedicated_hourly", "outbound_hourly"),
    "agent_month": ("monthly_per_agent",),
    "month": ("fixed_monthly",),
}
#: A line billed more than this above what is supported is overbilled [USD].
TOLERANCE_USD = 0.005
#: Agent states not counted as scheduled (logged-in) time.
NOT_SCHEDULED = frozenset({"offline", "logged_out"})
#: Interval of the staffing engine when hours come from the workload [min].
INTERVAL_MINUTES = 30


def _usd(x: float) -> str:
    return f"${x:,.2f}"


def _qty(x: float, unit: str) -> str:
    return f"{x:,.2f} {unit}{'' if abs(x - 1) < 1e-12 else 's'}"


def _pricing(c: Contract, quotes: list[Any], start: date, end: date
             ) -> dict[str, tuple[PricingTerm, str]]:
    """Model -> (term, source): the contract's block, else the quotes valid in the month."""
    if c.pricing:
        return {p.model: (p, "contract") for p in c.pricing}
    out: dict[str, tuple[PricingTerm, str]] = {}
    valid = [q for q in quotes if (q.valid_from is None or q.valid_from <= end)
             and (q.valid_until is None or q.valid_until >= start)]
    valid.sort(key=lambda q: (q.received_on, q.id))
    for q in valid:  # newest last: it wins
        if q.pricing_model not in ("shared_per_minute", "dedicated_hourly",
                                   "monthly_per_agent", "outbound_hourly"):
            continue
        shared = q.pricing_model == "shared_per_minute"
        out[q.pricing_model] = (PricingTerm(
            model=q.pricing_model, rate=float(q.rate),
            billing_increment_s=float(q.billing_increment_s) if shared else None,
            bill_on=None if shared or q.pricing_model == "monthly_per_agent" else q.bill_on),
            "quote")
    return out


class _Logs:
    """What the logs say about one vendor-month: minutes per increment, hours required."""

    def __init__(self, table: Any, vendor: str, zone: str, lo_s: int, hi_s: int) -> None:
        self.table, self.vendor, self.zone, self.lo_s, self.hi_s = table, vendor, zone, lo_s, hi_s
        self._minutes: dict[float, dict[str | None, tuple[float, int]]] = {}
        self._hours: dict[str | None, float] | None = None
        self._targets: Any = None

    def _month(self) -> Any:
        from outsource.data.analytics.kpis import month_slice

        return month_slice(self.table, self.lo_s, self.hi_s)

    def minutes(self, increment_s: float, channel: str | None) -> tuple[float, int]:
        """Billable minutes and answered contacts with a handle time, of the month."""
        if increment_s not in self._minutes:
            from outsource.core.business_time import offset_steps
            from outsource.data.analytics.billing import billable_rows

            steps = offset_steps(self.zone, self.lo_s, self.hi_s)
            raw = billable_rows(self._month(), steps, (increment_s,), self.vendor).to_pylist()
            by: dict[str | None, tuple[float, int]] = {None: (0.0, 0)}
            for r in raw:
                m, n = float(r["billed_s_0"] or 0.0) / 60.0, int(r["contacts"])
                for key in (r["channel"], None):
                    old = by.get(key, (0.0, 0))
                    by[key] = (old[0] + m, old[1] + n)
            self._minutes[increment_s] = by
        return self._minutes[increment_s].get(channel, (0.0, 0))

    def required_hours(self, channel: str | None, targets: Any) -> float:
        """Hours the month's logged workload required (staffing engine), per channel."""
        if self._hours is None:
            from outsource.services.monitoring import required_hours_by_channel

            month = self._month()
            if month.count().to_pyarrow().as_py() == 0:
                self._hours = {None: 0.0}
            else:
                need = required_hours_by_channel(month, self.vendor, self.zone, targets,
                                                 INTERVAL_MINUTES)
                hours: dict[str | None, float] = {None: 0.0}
                for (c, s), h in need.items():
                    if self.lo_s <= s < self.hi_s:
                        hours[c] = hours.get(c, 0.0) + h
                        hours[None] += h
                self._hours = hours
        return self._hours.get(channel, 0.0)


def _targets(c: Contract) -> tuple[Any, str]:
    from outsource.core.staffing import Targets

    sl = next((m for m in c.metrics if m.metric == "service_level"), None)
    if sl is None or not 0 < sl.target < 1:
        return Targets(service_level=0.8, answer_within_s=20.0), \
            "80 % within 20 s (the contract has no service-level target to staff for)"
    return Targets(service_level=sl.target, answer_within_s=float(sl.answer_within_s)), \
        f"{sl.target:.0%} within {sl.answer_within_s:g} s, the contract's service level"


def _check_line(ln: Any, c: Contract, pricing: dict[str, tuple[PricingTerm, str]],
                logs: _Logs, states: Any, vendor: str, lo_s: int, hi_s: int,
                period: str) -> dict[str, Any]:
    """The check's columns of one line (``InvoiceLine`` model columns)."""
    import numpy as np

    from outsource.core.capacity import hours_within

    billed = ln.quantity * ln.unit_price
    out: dict[str, Any] = {"pricing_model": None, "pricing_source": None,
                           "contract_rate": None, "billing_increment_s": None,
                           "supported_quantity": None, "supported_usd": None,
                           "difference_usd": 0.0, "overbilled": False, "basis": None}
    models = UNIT_MODELS[ln.unit]
    if ln.unit == "month":
        out["pricing_model"] = "fixed_monthly"
        if c.fees_usd_per_month is None:
            return {**out, "supported_usd": 0.0, "difference_usd": billed,
                    "overbilled": billed > TOLERANCE_USD, "status": "not_in_contract",
                    "reason": (f"billed {_usd(billed)} as a monthly fee; the contract has no "
                               "fixed monthly fee: nothing supports this line")}
        term, src, rate = None, "contract_fee", float(c.fees_usd_per_month)
        supported, basis = 1.0, "the contract's fixed monthly fee (one month)"
    else:
        found = next((m for m in models if m in pricing), None)
        out["pricing_model"] = models[0] if found is None else found
        if found is None:
            where = ("the contract's pricing block" if c.pricing else
                     f"the contract and the vendor's quotes valid in {period}")
            return {**out, "supported_usd": 0.0, "difference_usd": billed,
                    "overbilled": billed > TOLERANCE_USD, "status": "not_in_contract",
                    "reason": (f"billed {_usd(billed)} in {ln.unit}s ({models[0]}); "
                               f"{where} have no {' or '.join(models)} pricing: nothing "
                               "supports this line")}
        term, src = pricing[found]
        rate = float(term.rate)
        if found == "shared_per_minute":
            inc = float(term.billing_increment_s or 0.0)
            out["billing_increment_s"] = inc
            supported, n = logs.minutes(inc, ln.channel)
            scope = f"{ln.channel} " if ln.channel else ""
            rounding = f"each rounded up to {inc:g} s" if inc > 0 else "exact seconds"
            basis = (f"handle time of {n:,} answered {scope}contacts arriving in {period}, "
                     f"{rounding}")
        elif found in ("dedicated_hourly", "outbound_hourly"):
            bill_on = term.bill_on or "productive"
            if states is not None:
                if ln.channel:
                    return {**out, "pricing_model": found, "pricing_source": src,
                            "contract_rate": rate, "status": "unverified",
                            "reason": (f"a {ln.channel} hours line: the agent-state log has "
                                       "no channel, so hours per channel cannot be checked "
                                       "against it")}
                mine = np.array([v == vendor for v in states.vendor], dtype=bool)
                if bill_on == "productive":
                    use = mine & states.delivered
                    what = "productive states (available, on contact, hold, after-contact work)"
                else:
                    use = mine & np.array([s not in NOT_SCHEDULED for s in states.state])
                    what = "every logged-in state (scheduled hours)"
                supported = hours_within(states.start_s[use], states.end_s[use], lo_s, hi_s)
                basis = f"agent-state log: hours in {what} within {period}"
            elif bill_on == "scheduled":
                return {**out, "pricing_model": found, "pricing_source": src,
                        "contract_rate": rate, "status": "unverified",
                        "reason": ("the pricing bills scheduled hours: they need the "
                                   "agent-state log (agent_states)")}
            else:
                targets, said = _targets(c)
                supported = logs.required_hours(ln.channel, targets)
                scope = f" of {ln.channel}" if ln.channel else ""
                basis = (f"hours the logged workload{scope} required in {period} (staffing "
                         f"engine, Erlang C per {INTERVAL_MINUTES}-minute interval at {said}; "
                         "productive hours, not hours delivered: give the agent-state log "
                         "for those)")
        else:
            return {**out, "pricing_model": found, "pricing_source": src,
                    "contract_rate": rate, "status": "unverified",
                    "reason": (f"{found} bills agent-months: the contact logs do not say how "
                               "many agents the vendor kept; check against its roster")}
    sup_usd = supported * rate
    diff = billed - sup_usd
    status = ("overbilled" if diff > TOLERANCE_USD else
              "underbilled" if diff < -TOLERANCE_USD else "ok")
    unit = ln.unit.replace("_", "-")
    text = (f"billed {_qty(ln.quantity, unit)} at {_usd(ln.unit_price)} = {_usd(billed)}; the "
            f"logs support {_qty(supported, unit)} at the agreed {_usd(rate)} = "
            f"{_usd(sup_usd)}")
    if status == "overbilled":
        text += f": {_usd(diff)} more than supported"
    elif status == "underbilled":
        text += f": {_usd(-diff)} less than supported"
    if abs(ln.unit_price - rate) > 1e-9:
        text += f" (the unit price differs from the agreed rate by {_usd(ln.unit_price - rate)})"
    return {**out, "pricing_source": src, "contract_rate": rate,
            "supported_quantity": supported, "supported_usd": sup_usd, "difference_usd": diff,
            "overbilled": status == "overbilled", "status": status, "reason": text,
            "basis": basis}


def _line_schema(row: Any) -> InvoiceLineCheck:
    sq = row.supported_quantity
    return InvoiceLineCheck(
        id=row.id, file_line=row.file_line, line=row.line, description=row.description,
        channel=row.channel, quantity=row.quantity, unit=row.unit, unit_price=row.unit_price,
        billed_usd=row.billed_usd, pricing_model=row.pricing_model,
        pricing_source=row.pricing_source, contract_rate=row.contract_rate,
        billing_increment_s=row.billing_increment_s, supported_quantity=sq,
        supported_usd=row.supported_usd,
        quantity_difference=None if sq is None else row.quantity - sq,
        difference_usd=row.difference_usd, overbilled=row.overbilled, status=row.status,
        reason=row.reason, basis=row.basis)


def _invoice_schema(inv: Any, vendor: str, *, stored: bool, already: bool) -> InvoiceCheck:
    from datetime import datetime

    d = inv.check_details
    return InvoiceCheck(
        id=inv.id, vendor=vendor, period=inv.period, source=inv.source, sha256=inv.sha256,
        stored=stored, already_imported=already, contract_version=inv.contract_version,
        timezone=inv.timezone, period_start=datetime.fromisoformat(d["period_start"]),
        period_end=datetime.fromisoformat(d["period_end"]), hours_basis=d["hours_basis"],
        billed_usd=inv.billed_usd, supported_usd=inv.supported_usd,
        difference_usd=inv.difference_usd, overbilled_usd=inv.overbilled_usd,
        overbilled_lines=inv.overbilled_lines, lines=[_line_schema(x) for x in inv.lines],
        notes=list(d.get("notes", [])), checked_at=inv.checked_at)


class _Row:
    """An unsaved line (the schema reads the same attributes as a stored one)."""

    def __init__(self, **kw: Any) -> None:
        self.id = None
        self.__dict__.update(kw)


@contextmanager
def _logs_table(engine: str, ws: Workspace, source: Path | None, spark: Any,
                master: str) -> Iterator[tuple[Any, str]]:
    from outsource.data.analytics.sources import interactions

    with interactions(engine, ws.path, source, spark, master) as (table, label):
        yield table, label


def check_invoice(ws: Workspace, src: Path | bytes, *, name: str | None = None,
                  agent_states: Path | bytes | None = None, engine: str = "duckdb",
                  source: Path | None = None, spark: Any = None,
                  spark_master: str = "local[2]", recheck: bool = False, store: bool = True,
                  actor: Principal | None = None) -> InvoiceCheckResult:
    """Check an invoice file against the logs and store it with its check.

    Parameters
    ----------
    ws : the workspace (vendors, contracts, quotes; logs unless ``source``).
    src : the invoice CSV (path) or its bytes (an upload; ``name`` names it).
    agent_states : an agent-state log (``agent,vendor,state,start,end``) supporting hourly
        lines; without it hourly lines are checked against the hours the workload required.
    engine, source, spark, spark_master : where the log queries run (as ``monitor``).
    recheck : an invoice already stored from the same file is checked again and its check
        rewritten (default: the stored check is returned unchanged).
    store : store the invoice (false: check only).
    actor : who asks (``invoices.manage``).

    Raises
    ------
    InvalidInput : a bad file (file, line, column), an unknown vendor or a month its
        contract does not cover (the line and column named).
    NotFound : the file, or the workspace's logs.
    """
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from outsource.data.capacity_files import read_agent_states
    from outsource.data.db.repositories import InvoiceRepository, VendorRepository
    from outsource.data.invoice_file import read_invoice
    from outsource.services.stored_contracts import contract_in_force
    from outsource.services.users import cli_principal

    actor = actor or cli_principal()
    authorize(actor, "invoices.manage" if store else "invoices.read")
    inv_file = read_invoice(src, name=name or "invoice.csv")
    groups: dict[tuple[str, str], list[Any]] = {}
    for ln in inv_file.lines:
        groups.setdefault((ln.vendor, ln.period), []).append(ln)
    results: list[InvoiceCheck] = []
    with ws.transaction() as session:
        vendors, repo = VendorRepository(session), InvoiceRepository(session)
        known = vendors.names()
        todo = []
        for (vendor, period), lines in groups.items():
            first = lines[0]
            v = vendors.get(vendor)
            if v is None:
                raise InvalidInput(f"unknown vendor '{vendor}' (known: {', '.join(known)})",
                                   source=inv_file.source, line=first.file_line,
                                   column="vendor")
            check_vendor(actor, vendor, f"an invoice of '{vendor}'")
            try:
                cif = contract_in_force(session, vendor, period)
            except NotFound as exc:
                raise InvalidInput(f"{exc.message}: the contract does not cover {period}",
                                   source=inv_file.source, line=first.file_line,
                                   column="period") from None
            todo.append((v, period, lines, cif, repo.find(inv_file.sha256, v, period)))
        zones = {cif.contract.months_timezone()[0] for *_x, cif, _y in todo}
        states = None
        if agent_states is not None:
            states = read_agent_states(agent_states, zones.pop() if len(zones) == 1 else "UTC",
                                       name="agent-states.csv")
        label = str(source) if source is not None else str(ws.path)
        need_logs = [t for t in todo if t[4] is None or recheck]
        with _logs_table(engine, ws, source, spark, spark_master) if need_logs else \
                _nothing() as (table, lab):
            label = lab or label
            for v, period, lines, cif, existing in todo:
                if existing is not None and not recheck:
                    results.append(_invoice_schema(existing, v.name, stored=False,
                                                   already=True))
                    continue
                c = cif.contract
                zone, zsrc = c.months_timezone()
                y, m = int(period[:4]), int(period[5:])
                tz = ZoneInfo(zone)
                start = datetime(y, m, 1, tzinfo=tz)
                end = datetime(y + (m == 12), m % 12 + 1, 1, tzinfo=tz)
                lo_s, hi_s = int(start.timestamp()), int(end.timestamp())
                last_day = date.fromordinal(end.date().toordinal() - 1)
                pricing = _pricing(c, list(v.quotes), start.date(), last_day)
                logs = _Logs(table, v.name, zone, lo_s, hi_s)
                checked = [(ln, _check_line(ln, c, pricing, logs, states, v.name, lo_s, hi_s,
                                            period)) for ln in lines]
                billed = sum(ln.quantity * ln.unit_price for ln in lines)
                supported = sum(ck["supported_usd"] if ck["supported_usd"] is not None
                                else ln.quantity * ln.unit_price for ln, ck in checked)
                over = [ck for _ln, ck in checked if ck["overbilled"]]
                srcs = sorted({ck["pricing_source"] for _ln, ck in checked
                               if ck["pricing_source"]})
                notes = [f"months in {zone}: {zsrc}",
                         "prices: " + (", ".join(srcs) if srcs else "none found"),
                         ("hours: the agent-state log" if states is not None else
                          "hours: the hours the logged workload required (no agent-state "
                          "log given)")]
                totals = {"contract_version": cif.version, "timezone": zone,
                          "billed_usd": billed, "supported_usd": supported,
                          "difference_usd": billed - supported,
                          "overbilled_usd": sum(ck["difference_usd"] for ck in over),
                          "overbilled_lines": len(over),
                          "check_details": {
                              "period_start": start.isoformat(), "period_end": end.isoformat(),
                              "hours_basis": "agent_states" if states is not None
                              else "required", "notes": notes, "engine": engine,
                              "logs_source": label}}
                line_cols = {ln.line: ck for ln, ck in checked}
                if existing is not None:
                    row = repo.recheck(existing, totals=totals, lines=line_cols)
                    results.append(_invoice_schema(row, v.name, stored=True, already=True))
                    continue
                cols = [{"file_line": ln.file_line, "line": ln.line,
                         "description": ln.description, "channel": ln.channel,
                         "quantity": ln.quantity, "unit": ln.unit, "unit_price": ln.unit_price,
                         "billed_usd": ln.quantity * ln.unit_price, **ck} for ln, ck in checked]
                if store:
                    row = repo.add(v, period=period, source=inv_file.source,
                                   sha256=inv_file.sha256, totals=totals, lines=cols)
                    results.append(_invoice_schema(row, v.name, stored=True, already=False))
                else:
                    fake = _Row(id=None, period=period, source=inv_file.source,
                                sha256=inv_file.sha256, checked_at=None,
                                lines=[_Row(**x) for x in cols], **totals)
                    results.append(_invoice_schema(fake, v.name, stored=False,
                                                   already=False))
    return InvoiceCheckResult(
        source=inv_file.source, sha256=inv_file.sha256, engine=engine, logs_source=label,
        invoices=results, billed_usd=sum(r.billed_usd for r in results),
        overbilled_usd=sum(r.overbilled_usd for r in results),
        overbilled_lines=sum(r.overbilled_lines for r in results))


@contextmanager
def _nothing() -> Iterator[tuple[None, None]]:
    yield None, None


def list_invoices(ws: Workspace, *, vendor: str | None = None, period: str | None = None,
                  actor: Principal | None = None) -> InvoiceList:
    """Stored invoices with their checked lines (``invoices.read``; a vendor user: its own)."""
    from outsource.data.db.repositories import InvoiceRepository, VendorRepository
    from outsource.services.users import cli_principal

    actor = actor or cli_principal()
    authorize(actor, "invoices.read")
    vendor = scope_vendor(actor, vendor)
    with ws.transaction() as session:
        v = VendorRepository(session).require(vendor) if vendor is not None else None
        rows = InvoiceRepository(session).list(v, period)
        return InvoiceList(invoices=[_invoice_schema(r, r.vendor.name, stored=False,
                                                     already=True) for r in rows])


def get_invoice(ws: Workspace, invoice_id: int, *,
                actor: Principal | None = None) -> InvoiceCheck:
    """A stored invoice and its lines by id (``NotFound`` field ``invoice``)."""
    from outsource.data.db.repositories import InvoiceRepository
    from outsource.services.users import cli_principal

    actor = actor or cli_principal()
    authorize(actor, "invoices.read")
    with ws.transaction() as session:
        inv = InvoiceRepository(session).get(invoice_id)
        if inv is None:
            raise NotFound(f"no invoice {invoice_id}", field="invoice")
        check_vendor(actor, inv.vendor.name, f"invoice {invoice_id}")
        return _invoice_schema(inv, inv.vendor.name, stored=False, already=True)


def get_invoice_line(ws: Workspace, line_id: int, *, actor: Principal | None = None
                     ) -> tuple[InvoiceCheck, InvoiceLineCheck]:
    """A stored invoice line by id with its invoice (what a dispute references)."""
    from outsource.data.db.repositories import InvoiceRepository
    from outsource.services.users import cli_principal

    actor = actor or cli_principal()
    authorize(actor, "invoices.read")
    with ws.transaction() as session:
        row = InvoiceRepository(session).line(line_id)
        if row is None:
            raise NotFound(f"no invoice line {line_id}", field="invoice_line")
        inv = row.invoice
        check_vendor(actor, inv.vendor.name, f"invoice line {line_id}")
        return (_invoice_schema(inv, inv.vendor.name, stored=False, already=True),
                _line_schema(row))


__all__ = ["UNIT_MODELS", "check_invoice", "get_invoice", "get_invoice_line", "list_invoices"]
