"""The KPI pipeline, written once as Ibis expressions: DuckDB or Spark, same code.

:func:`kpi_rows` takes an Ibis table of canonical interactions (the workspace's
``interactions`` table, or a Parquet dataset in the canonical schema) on any
Ibis backend and returns the KPI rows as an Arrow table (columns in
:data:`outsource.schemas.monitoring.KPI_COLUMNS`).

How it computes, in the engine:

1. **Canonical columns.** Optional columns the source lacks become typed
   nulls; ``other`` outcomes (not load) are left out; a missing channel is
   ``voice`` (the import default); a missing vendor or queue is ``(none)``,
   since a null in a KPI row means "all".
2. **Repeat contacts.** One window over the contacts of known customers
   (every vendor and channel; only the columns it needs) partitioned by
   customer and ordered by arrival gives each contact the arrival (and
   transfer flag) of the customer's next contact. An answered
   contact of a known customer is *eligible* when its whole repeat window lies
   inside the log (it ends by the source's last arrival: contacts of the last
   days cannot yet show their repeats) and *repeated* when the next contact
   comes within the window (gap ``<=`` window). The vendor filter applies
   after the window, so a repeat at another vendor counts.
3. **Local periods.** ``local = utc + offset(utc)`` with the offset a ``CASE``
   over the time zone's transitions in the log's span
   (:func:`outsource.core.business_time.offset_steps`); intervals, days, ISO
   weeks and months by integer arithmetic on local seconds.
4. **Additive sums** per vendor x queue x channel x period: counts and sums
   only (:mod:`outsource.core.kpi`), so every ratio is computed from the
   contacts of its row, never averaged from finer rows.
5. **Business time** of e-mail and social contacts: three equi-joins of the
   day numbers of arrival, first response and resolution on the business
   calendar table (:class:`outsource.core.business_time.BusinessCalendar`).
6. **Rollups.** The finest sums are re-aggregated three more times, with queue,
   channel or both set to null ("all"), and unioned: sums of sums, so rollups
   are exact.
7. **Ratios** from the summed counts, with null where a denominator is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as dt
import numpy as np
import pyarrow as pa

from outsource.core import kpi
from outsource.core.business_time import DAY_S, BusinessCalendar, OffsetSteps, period_bounds
from outsource.errors import InvalidInput
from outsource.schemas.monitoring import UNKNOWN, MonitorOptions, kpi_arrow_schema

if TYPE_CHECKING:  # pragma: no cover
    import ibis.expr.types as ir

#: Canonical columns and the Ibis type each is read as.
CANONICAL: dict[str, str] = {
    "id": "string", "channel": "string", "queue": "string", "vendor": "string",
    "arrived_at": "timestamp", "answered_at": "timestamp", "wait_s": "float64",
    "handle_s": "float64", "outcome": "string", "customer_id": "string",
    "agent_id": "string", "transferred": "boolean", "resolved": "boolean",
    "csat": "float64", "first_response_at": "timestamp", "resolved_at": "timestamp",
}
REQUIRED = ("id", "arrived_at", "outcome")
KEYS = ("vendor", "queue", "channel", "period_key")

#: Additive columns of the finest aggregate, in output order (integers, then float sums).
COUNTS = (
    "offered", "answered", "abandoned", "short_abandoned", "blocked", "queued",
    "queued_answered", "answered_within", "abandoned_within", "queued_answered_with_wait",
    "handled", "repeats", "repeat_eligible", "fcr_resolved", "fcr_eligible", "transferred",
    "transfer_eligible", "transfer_chains", "csat_responses", "near_zero_handle",
    "abandoned_well_before_t", "abandoned_before_t", "abandoned_after_t", "deferred",
    "first_responded", "first_response_met", "resolutions", "resolution_met",
)
SUMS = ("wait_answered_s", "handle_sum_s", "handle_sq_sum_s2", "csat_sum",
        "first_response_business_s", "resolution_business_s")
DEFERRED_COLUMNS = ("deferred", "first_responded", "first_response_met", "resolutions",
                    "resolution_met", "first_response_business_s", "resolution_business_s")


@dataclass(frozen=True)
class Span:
    """First and last instants of a source [s since the epoch]; ``None`` when empty."""

    first_arrival_s: int | None
    last_arrival_s: int | None
    last_instant_s: int | None


@ibis.udf.scalar.builtin(name="epoch", signature=((dt.Timestamp(timezone="UTC"),), dt.float64))
def _duckdb_epoch(ts):  # type: ignore[no-untyped-def]
    """DuckDB's ``epoch(TIMESTAMPTZ)``: seconds since the epoch, with fractions."""


