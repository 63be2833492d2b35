"""Benchmark: every monitoring KPI per vendor per day, Ibis on DuckDB vs hand-written SQL vs pandas.

Generates N synthetic interactions (default 10 million; the demo's three
vendors over six months, ``outsource.data.synthetic``) into a DuckDB
workspace, then runs each side in its own process (peak memory = that
process's max RSS; CPU time = the process's user + system time):

* ``ibis``: ``outsource.services.monitoring.monitor`` (the Ibis pipeline on
  DuckDB: every KPI column, rollups by queue and channel, business-hours
  e-mail timers with US holidays, repeats across vendors);
* ``sql``: the same KPIs in one hand-written DuckDB SQL query (GROUPING SETS
  for the rollups);
* ``pandas``: the same KPIs in pandas (data read from the DuckDB file);
* ``spark`` (reference): the same Ibis pipeline on PySpark local[2] over the
  workspace exported to Parquet (session start included; peak memory is the
  Python driver's plus the JVM's).

Every side writes its rows; the run fails if any side disagrees with the
Ibis side (counts exactly, ratios to 1e-9 relative).

Usage::

    python benchmarks/monitor.py [--rows 10000000] [--sides ibis,sql,pandas,spark] [--repeat 3]
    python benchmarks/monitor.py --rows 100000000 --sides ibis    # the 100 M run
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# benchmarks/profile.py would shadow the standard library's `profile` (PySpark imports it)
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

ZONE = "America/New_York"
HOURS = "Mon-Fri 08:00-20:00; Sat 09:00-17:00 America/New_York"
HOLIDAYS = "US"
T, SHORT, WINDOW_D, BAND, NEAR_ZERO, PING_PONG = 20.0, 5.0, 7.0, 5.0, 10.0, 3600.0
FIRST_H, RESOLVE_H = 24.0, 72.0


def options():
    from outsource.schemas.monitoring import MonitorOptions

    return MonitorOptions(period="day", timezone=ZONE, business_hours=HOURS, holidays=HOLIDAYS)


# --- sides -------------------------------------------------------------------------------

def run_ibis(ws: Path, parquet: Path | None) -> tuple[object, float]:
    from outsource.services.monitoring import monitor

    t0 = time.perf_counter()
    res = monitor(options(), workspace=ws)
    return _keyed(res.rows), time.perf_counter() - t0


#: Peak resident memory [MB] and CPU time [s] of processes a side started (Spark's JVM,
#: which the side's process does not wait for, so its own rusage misses them).
EXTRA_RSS_MB: list[float] = []
EXTRA_CPU_S: list[float] = []


def _cpu_s(pid: int) -> float:
    """User + system CPU time of a live process [s]."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _hwm_mb(pid: int | str = "self") -> float:
    """Peak resident set (VmHWM) of a live process [MB]."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_spark(ws: Path, parquet: Path | None) -> tuple[object, float]:
    from outsource.data.analytics.sources import spark_session
    from outsource.services.monitoring import monitor

    t0 = time.perf_counter()
    session = spark_session()  # started and stopped inside the timing, as the CLI does
    res = monitor(options(), source=parquet, engine="spark", spark=session)
    jvm = session.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    EXTRA_RSS_MB.append(_hwm_mb(jvm))
    EXTRA_CPU_S.append(_cpu_s(jvm))
    session.stop()
    return _keyed(res.rows), time.perf_counter() - t0


def _keyed(rows):
    import pyarrow as pa

    i = rows.column_names.index("period_start")
    rows = rows.set_column(i, "period_start", rows["period_start"].cast(pa.int64()))
    return rows.drop_columns(["period", "period_end", "timezone"])


def _prep(span):
    """Offsets of the zone, business calendar, data end: as the service builds them."""
    from outsource.core.business_time import offset_steps
    from outsource.services.monitoring import _calendar

    first, last_arrival, last = span
    return offset_steps(ZONE, first, last), _calendar(options(), first, last), last_arrival


def _case(steps, col: str) -> str:
    offs = [int(o) for o in steps.offset_s]
    if len(offs) == 1:
        return str(offs[0])
    whens = " ".join(f"WHEN {col} < {int(u)} THEN {o}" for u, o in
                     zip(steps.until_s, offs[:-1], strict=True))
    return f"(CASE {whens} ELSE {offs[-1]} END)"


def hand_sql(steps, cal, data_end: int) -> str:
    """All the KPIs per vendor x queue x channel x local day, as one DuckDB query."""
    k = cal.open_s.shape[1]

    def clock(p: str, x: str) -> str:
        parts = " + ".join(f"greatest(least({x} - {p}.o{j}, {p}.c{j} - {p}.o{j}), 0)"
                           for j in range(k))
        return f"({p}.cum + {parts})"

    def cal_day(x: str) -> str:
        return f"(({x}) + {_case(cal.steps, x)}) // 86400"

    w = WINDOW_D * 86400
    return f"""
