"""The monitoring page of one vendor: gathers what the monitoring services compute.

:func:`vendor_monitoring` checks the permission and the vendor scope (a
vendor user sees only its own vendor), then returns the vendor's monthly KPIs
with their trends (:func:`outsource.services.monitoring.kpi_trends`), the
warnings (:func:`~outsource.services.monitoring.warnings_from_kpis`), capacity
when a commitments file is on file (``WORKSPACE/capacity/commitments.csv``,
optionally ``agent-states.csv`` beside it; :func:`~outsource.services.monitoring.capacity`)
and the vendor's disputes. No figure is computed here.

With a contract covering the month, it also gathers the SLA results
(:func:`outsource.services.sla.sla_results`: per metric value, target, met,
credit, earn-back; the month's totals with chronic failure and termination
right; per metric the trend of every contract month, the chart's breaches)
and the month's checked invoices (:func:`outsource.services.invoices.list_invoices`).
Months are those of the contract's time zone, as the SLA results count them.

The KPI pipeline reads every contact of the vendor: computed once, the
results are kept in memory (:class:`ResultCache`) under a key that changes
whenever an input does: the workspace store's manifest version (a new import
commits a new one), a stamp of the application database's tables the results
read (vendors, contract versions, test calls, invoices); capacity also under
the capacity files' size and modification time, the whole answer also under
the disputes' stamp. The permission check and the stamps are made on every
call (one query).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select

from outsource.errors import InvalidInput, NotFound, OutsourceError
from outsource.schemas.monitoring import CapacityOptions, MonitorOptions
from outsource.schemas.monitoring_page import (
    MonitoringOverview,
    VendorMonitoring,
    VendorMonitoringSummary,
)
from outsource.schemas.users import Principal
from outsource.services.authz import authorize, scope_vendor, visible
from outsource.services.workspace import Workspace

T = TypeVar("T")

#: The KPIs the page trends, in the order shown (docs/monitoring.md has each).
PAGE_KPIS: tuple[str, ...] = ("sl_offered", "sl_excl_short", "asa_s", "abandon_rate", "aht_s",
                              "repeat_rate", "fcr", "transfer_rate", "csat",
                              "first_response_met_share")
#: Folder of the capacity files the page reads, under the workspace.
CAPACITY_DIR = "capacity"
COMMITMENTS_FILE = "commitments.csv"
AGENT_STATES_FILE = "agent-states.csv"
#: Application-database tables whose changes change the page's results.
STAMP_TABLES: tuple[str, ...] = ("vendors", "contract_versions", "vendor_test_calls",
                                 "invoices", "invoice_lines")


class ResultCache:
    """A small thread-safe LRU of computed results; one computation per key at a time
    (concurrent requests for a key being computed wait for it instead of repeating it)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._busy: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        """The result under ``key``, computed by ``compute`` when missing."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            gate = self._busy.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            value = compute()
            with self._lock:
                self._items[key] = value
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._busy.pop(key, None)
            return value

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._items.clear()


#: The process's cache of the page's computed parts.
CACHE = ResultCache()


_STAMP_SQL: dict[str, Any] = {}


def _stamp_statement() -> Any:
    """One SELECT of (rows, largest id[, last check]) of every stamp table the database
    has, then (rows, largest id, last decision) of ``disputes``; built once."""
    if "stmt" not in _STAMP_SQL:
        from outsource.data.db.models import metadata

        tables = metadata().tables
        cols = []
        for name in (*STAMP_TABLES, "disputes"):
            t = tables.get(name)
            if t is None:
                continue
            parts = [func.count(), func.max(t.c.id)]
            for extra in ("checked_at", "decided_at"):
                if extra in t.c:
                    parts.append(func.max(t.c[extra]))
            cols += [select(p).select_from(t).scalar_subquery() for p in parts]
            _STAMP_SQL["disputes"] = len(parts)  # the last table's columns
        _STAMP_SQL["stmt"] = select(*cols)
    return _STAMP_SQL["stmt"]


def _db_stamps(session: Any) -> tuple[tuple, tuple]:
    """(stamp of the tables the results read, stamp of the disputes): one query."""
    row = tuple(session.execute(_stamp_statement()).one())
    n = _STAMP_SQL["disputes"]
    return row[:-n], row[-n:]


def _file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _inputs_stamp(ws: Workspace, session: Any) -> tuple[tuple, tuple]:
    """What the computed parts depend on (store manifest, database tables), and what the
    rest does (the disputes, the capacity files)."""
    from outsource.data import store

    manifest = store.read_manifest(ws.path)
    folder = ws.path / CAPACITY_DIR
    tables, disputes = _db_stamps(session)
    return (str(ws.path), manifest.version if manifest is not None else -1, tables), (
        disputes, _file_stamp(folder / COMMITMENTS_FILE), _file_stamp(folder / AGENT_STATES_FILE))


def _monthly(ws: Workspace, timezone: str) -> Any:
    """Monthly KPIs of every vendor in one pipeline run, or the reason there are none."""
    from outsource.services import monitoring

    try:
        return monitoring.monitor(MonitorOptions(period="month", timezone=timezone),
                                  workspace=ws.path)
    except (NotFound, InvalidInput) as exc:
        return exc.message


def _all_warnings(ws: Workspace, result: Any) -> list[Any]:
    """Every vendor's warnings, the test-call comparison with the calls on file included
    (as ``outsource warnings``)."""
    from outsource.services import monitoring

    calls = monitoring.vendor_test_calls(ws.path)
    return list(monitoring.warnings_from_kpis(result, None, calls).warnings)


def _computed(ws: Workspace, vendor: str, timezone: str, stamp: tuple) -> dict[str, Any]:
    """The vendor's KPI trends, warnings and capacity (the costly part: cached)."""
    import pyarrow.compute as pc

    from outsource.services import monitoring

    out: dict[str, Any] = {"months": [], "kpis": [], "warnings": [], "capacity": None,
                           "capacity_note": None, "logs_note": None}
    result = CACHE.get(("monthly", timezone, stamp), lambda: _monthly(ws, timezone))
    if isinstance(result, str):
        out["logs_note"] = f"no KPIs yet: {result}"
        out["capacity_note"] = "no logs yet"
        return out
    rows = result.rows.filter(pc.equal(result.rows["vendor"], vendor))
    if rows.num_rows == 0:
        out["logs_note"] = f"no contacts of {vendor} in the workspace's logs yet"
        out["capacity_note"] = "no logs of the vendor"
        return out
    mine = monitoring.kpi_trends(result.model_copy(update={"rows": rows}), PAGE_KPIS).trends
    out["kpis"] = mine
    out["months"] = [f"{p:%Y-%m}" for p in (mine[0].periods if mine else [])]
    warnings = CACHE.get(("warnings", timezone, stamp), lambda: _all_warnings(ws, result))
    out["warnings"] = [w for w in warnings if w.vendor == vendor]
    return out