def _epoch_s(col: ir.TimestampValue) -> ir.IntegerValue:
    """Whole seconds since the epoch, floored (the same on every backend).

    On DuckDB, Ibis's ``epoch_seconds`` first casts a ``TIMESTAMPTZ`` to a local
    ``TIMESTAMP`` (a time-zone conversion per value, about 1 s per 10 million
    values here); DuckDB's own ``epoch`` of the instant is exact and several
    times cheaper, so it is used there. Elsewhere (Spark: ``unix_timestamp``)
    Ibis's translation is already direct.
    """
    if ibis.get_backend(col).name == "duckdb" and col.type().timezone is not None:
        return _duckdb_epoch(col).floor().cast("int64")
    return col.epoch_seconds().cast("float64").floor().cast("int64")


def canonical(table: ir.Table, source: str = "source",
              columns: tuple[str, ...] | None = None) -> ir.Table:
    """The canonical columns of ``table`` (or those in ``columns``), typed; absent
    optional ones as nulls.

    Raises
    ------
    InvalidInput
        When a required column is missing or a timestamp column is not a timestamp.
    """
    cols: dict[str, Any] = {}
    for name in REQUIRED:
        if name not in table.columns:
            raise InvalidInput(f"required column '{name}' is missing", source=source,
                               column=name)
    for name, typ in CANONICAL.items():
        if columns is not None and name not in columns:
            continue
        if name not in table.columns:
            if name in REQUIRED:
                raise InvalidInput(f"required column '{name}' is missing", source=source,
                                   column=name)
            cols[name] = ibis.null(typ)
            continue
        col = table[name]
        if typ == "timestamp":
            if not col.type().is_timestamp():
                raise InvalidInput(f"must be a timestamp, not {col.type()}", source=source,
                                   column=name)
        elif col.type() != ibis.dtype(typ):
            col = col.cast(typ)
        cols[name] = col
    return table.select(**cols)


def span(table: ir.Table) -> Span:
    """First and last arrival, and the last instant of any timestamp, of ``table``."""
    t = canonical(table, columns=("arrived_at", "first_response_at", "resolved_at"))
    row = t.aggregate(
        a0=_epoch_s(t.arrived_at).min(), a1=_epoch_s(t.arrived_at).max(),
        f1=_epoch_s(t.first_response_at).max(), r1=_epoch_s(t.resolved_at).max(),
    ).to_pyarrow().to_pylist()[0]
    last = [v for v in (row["a1"], row["f1"], row["r1"]) if v is not None]
    return Span(row["a0"], row["a1"], max(last) if last else None)


def month_slice(table: ir.Table, lo_s: int, hi_s: int) -> ir.Table:
    """The contacts arriving in ``[lo_s, hi_s)`` [s since the epoch] (every backend alike)."""
    e = _epoch_s(table.arrived_at)
    return table.filter((e >= int(lo_s)) & (e < int(hi_s)))


def _offset(e: ir.IntegerValue, steps: OffsetSteps) -> ir.IntegerValue:
    offsets = [int(o) for o in steps.offset_s]
    if len(offsets) == 1:
        return ibis.literal(offsets[0], "int64")
    branches = [(e < int(u), ibis.literal(o, "int64"))
                for u, o in zip(steps.until_s, offsets[:-1], strict=True)]
    return ibis.cases(*branches, else_=ibis.literal(offsets[-1], "int64"))