WITH base AS NOT MATERIALIZED (
  SELECT id, customer_id, resolved, transferred, csat, handle_s, outcome,
         coalesce(channel, 'voice') AS channel, coalesce(vendor, '(none)') AS vendor,
         coalesce(queue, '(none)') AS queue,
         CAST(floor(epoch(arrived_at)) AS BIGINT) AS e,
         CAST(floor(epoch(first_response_at)) AS BIGINT) AS fr,
         CAST(floor(epoch(resolved_at)) AS BIGINT) AS rs,
         coalesce(wait_s, CAST(CAST(floor(epoch(answered_at)) AS BIGINT)
                  - CAST(floor(epoch(arrived_at)) AS BIGINT) AS DOUBLE)) AS wait
  FROM interactions WHERE outcome IN ('answered', 'abandoned', 'blocked')
), keyed AS NOT MATERIALIZED (
  SELECT *, (e + {_case(steps, 'e')}) // 86400 AS day,
         channel IN ('voice', 'chat') AS q, outcome = 'answered' AS ans,
         outcome = 'abandoned' AS abd
  FROM base
), win AS (
  SELECT vendor, queue, channel, day, e, ans, transferred, resolved,
         lead(e) OVER w AS next_e, lead(transferred) OVER w AS next_tr
  FROM (SELECT vendor, queue, channel, day, e, id, customer_id, ans, transferred, resolved
        FROM keyed WHERE customer_id IS NOT NULL)
  WINDOW w AS (PARTITION BY customer_id ORDER BY e, id)
), rflags AS (
  SELECT *, ans AND e + {w} <= {data_end} AS elig,
         next_e IS NOT NULL AND next_e - e <= {w} AS followed
  FROM win
), rsum AS (
  SELECT vendor, queue, channel, day,
    count(*) FILTER (elig AND followed) AS repeats, count(*) FILTER (elig) AS repeat_eligible,
    count(*) FILTER (ans AND CASE WHEN resolved IS NOT NULL THEN resolved
                                  ELSE elig AND NOT followed END) AS fcr_resolved,
    count(*) FILTER (ans AND (resolved IS NOT NULL OR elig)) AS fcr_eligible,
    count(*) FILTER (ans AND coalesce(transferred, false) AND coalesce(next_tr, false)
                     AND next_e IS NOT NULL AND next_e - e <= {PING_PONG}) AS transfer_chains
  FROM rflags GROUP BY ALL
), flags AS (
  SELECT *, ans AND coalesce(transferred, false) AS tr,
         q AND wait IS NOT NULL AND wait <= {T} AS within,
         ans AND handle_s IS NOT NULL AS hh,
         ans AND customer_id IS NULL AND resolved IS NOT NULL AS anon,
         abd AND q AND wait IS NOT NULL AS qab, ans AND q AND wait IS NOT NULL AS wq
  FROM keyed
), qsum AS (
  SELECT vendor, queue, channel, day,
    count(*) AS offered, count(*) FILTER (ans) AS answered, count(*) FILTER (abd) AS abandoned,
    count(*) FILTER (qab AND wait < {SHORT}) AS short_abandoned,
    count(*) FILTER (outcome = 'blocked') AS blocked, count(*) FILTER (q) AS queued,
  count(*) FILTER (ans AND q) AS queued_answered,
    count(*) FILTER (ans AND within) AS answered_within,
    count(*) FILTER (abd AND within) AS abandoned_within,
    count(*) FILTER (wq) AS n_wait, sum(wait) FILTER (wq) AS wait_sum,
    count(*) FILTER (hh) AS handled, sum(handle_s) FILTER (hh) AS h_sum,
    sum(handle_s * handle_s) FILTER (hh) AS h_sq,
    count(*) FILTER (anon AND resolved) AS anon_resolved, count(*) FILTER (anon) AS anon_flag,
    count(*) FILTER (tr) AS transferred,
    count(*) FILTER (ans AND transferred IS NOT NULL) AS transfer_eligible,
    count(csat) AS csat_responses, sum(csat) AS csat_sum,
    count(*) FILTER (hh AND handle_s < {NEAR_ZERO}) AS near_zero_handle,
    count(*) FILTER (qab AND wait > {T - 2 * BAND} AND wait <= {T - BAND})
      AS abandoned_well_before_t,
    count(*) FILTER (qab AND wait > {T - BAND} AND wait <= {T}) AS abandoned_before_t,
    count(*) FILTER (qab AND wait > {T} AND wait <= {T + BAND}) AS abandoned_after_t
  FROM flags GROUP BY ALL
), dcal AS (
  SELECT k.vendor, k.queue, k.channel, k.day,
         CAST({clock('f', 'k.fr')} - {clock('a', 'k.e')} AS DOUBLE) AS fr_bs,
         CAST({clock('r', 'k.rs')} - {clock('a', 'k.e')} AS DOUBLE) AS rs_bs
  FROM keyed k
  LEFT JOIN cal a ON a.day = {cal_day('k.e')}
  LEFT JOIN cal f ON f.day = {cal_day('k.fr')}
  LEFT JOIN cal r ON r.day = {cal_day('k.rs')}
  WHERE k.channel IN ('email', 'social')
), dsum AS (
  SELECT vendor, queue, channel, day, count(*) AS deferred,
    count(fr_bs) AS first_responded,
    count(*) FILTER (fr_bs <= {FIRST_H * 3600}) AS first_response_met,
    sum(fr_bs) AS fr_sum, count(rs_bs) AS resolutions,
    count(*) FILTER (rs_bs <= {RESOLVE_H * 3600}) AS resolution_met, sum(rs_bs) AS rs_sum
  FROM dcal GROUP BY ALL
), fine AS (
  SELECT *, coalesce(anon_resolved, 0) + coalesce(r_resolved, 0) AS fcr_resolved,
         coalesce(anon_flag, 0) + coalesce(r_eligible, 0) AS fcr_eligible
  FROM qsum
  FULL OUTER JOIN (SELECT * RENAME (fcr_resolved AS r_resolved, fcr_eligible AS r_eligible)
                   FROM rsum) USING (vendor, queue, channel, day)
  FULL OUTER JOIN dsum USING (vendor, queue, channel, day)
), rolled AS (
  SELECT vendor, queue, channel, day,
    {", ".join(f"coalesce(sum({c}), 0) AS {c}" for c in SUMMED)}
  FROM fine
  GROUP BY GROUPING SETS ((vendor, queue, channel, day), (vendor, queue, day),
                          (vendor, channel, day), (vendor, day))
)
SELECT vendor, queue, channel, day, offered, answered, abandoned, short_abandoned, blocked,
  queued, queued_answered, answered_within, abandoned_within,
  answered_within / nullif(queued_answered, 0) AS sl_answered,
  answered_within / nullif(queued, 0) AS sl_offered,
  answered_within / nullif(queued - short_abandoned, 0) AS sl_excl_short,
  (answered_within + abandoned_within) / nullif(queued, 0) AS sl_abandon_met,
  answered_within / nullif(queued - abandoned_within, 0) AS sl_ignore_abandons,
  wait_sum / nullif(n_wait, 0) AS asa_s, abandoned / nullif(offered, 0) AS abandon_rate,
  h_sum / nullif(handled, 0) AS aht_s,
  CASE WHEN handled > 1 THEN sqrt(greatest((h_sq - h_sum * h_sum / handled) / (handled - 1),
    0)) END AS handle_sd_s,
  handled, repeats / nullif(repeat_eligible, 0) AS repeat_rate, repeats, repeat_eligible,
  fcr_resolved / nullif(fcr_eligible, 0) AS fcr, fcr_resolved, fcr_eligible,
  transferred / nullif(transfer_eligible, 0) AS transfer_rate, transferred,
  transfer_eligible, transfer_chains, csat_sum / nullif(csat_responses, 0) AS csat,
  csat_responses, near_zero_handle, abandoned_well_before_t, abandoned_before_t,
  abandoned_after_t, deferred,
  first_response_met / nullif(deferred, 0) AS first_response_met_share,
  fr_sum / nullif(first_responded, 0) / 3600 AS first_response_business_h,
  resolution_met / nullif(deferred, 0) AS resolution_met_share,
  rs_sum / nullif(resolutions, 0) / 3600 AS resolution_business_h