def _capacity(ws: Workspace, vendor: str, timezone: str) -> tuple[Any, str | None]:
    from outsource.services import monitoring

    folder = ws.path / CAPACITY_DIR
    commitments = folder / COMMITMENTS_FILE
    if not commitments.exists():
        return None, (f"no commitments on file: put {CAPACITY_DIR}/{COMMITMENTS_FILE} "
                      "(vendor,interval_start,hours) in the workspace")
    states = folder / AGENT_STATES_FILE
    try:
        res = monitoring.capacity(CapacityOptions(vendor=vendor, timezone=timezone),
                                  commitments, states if states.exists() else None,
                                  workspace=ws.path)
    except OutsourceError as exc:
        return None, f"capacity not computed: {exc}"
    mine = [t for t in res.vendors if t.vendor == vendor]
    if not mine:
        return None, f"the commitments file has no hours of {vendor}"
    return mine[0], None


def _contract_metrics(session: Any, vendor: str, month: str) -> tuple[list[str], str | None]:
    """The metrics of the contract in force in ``month``, or why there is none."""
    from outsource.services.stored_contracts import contract_in_force

    try:
        cif = contract_in_force(session, vendor, month)
    except NotFound as exc:
        return [], exc.message
    return [m.metric for m in cif.contract.metrics], None


def _vendor_names(ws: Workspace) -> frozenset[str]:
    from outsource.data.db.repositories import VendorRepository

    with ws.transaction() as session:
        return frozenset(VendorRepository(session).names())


def _metrics_of(ws: Workspace, vendor: str, month: str) -> tuple[list[str], str | None]:
    with ws.transaction() as session:
        return _contract_metrics(session, vendor, month)


def vendor_monitoring(ws: Workspace, vendor: str, *, actor: Principal,
                      period: str | None = None) -> VendorMonitoring:
    """Everything the monitoring page shows for ``vendor`` (permission ``monitoring.read``).

    Parameters
    ----------
    vendor : a registered vendor (a vendor user: its own, else :class:`Forbidden`).
    period : month ``YYYY-MM`` of the SLA results and invoices (default: the newest
        month with contacts).

    Raises
    ------
    Forbidden : a vendor user asking for another vendor.
    NotFound : no such vendor; no contacts of it in ``period``.
    """
    return _monitoring(ws, vendor, actor, period)[0]


def vendor_monitoring_json(ws: Workspace, vendor: str, *, actor: Principal,
                           period: str | None = None) -> bytes:
    """:func:`vendor_monitoring` as the API's JSON bytes (kept with the result: the same
    inputs give the same bytes without serializing again)."""
    from outsource.schemas.base import dumps

    result, key = _monitoring(ws, vendor, actor, period)
    return CACHE.get(("json", *key), lambda: dumps(result))


def _monitoring(ws: Workspace, vendor: str, actor: Principal,
                period: str | None) -> tuple[VendorMonitoring, tuple]:
    """The result and its cache key (checks first, then cached parts)."""
    authorize(actor, "monitoring.read")
    authorize(actor, "disputes.read")
    vendor = scope_vendor(actor, vendor) or vendor
    with ws.transaction() as session:
        stamp, rest = _inputs_stamp(ws, session)
    key = ("result", vendor, period, stamp, rest)
    return CACHE.get(key, lambda: _assemble(ws, vendor, period, stamp, rest, actor)), key