def _period_key(e: ir.IntegerValue, steps: OffsetSteps, period: str,
                interval_s: int) -> ir.IntegerValue:
    off = _offset(e, steps)
    local = e + off
    if period == "interval":
        return (local // interval_s) * interval_s - off
    day = local // DAY_S
    if period == "day":
        return day
    if period == "week":
        return (day + 3) // 7
    ts = local.as_timestamp("s")
    return ts.year().cast("int64") * 12 + ts.month().cast("int64") - 1


#: Canonical columns each part of the pipeline reads. Each part selects its own, so
#: the engines scan the log once per part with only those columns instead of
#: materialising one wide shared table (DuckDB would, for a shared subquery).
_QUEUE_COLUMNS = ("vendor", "queue", "channel", "arrived_at", "answered_at", "wait_s",
                  "handle_s", "outcome", "customer_id", "transferred", "resolved", "csat")
_REPEAT_COLUMNS = ("id", "vendor", "queue", "channel", "arrived_at", "outcome",
                   "customer_id", "transferred", "resolved")
_DEFERRED_COLUMNS = ("vendor", "queue", "channel", "arrived_at", "outcome",
                     "first_response_at", "resolved_at")


def _prepare(table: ir.Table, opts: MonitorOptions, steps: OffsetSteps,
             columns: tuple[str, ...]) -> ir.Table:
    """Offered contacts with keys, arrival second and per-contact flags."""
    t = canonical(table, columns=columns)
    t = t.filter(t.outcome.isin(kpi.OFFERED_OUTCOMES))
    # the arrival second first, as a column: the period key and wait reuse it
    t = t.mutate(e_s=_epoch_s(t.arrived_at)).view()  # a barrier: not inlined below
    extra: dict[str, Any] = {}
    if "wait_s" in columns:
        extra["wait"] = t.wait_s.fill_null((_epoch_s(t.answered_at) - t.e_s).cast("float64"))
    t = t.mutate(
        channel=t.channel.fill_null("voice"),
        vendor=t.vendor.fill_null(UNKNOWN), queue=t.queue.fill_null(UNKNOWN),
        period_key=_period_key(t.e_s, steps, opts.period, opts.interval_minutes * 60),
        **extra)
    flags: dict[str, Any] = {"ans": t.outcome == "answered"}
    if "wait_s" in columns:
        # used by many aggregates: computed once per contact, not once per aggregate
        queued = t.channel.isin(kpi.QUEUED_CHANNELS)
        flags.update(abd=t.outcome == "abandoned", queued=queued,
                     within=queued & t.wait.notnull() & (t.wait <= opts.answer_within_s))
    return t.mutate(**flags)


def _queue_sums(t: ir.Table, opts: MonitorOptions) -> ir.Table:
    """Finest sums of the queue, handle, transfer and CSAT measures (no window needed).

    First-contact resolution of contacts without a customer (no repeat can be
    seen) comes from their resolved flag alone; the others are counted by
    :func:`_repeat_sums`.
    """
    if opts.vendor is not None:
        t = t.filter(t.vendor == opts.vendor)
    big_t, short = opts.answer_within_s, opts.short_abandon_s
    band = opts.threshold_band_s
    # flags shared by several aggregates, computed once per contact
    t = t.mutate(
        hh=t.ans & t.handle_s.notnull(), tr=t.ans & t.transferred.fill_null(False),
        anon=t.ans & t.customer_id.isnull() & t.resolved.notnull(),
        qab=t.abd & t.queued & t.wait.notnull(), wq=t.ans & t.queued & t.wait.notnull())
    ans, abd, queued, within = t.ans, t.abd, t.queued, t.within
    has_handle, transferred, anonymous_flag = t.hh, t.tr, t.anon
    queued_abandon, waits_ans = t.qab, t.wq
    has_csat = t.csat.notnull()
    aggs = {
        "offered": t.count(),
        "answered": t.count(where=ans),
        "abandoned": t.count(where=abd),
        "short_abandoned": t.count(where=queued_abandon & (t.wait < short)),
        "blocked": t.count(where=t.outcome == "blocked"),
        "queued": t.count(where=queued),
        "queued_answered": t.count(where=ans & queued),
        "answered_within": t.count(where=ans & within),
        "abandoned_within": t.count(where=abd & within),
        "queued_answered_with_wait": t.count(where=waits_ans),
        "handled": t.count(where=has_handle),
        "fcr_resolved": t.count(where=anonymous_flag & t.resolved.fill_null(False)),
        "fcr_eligible": t.count(where=anonymous_flag),
        "transferred": t.count(where=transferred),
        "transfer_eligible": t.count(where=ans & t.transferred.notnull()),
        "csat_responses": t.count(where=has_csat),
        "near_zero_handle": t.count(where=has_handle & (t.handle_s < opts.near_zero_handle_s)),
        "abandoned_well_before_t": t.count(
            where=queued_abandon & (t.wait > big_t - 2 * band) & (t.wait <= big_t - band)),
        "abandoned_before_t": t.count(
            where=queued_abandon & (t.wait > big_t - band) & (t.wait <= big_t)),
        "abandoned_after_t": t.count(
            where=queued_abandon & (t.wait > big_t) & (t.wait <= big_t + band)),
        "wait_answered_s": t.wait.sum(where=waits_ans),
        "handle_sum_s": t.handle_s.sum(where=has_handle),
        "handle_sq_sum_s2": (t.handle_s * t.handle_s).sum(where=has_handle),
        "csat_sum": t.csat.sum(where=has_csat),
    }
    return t.group_by(list(KEYS)).aggregate(**aggs)


REPEAT_COLUMNS = ("repeats", "repeat_eligible", "fcr_resolved", "fcr_eligible",
                  "transfer_chains")


def _repeat_sums(t: ir.Table, opts: MonitorOptions, data_end_s: int) -> ir.Table:
    """Finest sums that need each contact's next contact by the same customer.

    The window runs over the contacts of known customers of every vendor and
    carries only the columns it needs (sorting a narrow table is several
    times faster than sorting every column of the log).
    """
    t = t.filter(t.customer_id.notnull()).select(
        *KEYS, "customer_id", "id", "e_s", "ans", "transferred", "resolved")
    w = ibis.window(group_by=t.customer_id, order_by=[t.e_s, t.id])
    t = t.mutate(next_s=t.e_s.lead().over(w), next_transferred=t.transferred.lead().over(w))
    if opts.vendor is not None:
        t = t.filter(t.vendor == opts.vendor)
    window_s = opts.repeat_window_days * DAY_S
    ans = t.ans
    eligible = ans & (t.e_s + window_s <= data_end_s)
    followed = t.next_s.notnull() & (t.next_s - t.e_s <= window_s)
    resolved_logged = t.resolved.notnull()
    transferred = ans & t.transferred.fill_null(False)
    chained = (transferred & t.next_transferred.fill_null(False) & t.next_s.notnull()
               & (t.next_s - t.e_s <= opts.ping_pong_window_s))
    aggs = {
        "repeats": t.count(where=eligible & followed),
        "repeat_eligible": t.count(where=eligible),
        "fcr_resolved": t.count(where=ans & ibis.ifelse(
            resolved_logged, t.resolved.fill_null(False), eligible & ~followed)),
        "fcr_eligible": t.count(where=ans & (resolved_logged | eligible)),
        "transfer_chains": t.count(where=chained),
    }
    return t.group_by(list(KEYS)).aggregate(**aggs)


def _calendar_table(cal: BusinessCalendar, prefix: str) -> ir.Table:
    data: dict[str, Any] = {f"{prefix}day": cal.days, f"{prefix}cum": cal.cum_s}
    for k in range(cal.open_s.shape[1]):
        data[f"{prefix}o{k}"] = cal.open_s[:, k]
        data[f"{prefix}c{k}"] = cal.close_s[:, k]
    return ibis.memtable(pa.table(data))


def _clock(t: ir.Table, x: ir.IntegerValue, prefix: str, windows: int) -> ir.NumericValue:
    """Business clock B(x) from the joined calendar columns named ``prefix...``."""
    total = t[f"{prefix}cum"]
    for k in range(windows):
        o, c = t[f"{prefix}o{k}"], t[f"{prefix}c{k}"]
        total = total + ibis.greatest(ibis.least(x - o, c - o), 0)
    return total


def _deferred_sums(t: ir.Table, opts: MonitorOptions, cal: BusinessCalendar) -> ir.Table:
    """Finest sums of business-hours response and resolution of e-mail/social contacts."""
    if opts.vendor is not None:
        t = t.filter(t.vendor == opts.vendor)
    t = t.filter(t.channel.isin(kpi.DEFERRED_CHANNELS))
    fr, rs = _epoch_s(t.first_response_at), _epoch_s(t.resolved_at)
    t = t.mutate(fr_s=fr, rs_s=rs)
    windows = cal.open_s.shape[1]
    for prefix, col in (("a_", t.e_s), ("f_", t.fr_s), ("r_", t.rs_s)):
        day = (col + _offset(col, cal.steps)) // DAY_S
        t = t.mutate(**{f"{prefix}key": day})
        ct = _calendar_table(cal, prefix)
        t = t.left_join(ct, t[f"{prefix}key"] == ct[f"{prefix}day"])
    ba = _clock(t, t.e_s, "a_", windows)
    fr_bs = (_clock(t, t.fr_s, "f_", windows) - ba).cast("float64")
    rs_bs = (_clock(t, t.rs_s, "r_", windows) - ba).cast("float64")
    t = t.mutate(fr_bs=fr_bs, rs_bs=rs_bs)
    fr_ok = t.fr_bs.notnull()
    rs_ok = t.rs_bs.notnull()
    aggs = {
        "deferred": t.count(),
        "first_responded": t.count(where=fr_ok),
        "first_response_met": t.count(
            where=fr_ok & (t.fr_bs <= opts.first_response_within_h * 3600)),
        "resolutions": t.count(where=rs_ok),
        "resolution_met": t.count(where=rs_ok & (t.rs_bs <= opts.resolution_within_h * 3600)),
        "first_response_business_s": t.fr_bs.sum(where=fr_ok),
        "resolution_business_s": t.rs_bs.sum(where=rs_ok),
    }
    return t.group_by(list(KEYS)).aggregate(**aggs)


def _aligned(t: ir.Table, present: tuple[str, ...]) -> ir.Table:
    """``t`` with every additive column (zeros where absent), in one order."""
    cols: dict[str, Any] = {k: t[k] for k in KEYS}
    for name in COUNTS:
        cols[name] = t[name].cast("int64") if name in present else ibis.literal(0, "int64")
    for name in SUMS:
        cols[name] = (t[name].cast("float64") if name in present
                      else ibis.literal(0.0, "float64"))
    return t.select(**cols)


def _regroup(t: ir.Table, keys: list[str], nulls: tuple[str, ...] = ()) -> ir.Table:
    aggs: dict[str, Any] = {name: t[name].sum() for name in COUNTS}
    aggs.update({name: t[name].sum() for name in SUMS})
    out = t.group_by(keys).aggregate(**aggs)
    out = out.mutate(**{n: ibis.null("string") for n in nulls})
    return _aligned(out, COUNTS + SUMS)


def _div(num: Any, den: Any) -> Any:
    return num.cast("float64") / den.cast("float64").nullif(0.0)


def kpi_expr(table: ir.Table, opts: MonitorOptions, steps: OffsetSteps,
             calendar: BusinessCalendar, data_end_s: int) -> ir.Table:
    """The KPI expression (unexecuted): one row per vendor x queue x channel x period key.

    Parameters
    ----------
    table : ibis Table
        Canonical interactions on any backend.
    opts : MonitorOptions
        Thresholds, period and filters.
    steps : OffsetSteps
        UTC offsets of ``opts.timezone`` over the log's span.
    calendar : BusinessCalendar
        Business calendar covering every local day of the log.
    data_end_s : int
        Last arrival of the source [s since the epoch]; repeat windows must end by it.
    """
    plain = tuple(c for c in COUNTS + SUMS if c not in DEFERRED_COLUMNS + REPEAT_COLUMNS)
    queue = _aligned(_queue_sums(_prepare(table, opts, steps, _QUEUE_COLUMNS), opts),
                     plain + ("fcr_resolved", "fcr_eligible"))
    repeat = _aligned(_repeat_sums(_prepare(table, opts, steps, _REPEAT_COLUMNS), opts,
                                   data_end_s), REPEAT_COLUMNS)
    deferred = _aligned(_deferred_sums(_prepare(table, opts, steps, _DEFERRED_COLUMNS), opts,
                                       calendar), DEFERRED_COLUMNS)
    finest = _regroup(ibis.union(queue, repeat, deferred), list(KEYS))
    rolled = ibis.union(
        finest,
        _regroup(finest, ["vendor", "queue", "period_key"], ("channel",)),
        _regroup(finest, ["vendor", "channel", "period_key"], ("queue",)),
        _regroup(finest, ["vendor", "period_key"], ("queue", "channel")),
    )
    sums = {name: rolled[name] for name in COUNTS + SUMS}
    ratios = {r.name: kpi.evaluate(r, sums, _div) for r in kpi.RATIOS}
    n = rolled.handled.cast("float64")
    var = (rolled.handle_sq_sum_s2 - rolled.handle_sum_s * rolled.handle_sum_s / n.nullif(0.0)
           ) / (n - 1.0).nullif(0.0)
    # GREATEST skips nulls on DuckDB and Spark: keep "no value" below two contacts explicit
    ratios["handle_sd_s"] = ibis.ifelse(n > 1.0, ibis.greatest(var, 0.0).sqrt(),
                                        ibis.null("float64"))
    return rolled.mutate(**ratios)


def kpi_rows(table: ir.Table, opts: MonitorOptions, steps: OffsetSteps,
             calendar: BusinessCalendar, data_end_s: int) -> pa.Table:
    """Execute :func:`kpi_expr` and shape its rows (see :data:`KPI_COLUMNS`).

    Rows are sorted by vendor, period, queue and channel, "all" rows (null)
    first; ``period_start`` and ``period_end`` are timestamps in ``opts.timezone``.
    """
    raw = kpi_expr(table, opts, steps, calendar, data_end_s).to_pyarrow()
    return shape_rows(raw, opts)


def shape_rows(raw: pa.Table, opts: MonitorOptions) -> pa.Table:
    """Raw pipeline output (with ``period_key``) as typed, sorted KPI rows."""
    schema = kpi_arrow_schema(opts.timezone)
    keys = np.asarray(raw.column("period_key").to_numpy(zero_copy_only=False), dtype=np.int64)
    uniq, inv = np.unique(keys, return_inverse=True)
    start_u, end_u = period_bounds(opts.period, uniq, opts.timezone,
                                   opts.interval_minutes * 60)
    n = raw.num_rows
    extra = {
        "period": pa.array([opts.period] * n, pa.string()),
        "period_start": pa.array(start_u[inv], pa.int64()).cast(schema.field("period_start").type),
        "period_end": pa.array(end_u[inv], pa.int64()).cast(schema.field("period_end").type),
        "timezone": pa.array([opts.timezone] * n, pa.string()),
    }
    cols = []
    for field in schema:
        col = extra[field.name] if field.name in extra else raw.column(field.name)
        cols.append(col.cast(field.type) if col.type != field.type else col)
    out = pa.Table.from_arrays(cols, schema=schema)
    return out.sort_by([("vendor", "ascending", "at_start"),
                        ("period_start", "ascending", "at_start"),
                        ("queue", "ascending", "at_start"),
                        ("channel", "ascending", "at_start")])