FROM rolled
"""


SUMMED = ("offered", "answered", "abandoned", "short_abandoned", "blocked", "queued",
          "queued_answered", "answered_within", "abandoned_within", "n_wait", "wait_sum",
          "handled", "h_sum", "h_sq", "repeats", "repeat_eligible", "fcr_resolved",
          "fcr_eligible", "transferred", "transfer_eligible", "transfer_chains",
          "csat_responses", "csat_sum", "near_zero_handle", "abandoned_well_before_t",
          "abandoned_before_t", "abandoned_after_t", "deferred", "first_responded",
          "first_response_met", "fr_sum", "resolutions", "resolution_met", "rs_sum")


def _span(con) -> tuple[int, int, int]:
    row = con.execute("""SELECT CAST(floor(min(epoch(arrived_at))) AS BIGINT),
        CAST(floor(max(epoch(arrived_at))) AS BIGINT),
        CAST(floor(greatest(max(epoch(arrived_at)), max(epoch(first_response_at)),
                            max(epoch(resolved_at)))) AS BIGINT)
        FROM interactions""").fetchall()[0]
    return int(row[0]), int(row[1]), int(row[2])


def _cal_table(cal):
    import pyarrow as pa

    data = {"day": cal.days, "cum": cal.cum_s}
    for j in range(cal.open_s.shape[1]):
        data[f"o{j}"] = cal.open_s[:, j]
        data[f"c{j}"] = cal.close_s[:, j]
    return pa.table(data)


def _finish(raw):
    """Raw rows keyed by local day -> rows keyed by the day's start instant, sorted."""
    import pyarrow as pa

    from outsource.core.business_time import period_bounds

    start, _ = period_bounds("day", raw["day"].to_numpy(zero_copy_only=False), ZONE)
    raw = raw.set_column(raw.column_names.index("day"), "period_start",
                         pa.array(start, pa.int64()))
    return raw


