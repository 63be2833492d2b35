"""Benchmark: import + profile N synthetic contacts, DuckDB path vs a pandas peer.

Generates a canonical CSV (default 10 million rows), then, each in its own
process so that peak memory (max RSS) is per side:

* ``duckdb``: ``outsource`` import (validation, rejects, de-duplication) + profile;
* ``pandas``: the same work with pandas (parse, validate, de-duplicate ids,
  weekday x interval means, AHT per interval, abandonment, Brown patience,
  repeat contacts within 7 days, channel mix).

Both sides must agree: same imported and rejected counts, same rejected line
numbers, same profile figures (to 1e-9 relative); the run fails otherwise.

Usage: ``python benchmarks/profile.py [--rows 10000000]``.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

INTERVAL = 30


def generate(path: Path, rows: int) -> None:
    """Write ``rows`` synthetic contacts over 8 weeks (0.1 % malformed timestamps)."""
    duckdb.execute(f"""COPY (SELECT 'c' || i AS id,
        CASE WHEN i % 10 < 7 THEN 'voice' WHEN i % 10 < 9 THEN 'chat' ELSE 'email' END AS channel,
        CASE WHEN i % 1000 = 7 THEN 'not-a-time' ELSE strftime(TIMESTAMP '2024-01-01'
          + to_seconds(CAST(hash(i) % (56 * 86400) AS BIGINT)), '%Y-%m-%dT%H:%M:%SZ') END
          AS arrived_at,
        hash(i * 3) % 300 AS wait_s,
        CASE WHEN i % 9 = 0 THEN NULL ELSE 60 + hash(i * 5) % 600 END AS handle_s,
        CASE WHEN i % 9 = 0 THEN 'abandoned' ELSE 'answered' END AS outcome,
        'k' || (hash(i * 7) % {max(rows // 4, 1)}) AS customer_id
        FROM range({rows}) t(i)) TO '{path}' (HEADER, DELIMITER ',')""")


def run_duckdb(src: Path, work: Path) -> dict[str, object]:
    from outsource.services.ingest import import_file
    from outsource.services.profile import ProfileOptions, build_profile

    t0 = time.perf_counter()
    res = import_file(src, work)
    t1 = time.perf_counter()
    prof = build_profile(work, ProfileOptions(interval=INTERVAL, timezone="UTC"))
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "profile_s": t2 - t1, "imported": res.imported,
            "rejected": res.rejected, "mean_handle_s": prof.mean_handle_s,
            "abandon_rate": prof.abandon_rate, "patience_s": prof.patience_s,
            "repeat_7d_share": prof.repeat_7d_share, "mon_9h": prof.calls_by_hour["Mon"][9],
            "reject_lines": sorted(set(res.rejects.line.tolist()))}


def run_pandas(src: Path, work: Path) -> dict[str, object]:
    import numpy as np
    import pandas as pd

    t0 = time.perf_counter()
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    df["ts"] = pd.to_datetime(df["arrived_at"], format="ISO8601", utc=True, errors="coerce")
    for col in ("wait_s", "handle_s"):
        df[col] = pd.to_numeric(df[col].replace("", np.nan), errors="coerce")
    ok = df["ts"].notna() & (df["id"] != "") & df["outcome"].isin(
        ["answered", "abandoned", "blocked", "other"])
    rejects = df.index[~ok] + 2
    df = df[ok].drop_duplicates("id", keep="first")
    t1 = time.perf_counter()
    off = df[df["outcome"].isin(["answered", "abandoned", "blocked"])]
    local = off["ts"].dt.tz_convert("UTC")
    day, slot = local.dt.normalize(), local.dt.hour * 60 // INTERVAL + local.dt.minute // INTERVAL
    per = off.groupby([day, slot]).size().unstack(fill_value=0)
    days = pd.date_range(day.min(), day.max(), freq="D")
    per = per.reindex(index=days, columns=range(1440 // INTERVAL), fill_value=0)
    means = per.groupby(per.index.day_of_week).mean()
    served = off[(off["outcome"] == "answered") & off["handle_s"].notna()]
    keys = [local[served.index].dt.day_of_week, slot[served.index]]
    aht = served.groupby(keys)["handle_s"].mean()
    queued = off[off["outcome"].isin(["answered", "abandoned"])]
    n_ab = int((queued["outcome"] == "abandoned").sum())
    known = off[off["customer_id"] != ""].sort_values(["customer_id", "ts"])
    gap = known.groupby("customer_id")["ts"].diff()
    mix = off["channel"].value_counts(normalize=True)
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "profile_s": t2 - t1, "imported": len(df),
            "rejected": len(rejects), "mean_handle_s": float(served["handle_s"].mean()),
            "abandon_rate": n_ab / len(off), "patience_s": float(queued["wait_s"].sum()) / n_ab,
            "repeat_7d_share": float((gap <= pd.Timedelta(days=7)).sum() / len(known)),
            "mon_9h": float(means.loc[0, [18, 19]].sum()), "cells": int(aht.size + mix.size),
            "reject_lines": [int(x) for x in rejects]}


EXACT = ("imported", "rejected", "reject_lines")
CLOSE = ("mean_handle_s", "abandon_rate", "patience_s", "repeat_7d_share", "mon_9h")


def differences(a: dict[str, object], b: dict[str, object]) -> list[str]:
    """Outputs on which the two sides disagree (figures to 1e-9 relative)."""
    out = [k for k in EXACT if a[k] != b[k]]
    out += [k for k in CLOSE if not math.isclose(a[k], b[k], rel_tol=1e-9)]
    return out


def child(side: str, src: Path, work: Path) -> None:
    out = (run_duckdb if side == "duckdb" else run_pandas)(src, work)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--child", choices=["duckdb", "pandas"])
    ap.add_argument("--src", type=Path)
    ap.add_argument("--work", type=Path)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.src, args.work)
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "contacts.csv"
        t0 = time.perf_counter()
        generate(src, args.rows)
        print(f"generated {args.rows:,} rows ({src.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - t0:.1f} s", flush=True)
        results = {}
        for side in ("duckdb", "pandas"):
            cmd = [sys.executable, __file__, "--child", side, "--src", str(src),
                   "--work", str(Path(tmp) / f"ws-{side}")]
            results[side] = json.loads(subprocess.run(cmd, check=True, capture_output=True,
                                                      text=True).stdout.strip().splitlines()[-1])
            lines = results[side].pop("reject_lines")
            print(side, json.dumps(results[side]), flush=True)
            results[side]["reject_lines"] = lines
    total = {s: r["import_s"] + r["profile_s"] for s, r in results.items()}
    print(f"total: duckdb {total['duckdb']:.1f} s, pandas {total['pandas']:.1f} s, "
          f"ratio {total['pandas'] / total['duckdb']:.1f}x")
    diff = differences(results["duckdb"], results["pandas"])
    if diff:
        sys.exit(f"the two sides disagree on {diff}")
    print(f"same results on both sides ({len(results['duckdb']['reject_lines']):,} rejected "
          "lines, counts and profile figures)")


if __name__ == "__main__":
    main()