def _disputes_of(ws: Workspace, vendor: str) -> list[Any]:
    from outsource.data.db.repositories.disputes import DisputeRepository
    from outsource.services.disputes import public

    with ws.transaction() as session:
        return [public(d) for d in DisputeRepository(session).list(vendor=vendor)]


def _zone(ws: Workspace, vendor: str, actor: Principal) -> str:
    """The zone the vendor's months are counted in: its contract's, else the workspace's."""
    from outsource.services.monitoring import workspace_timezone
    from outsource.services.stored_contracts import show_contract

    try:
        return show_contract(ws, vendor, actor=actor).contract.months_timezone()[0]
    except NotFound:
        return workspace_timezone(ws.path)


def _sla(ws: Workspace, vendor: str, month: str, actor: Principal) -> tuple[Any, str | None]:
    """The SLA results of the vendor's month (services.sla), or why there are none."""
    from outsource.services.sla import sla_results

    try:
        return sla_results(ws, month, vendor=vendor, actor=actor), None
    except (NotFound, InvalidInput) as exc:
        return None, exc.message


def _invoices(ws: Workspace, vendor: str, month: str, actor: Principal) -> list[Any]:
    from outsource.services.invoices import list_invoices

    return list(list_invoices(ws, vendor=vendor, period=month, actor=actor).invoices)


def _assemble(ws: Workspace, vendor: str, period: str | None, stamp: tuple, rest: tuple,
              actor: Principal) -> VendorMonitoring:
    names = CACHE.get(("vendors", stamp), lambda: _vendor_names(ws))
    if vendor not in names:
        known = ", ".join(sorted(names)) or "none"
        raise NotFound(f"no vendor '{vendor}' (known: {known})", field="vendor")
    timezone = CACHE.get(("zone", vendor, stamp), lambda: _zone(ws, vendor, actor))
    parts = CACHE.get(("vendor", vendor, timezone, stamp),
                      lambda: _computed(ws, vendor, timezone, stamp))
    months = parts["months"]
    if period is not None and months and period not in months:
        raise NotFound(f"no contacts of {vendor} in {period} (months with data: "
                       f"{months[0]} to {months[-1]})", field="period")
    shown = period or (months[-1] if months else None)
    metrics: list[str] = []
    contract_note: str | None = "no month with data"
    latest = sla = None
    sla_note: str | None = "no month with data"
    invoices: list[Any] = []
    if shown is not None:
        metrics, contract_note = CACHE.get(("metrics", vendor, shown, stamp),
                                           lambda: _metrics_of(ws, vendor, shown))
        sla, sla_note = CACHE.get(("sla", vendor, shown, stamp),
                                  lambda: _sla(ws, vendor, shown, actor))
        latest = sla if shown == months[-1] else CACHE.get(
            ("sla", vendor, months[-1], stamp), lambda: _sla(ws, vendor, months[-1], actor))[0]
        invoices = CACHE.get(("invoices", vendor, shown, stamp),
                             lambda: _invoices(ws, vendor, shown, actor))
    mine = [v for v in sla.vendors if v.vendor == vendor] if sla is not None else []
    capacity, capacity_note = (None, parts["capacity_note"]) if parts["logs_note"] else \
        CACHE.get(("capacity", vendor, timezone, stamp, rest[1:]),
                  lambda: _capacity(ws, vendor, timezone))
    return VendorMonitoring(vendor=vendor, timezone=timezone, months=months, period=shown,
                            logs_note=parts["logs_note"],
                            targets=[t for t in (latest.trends if latest else [])
                                     if t.vendor == vendor],
                            sla=mine[0] if mine else None,
                            sla_rows=[r for r in sla.rows if r.vendor == vendor] if sla else [],
                            sla_note=sla_note if not mine else None,
                            invoices=invoices, kpis=parts["kpis"],
                            warnings=parts["warnings"], capacity=capacity,
                            capacity_note=capacity_note, contract_metrics=metrics,
                            contract_note=contract_note, disputes=_disputes_of(ws, vendor))


def monitoring_overview(ws: Workspace, *, actor: Principal) -> MonitoringOverview:
    """The vendors ``actor`` may monitor, with their open disputes (``monitoring.read``)."""
    from outsource.data.db.repositories import ContractRepository, VendorRepository
    from outsource.data.db.repositories.disputes import DisputeRepository

    authorize(actor, "monitoring.read")
    with ws.transaction() as session:
        names = visible(actor, VendorRepository(session).names(), lambda n: n)
        contracted = set(ContractRepository(session).vendors_with_contracts())
        open_by: dict[str, int] = {}
        for d in DisputeRepository(session).list(status="open", limit=10_000):
            open_by[d.vendor] = open_by.get(d.vendor, 0) + 1
    return MonitoringOverview(vendors=[VendorMonitoringSummary(
        vendor=n, has_contract=n in contracted, open_disputes=open_by.get(n, 0))
        for n in sorted(names)])