def run_sql(ws: Path, parquet: Path | None) -> tuple[object, float]:
    from outsource.data import store

    t0 = time.perf_counter()
    # the workspace's committed Parquet segments, as every reader sees them (issue 10)
    with store.connect(ws, create=False) as con:
        steps, cal, data_end = _prep(_span(con))
        con.register("cal", _cal_table(cal))
        raw = con.execute(hand_sql(steps, cal, data_end)).to_arrow_table()
    out = _finish(raw)
    return out, time.perf_counter() - t0


def run_pandas(ws: Path, parquet: Path | None) -> tuple[object, float]:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from outsource.data import store

    t0 = time.perf_counter()
    with store.connect(ws, create=False) as con:
        df = con.execute("SELECT * EXCLUDE (import_id) FROM interactions").to_arrow_table(
        ).to_pandas()
    t_read = time.perf_counter() - t0

    df = df[df["outcome"].isin(["answered", "abandoned", "blocked"])].copy()
    for name in ("arrived_at", "answered_at", "first_response_at", "resolved_at"):
        vals = df[name].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(
            dtype="datetime64[us]", na_value=np.datetime64("NaT"))
        secs = np.floor_divide(vals.astype("int64"), 1_000_000).astype("float64")
        secs[np.isnat(vals)] = np.nan
        df[name + "_e"] = secs  # whole seconds since the epoch, floored
    e = df["arrived_at_e"].astype("int64")
    df["e"] = e
    span = (int(e.min()), int(e.max()), int(np.nanmax(df[["arrived_at_e", "first_response_at_e",
                                                          "resolved_at_e"]].to_numpy())))
    steps, cal, data_end = _prep(span)
    df["wait"] = df["wait_s"].fillna(df["answered_at_e"] - df["arrived_at_e"])
    df["channel"] = df["channel"].fillna("voice")
    df["vendor"] = df["vendor"].fillna("(none)")
    df["queue"] = df["queue"].fillna("(none)")
    df["day"] = (df["e"] + steps.at(df["e"].to_numpy())) // 86400
    q = df["channel"].isin(["voice", "chat"])
    ans = df["outcome"] == "answered"
    abd = df["outcome"] == "abandoned"
    # repeats: the customer's next contact (any vendor, channel), ordered by arrival then id
    known = df[df["customer_id"].notna()].sort_values(["customer_id", "e", "id"])
    nxt = known.groupby("customer_id", sort=False)[["e", "transferred"]].shift(-1)
    df["next_e"] = nxt["e"].reindex(df.index)
    df["next_tr"] = nxt["transferred"].reindex(df.index)
    w = WINDOW_D * 86400
    elig = ans & df["customer_id"].notna() & (df["e"] + w <= data_end)
    followed = df["next_e"].notna() & (df["next_e"] - df["e"] <= w)
    tr = ans & df["transferred"].fillna(False).astype(bool)
    wait = df["wait"]
    within = q & wait.notna() & (wait <= T)
    hh = ans & df["handle_s"].notna()
    res_logged = df["resolved"].notna()
    fcr_ok = ans & np.where(res_logged, df["resolved"].fillna(False).astype(bool),
                            elig & ~followed)
    next_tr = df["next_tr"].fillna(False).astype(bool)
    f = pd.DataFrame({
        "vendor": df["vendor"], "queue": df["queue"], "channel": df["channel"],
        "day": df["day"], "offered": 1, "answered": ans, "abandoned": abd,
        "short_abandoned": abd & q & (wait < SHORT), "blocked": df["outcome"] == "blocked",
        "queued": q, "queued_answered": ans & q, "answered_within": ans & within,
        "abandoned_within": abd & within, "n_wait": ans & q & wait.notna(),
        "wait_sum": wait.where(ans & q & wait.notna(), 0.0), "handled": hh,
        "h_sum": df["handle_s"].where(hh, 0.0), "h_sq": (df["handle_s"] ** 2).where(hh, 0.0),
        "repeats": elig & followed, "repeat_eligible": elig, "fcr_resolved": fcr_ok,
        "fcr_eligible": ans & (res_logged | elig), "transferred": tr,
        "transfer_eligible": ans & df["transferred"].notna(),
        "transfer_chains": tr & next_tr & df["next_e"].notna()
        & (df["next_e"] - df["e"] <= PING_PONG),
        "csat_responses": df["csat"].notna(), "csat_sum": df["csat"].fillna(0.0),
        "near_zero_handle": hh & (df["handle_s"] < NEAR_ZERO),
        "abandoned_well_before_t": abd & q & (wait > T - 2 * BAND) & (wait <= T - BAND),
        "abandoned_before_t": abd & q & (wait > T - BAND) & (wait <= T),
        "abandoned_after_t": abd & q & (wait > T) & (wait <= T + BAND),
    })
    # business time of e-mail/social: the calendar's clock at arrival, response, resolution
    d = df[df["channel"].isin(["email", "social"])]
    calf = pd.DataFrame(_cal_table(cal).to_pandas()).set_index("day")
    k = cal.open_s.shape[1]

    def clock(x: pd.Series) -> pd.Series:
        ok = x.notna()
        xv = x.fillna(0).astype("int64")
        day = (xv + cal.steps.at(xv.to_numpy())) // 86400
        c = calf.reindex(day.to_numpy())
        total = c["cum"].to_numpy(dtype=float)
        for j in range(k):
            o = c[f"o{j}"].to_numpy(dtype=float)
            cl = c[f"c{j}"].to_numpy(dtype=float)
            total = total + np.clip(xv.to_numpy() - o, 0, cl - o)
        return pd.Series(np.where(ok, total, np.nan), index=x.index)

    ba = clock(d["e"].astype("float64"))
    fr_bs = clock(d["first_response_at_e"]) - ba
    rs_bs = clock(d["resolved_at_e"]) - ba
    g = pd.DataFrame({
        "vendor": d["vendor"], "queue": d["queue"], "channel": d["channel"], "day": d["day"],
        "deferred": 1, "first_responded": fr_bs.notna(),
        "first_response_met": fr_bs <= FIRST_H * 3600, "fr_sum": fr_bs.fillna(0.0),
        "resolutions": rs_bs.notna(), "resolution_met": rs_bs <= RESOLVE_H * 3600,
        "rs_sum": rs_bs.fillna(0.0),
    })
    keys = ["vendor", "queue", "channel", "day"]
    fine = pd.concat([f.groupby(keys).sum(), g.groupby(keys).sum()], axis=1).fillna(0)
    for col in SUMMED:
        if col not in fine:
            fine[col] = 0
    fine = fine.reset_index()
    levels = [fine]
    for drop in (["channel"], ["queue"], ["queue", "channel"]):
        lv = fine.groupby([c for c in keys if c not in drop])[list(SUMMED)].sum().reset_index()
        for c in drop:
            lv[c] = None
        levels.append(lv)
    r = pd.concat(levels, ignore_index=True)

    def div(a, b):
        b = r[b] if isinstance(b, str) else b
        a = r[a] if isinstance(a, str) else a
        return (a / b.where(b != 0)).astype("float64")

    out = pd.DataFrame({"vendor": r["vendor"], "queue": r["queue"], "channel": r["channel"],
                        "day": r["day"].astype("int64")})
    for c in ("offered", "answered", "abandoned", "short_abandoned", "blocked", "queued",
              "queued_answered", "answered_within", "abandoned_within"):
        out[c] = r[c].astype("int64")
    out["sl_answered"] = div("answered_within", "queued_answered")
    out["sl_offered"] = div("answered_within", "queued")
    out["sl_excl_short"] = div("answered_within", r["queued"] - r["short_abandoned"])
    out["sl_abandon_met"] = div(r["answered_within"] + r["abandoned_within"], "queued")
    out["sl_ignore_abandons"] = div("answered_within", r["queued"] - r["abandoned_within"])
    out["asa_s"] = div("wait_sum", "n_wait")
    out["abandon_rate"] = div("abandoned", "offered")
    out["aht_s"] = div("h_sum", "handled")
    var = div(r["h_sq"] - r["h_sum"] * div("h_sum", "handled"), r["handled"] - 1)
    out["handle_sd_s"] = np.sqrt(var.clip(lower=0))
    out["handled"] = r["handled"].astype("int64")
    out["repeat_rate"] = div("repeats", "repeat_eligible")
    for c in ("repeats", "repeat_eligible"):
        out[c] = r[c].astype("int64")
    out["fcr"] = div("fcr_resolved", "fcr_eligible")
    for c in ("fcr_resolved", "fcr_eligible"):
        out[c] = r[c].astype("int64")
    out["transfer_rate"] = div("transferred", "transfer_eligible")
    for c in ("transferred", "transfer_eligible", "transfer_chains"):
        out[c] = r[c].astype("int64")
    out["csat"] = div("csat_sum", "csat_responses")
    for c in ("csat_responses", "near_zero_handle", "abandoned_well_before_t",
              "abandoned_before_t", "abandoned_after_t", "deferred"):
        out[c] = r[c].astype("int64")
    out["first_response_met_share"] = div("first_response_met", "deferred")
    out["first_response_business_h"] = div("fr_sum", "first_responded") / 3600
    out["resolution_met_share"] = div("resolution_met", "deferred")
    out["resolution_business_h"] = div("rs_sum", "resolutions") / 3600
    table = _finish(pa.Table.from_pandas(out, preserve_index=False))
    elapsed = time.perf_counter() - t0
    print(json.dumps({"read_s": t_read}), file=sys.stderr)
    return table, elapsed


SIDES = {"ibis": run_ibis, "sql": run_sql, "pandas": run_pandas, "spark": run_spark}


# --- comparison ----------------------------------------------------------------------------

def _sorted(t):
    import pyarrow as pa

    cols = ["vendor", "period_start", "queue", "channel"]
    t = t.sort_by([(c, "ascending", "at_start") for c in cols])
    return t.cast(pa.schema([t.schema.field(c) for c in t.column_names]))


def differences(ref, other) -> list[str]:
    """Columns on which ``other`` disagrees with ``ref`` (floats to 1e-9 relative)."""
    import pyarrow as pa

    a, b = _sorted(ref), _sorted(other)
    if a.num_rows != b.num_rows:
        return [f"rows: {a.num_rows} vs {b.num_rows}"]
    out = []
    for name in a.column_names:
        if name not in b.column_names:
            out.append(f"{name} missing")
            continue
        x = a[name].to_pylist()
        y = b[name].cast(a.schema.field(name).type).to_pylist()
        if pa.types.is_floating(a.schema.field(name).type):
            bad = sum(1 for u, v in zip(x, y, strict=True) if not (
                (u is None and v is None) or (u is not None and v is not None and math.isclose(
                    u, v, rel_tol=1e-9, abs_tol=1e-9))))
        else:
            bad = sum(1 for u, v in zip(x, y, strict=True) if u != v)
        if bad:
            out.append(f"{name} ({bad} rows)")
    return out


def child(side: str, ws: Path, parquet: Path | None, out: Path) -> None:
    import pyarrow.parquet as pq

    table, elapsed = SIDES[side](ws, parquet)
    pq.write_table(table, out)
    # VmHWM, not ru_maxrss: Linux carries the parent's ru_maxrss over fork + exec
    rss = _hwm_mb() + sum(EXTRA_RSS_MB)
    print(json.dumps({"compute_s": elapsed, "peak_rss_mb": rss, "rows": table.num_rows,
                      "extra_cpu_s": sum(EXTRA_CPU_S)}))


def generate(ws: Path, rows: int, seed: int) -> int:
    import numpy as np

    from outsource.data import synthetic

    return synthetic.store(ws, synthetic.generate(np.random.default_rng(seed), total=rows),
                           f"bench-{rows}-{seed}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sides", default="ibis,sql,pandas,spark")
    ap.add_argument("--keep", type=Path, help="workspace folder to reuse (kept afterwards)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per side (best one kept)")
    ap.add_argument("--child", choices=sorted(SIDES))
    ap.add_argument("--ws", type=Path)
    ap.add_argument("--parquet", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.ws, args.parquet, args.out)
        return
    sides = [s for s in args.sides.split(",") if s]
    tmp = Path(tempfile.mkdtemp(prefix="bench-monitor-"))
    ws = args.keep or tmp / "ws"
    try:
        t0 = time.perf_counter()
        added = generate(ws, args.rows, args.seed)
        from outsource.data import store

        with store.connect(ws, create=False) as con:
            n = con.execute("SELECT count(*) FROM interactions").fetchall()[0][0]
        size = sum(f.stat().st_size for f in store.committed_files(ws))
        print(f"{n:,} synthetic interactions ({'generated' if added else 'reused'} in "
              f"{time.perf_counter() - t0:.1f} s; Parquet segments {size / 1e9:.2f} GB)",
              flush=True)
        parquet = None
        if "spark" in sides:
            from outsource.services.monitoring import export_parquet

            parquet = tmp / "pq"
            t0 = time.perf_counter()
            export_parquet(ws, parquet)
            print(f"exported to Parquet in {time.perf_counter() - t0:.1f} s", flush=True)
        results: dict[str, dict] = {}
        tables = {}
        import pyarrow.parquet as pq

        for rep in range(args.repeat):
            for side in sides:  # interleaved, so load from other jobs hits every side alike
                out = tmp / f"{side}.parquet"
                cmd = [sys.executable, __file__, "--child", side, "--ws", str(ws), "--out",
                       str(out)]
                if parquet is not None:
                    cmd += ["--parquet", str(parquet)]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True, text=True,
                                      env={**os.environ, "PYTHONWARNINGS": "ignore"})
                wall = time.perf_counter() - t0
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if proc.returncode:
                    sys.exit(f"{side} failed:\n{proc.stderr[-3000:]}")
                res = json.loads(proc.stdout.strip().splitlines()[-1])
                res["process_s"] = wall
                res["cpu_s"] = (after.ru_utime - before.ru_utime
                                + after.ru_stime - before.ru_stime + res["extra_cpu_s"])
                print(f"{side:7s} run {rep + 1}: compute {res['compute_s']:7.2f} s  process "
                      f"{wall:7.2f} s  cpu {res['cpu_s']:7.1f} s  peak RSS "
                      f"{res['peak_rss_mb']:7,.0f} MB  rows {res['rows']:,}", flush=True)
                best = results.get(side)
                if best is None or res["compute_s"] < best["compute_s"]:
                    results[side] = res
                if side not in tables:
                    tables[side] = pq.read_table(out)
        print("best of", args.repeat, "runs:")
        for side, res in results.items():
            print(f"{side:7s} compute {res['compute_s']:7.2f} s  process {res['process_s']:7.2f} s"
                  f"  cpu {res['cpu_s']:7.1f} s  peak RSS {res['peak_rss_mb']:7,.0f} MB")
        ref = "ibis" if "ibis" in tables else sides[0]
        bad = {s: differences(tables[ref], t) for s, t in tables.items() if s != ref}
        bad = {s: d for s, d in bad.items() if d}
        r = results
        if "ibis" in r and "sql" in r:
            print(f"ibis / hand-written SQL: {r['ibis']['compute_s'] / r['sql']['compute_s']:.2f}x "
                  f"compute, {r['ibis']['process_s'] / r['sql']['process_s']:.2f}x process, "
                  f"{r['ibis']['cpu_s'] / r['sql']['cpu_s']:.2f}x cpu (goal <= 1.3x)")
        if "ibis" in r and "pandas" in r:
            print(f"pandas / ibis: {r['pandas']['compute_s'] / r['ibis']['compute_s']:.1f}x "
                  f"compute, {r['pandas']['process_s'] / r['ibis']['process_s']:.1f}x process, "
                  f"{r['pandas']['cpu_s'] / r['ibis']['cpu_s']:.1f}x cpu (goal >= 4x)")
        if "ibis" in r and "spark" in r:
            print(f"spark local[2] / ibis on DuckDB: "
                  f"{r['spark']['process_s'] / r['ibis']['process_s']:.1f}x process")
        if bad:
            sys.exit(f"sides disagree with {ref}: {bad}")
        print(f"all sides agree with {ref} ({tables[ref].num_rows:,} rows, every KPI column)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
