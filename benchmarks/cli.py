"""Whole-process speed of ``outsource`` as a user meets it, beside pyworkforce (issue 9).

Every figure is one process, start-up included: wall time, CPU time (user +
system, ``ru_utime + ru_stime``) and peak resident memory (``ru_maxrss``),
both from ``os.wait4`` of the child. On the shared 2-core machine the wall time
moves with other people's jobs; the CPU time much less, so both are printed. Each command runs
once untimed first (so Numba's on-disk cache and the OS file cache are warm,
as on a user's second run), then ``--repeat`` times; the best and the median
are printed.

1. ``outsource --help``;
2. one answer: ``outsource staff --calls 250 --period-minutes 30 --aht-s 240``;
3. ``outsource staff --workload`` on 100,000 half-hour intervals (10 to 5,000
   calls, AHT 120 to 900 s, 80 % within 20 s), JSON to a file and Parquet out;
   beside it pyworkforce 0.5.1's ``ErlangC.required_positions`` per interval,
   as a whole process too. pyworkforce takes about 1.5 ms an interval, so it
   is timed on a sample (``--peer-sample``, default 2,000 intervals of the
   same file) and extrapolated to 100,000: its start-up plus the sample's
   per-interval time x 100,000. The sample's agents are checked against ours;
4. ``outsource simulate`` of about 10 million M/M/50+M calls (95 % load,
   exponential handle 240 s and patience 180 s, 84 replications of a week).

Run: ``.venv/bin/python benchmarks/cli.py [--intervals N] [--repeat R] [--parts ...]
[--exe PATH]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

EXE = str(Path(sys.executable).parent / "outsource")
#: Children run as a user's would: Python writes and reuses its bytecode caches
#: (a session that sets PYTHONDONTWRITEBYTECODE would otherwise recompile every
#: edited module of the project in every run, about 0.05 s).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], stdout_path: Path | None = None) -> tuple[float, float, float]:
    """Wall time [s], peak RSS [MB] and CPU time (user + system) [s] of one process."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=CHILD_ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode() if proc.stderr else ""
    finally:
        if stdout_path:
            out.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err}")
    return wall, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def repeated(label: str, cmd: list[str], repeat: int, stdout_path: Path | None = None) -> dict:
    measure(cmd, stdout_path)  # warm-up: caches as on a second run
    runs = [measure(cmd, stdout_path) for _ in range(repeat)]
    walls, rss, cpu = ([r[i] for r in runs] for i in range(3))
    row = {"label": label, "best_s": min(walls), "median_s": statistics.median(walls),
           "peak_mb": max(rss), "cpu_best_s": min(cpu), "cpu_median_s": statistics.median(cpu)}
    print(f"  {label:52s} best {row['best_s']:7.3f} s  median {row['median_s']:7.3f} s  "
          f"cpu {row['cpu_best_s']:6.3f} s ({row['cpu_median_s']:.3f})  "
          f"peak {row['peak_mb']:6.0f} MB", flush=True)
    return row


def write_workload(path: Path, n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    calls = rng.integers(10, 5001, n)
    aht = rng.integers(120, 901, n)
    t0 = datetime(2026, 1, 5, tzinfo=timezone(timedelta(hours=-5)))
    with path.open("w", encoding="utf-8") as fh:
        fh.write("interval_start,calls,aht_s,period_minutes\n")
        for i in range(n):
            fh.write(f"{(t0 + timedelta(minutes=30 * i)).isoformat()},{calls[i]},{aht[i]},30\n")
    return calls, aht


PEER = """
import sys, time, json
calls, aht = json.loads(sys.argv[1]), json.loads(sys.argv[2])
t0, c0 = time.perf_counter(), time.process_time()
from pyworkforce.queuing import ErlangC
t1, c1 = time.perf_counter(), time.process_time()
agents = [ErlangC(transactions=c, aht=a / 60, asa=20 / 60, interval=30)
          .required_positions(0.8)["raw_positions"] for c, a in zip(calls, aht)]
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"import_s": t1 - t0, "loop_s": t2 - t1, "loop_cpu_s": c2 - c1,
                  "agents": agents}))
"""


def peer(calls: np.ndarray, aht: np.ndarray) -> dict:
    """pyworkforce as a whole process: its own timers, and wall and CPU time from outside."""
    cmd = [sys.executable, "-c", PEER, json.dumps(calls.tolist()), json.dumps(aht.tolist())]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=CHILD_ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit("the pyworkforce peer failed")
        out.seek(0)
        doc = json.loads(out.read())
    doc["wall_s"] = wall
    doc["cpu_s"] = usage.ru_utime + usage.ru_stime
    return doc


def simulate_workload(path: Path, agents: int = 50, load: float = 0.95) -> float:
    """One week of half-hour intervals of M/M/50+M at ``load``; returns calls per week."""
    calls = load * agents / 240.0 * 1800.0
    t0 = datetime(2026, 1, 5, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("interval_start,calls,aht_s,patience_s,period_minutes\n")
        for i in range(336):
            fh.write(f"{(t0 + timedelta(minutes=30 * i)).isoformat()},{calls},240,180,30\n")
    return 336 * calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--intervals", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--peer-sample", type=int, default=2_000)
    parser.add_argument("--sim-replications", type=int, default=84)
    parser.add_argument("--parts", default="help,one,workload,simulate",
                        help="comma-separated subset of help,one,workload,simulate")
    parser.add_argument("--exe", default=EXE,
                        help="the outsource executable to time (e.g. a wrapper running an "
                             "older checkout, for before/after rounds)")
    args = parser.parse_args()
    globals()["EXE"] = args.exe
    parts = set(args.parts.split(","))
    print(f"outsource CLI, whole processes; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    big = max(2, args.repeat // 2)
    quick: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        if "help" in parts:
            quick.append(repeated("outsource --help", [EXE, "--help"], args.repeat))
        if "one" in parts:
            quick.append(repeated("outsource staff --calls 250 --period-minutes 30 --aht-s 240",
                                  [EXE, "staff", "--calls", "250", "--period-minutes", "30",
                                   "--aht-s", "240"], args.repeat))
            repeated("  the same with --patience-s 180 (Erlang A)",
                     [EXE, "staff", "--calls", "250", "--period-minutes", "30", "--aht-s", "240",
                      "--patience-s", "180"], args.repeat)
        if "workload" in parts:
            workload(d, args, big)
        if "simulate" in parts:
            sim = d / "mm50.csv"
            simulate_workload(sim)
            out = d / "sim.json"
            cmd = [EXE, "simulate", "--workload", str(sim), "--agents", "50", "--replications",
                   str(args.sim_replications), "--seed", "1", "--json"]
            r = repeated(f"simulate M/M/50+M, {args.sim_replications} replications of a week",
                         cmd, big, out)
            doc = json.loads(out.read_text(encoding="utf-8"))
            n_calls = doc["overall"]["offered"] * doc["replications"]
            print(f"  simulate: {n_calls:,.0f} calls: {n_calls / r['best_s'] / 1e6:.2f} M "
                  f"calls/s best, {n_calls / r['median_s'] / 1e6:.2f} M calls/s median, whole "
                  f"process, wall (goal >= 5 M/s); abandonment "
                  f"{doc['overall']['abandon_rate']:.4f}")
        if quick:
            print("goals: --help and one answer < 0.5 s and < 150 MB each")
        for r in quick:
            ok = r["best_s"] < 0.5 and r["peak_mb"] < 150
            print(f"  {r['label']}: {'met' if ok else 'NOT met'} "
                  f"({r['best_s']:.3f} s, {r['peak_mb']:.0f} MB)")
    print(f"load average {os.getloadavg()[0]:.2f} at end (2 shared cores: figures move "
          "with other jobs)")


def workload(d: Path, args: argparse.Namespace, big: int) -> None:
    """``staff --workload`` (JSON and Parquet out) beside pyworkforce per interval."""
    wl = d / "workload.csv"
    calls, aht = write_workload(wl, args.intervals)
    base = [EXE, "staff", "--workload", str(wl), "--service-level", "0.8",
            "--answer-within-s", "20"]
    rows = [repeated(f"staff --workload ({args.intervals:,} intervals) --json",
                     [*base, "--json"], big, d / "out.json"),
            repeated(f"staff --workload ({args.intervals:,} intervals) --out .parquet",
                     [*base, "--out", str(d / "out.parquet")], big)]
    import pyarrow.parquet as pq

    ours = pq.read_table(d / "out.parquet").column("agents").to_numpy()
    k = min(args.peer_sample, args.intervals)
    print(f"  pyworkforce ErlangC, {k:,} of the intervals (sample) ...", flush=True)
    p = peer(calls[:k], aht[:k])
    same = int(np.sum(np.asarray(p["agents"], dtype=float) == ours[:k]))
    per = p["loop_s"] / k
    startup = p["wall_s"] - p["loop_s"]
    extrapolated = startup + per * args.intervals
    per_cpu = p["loop_cpu_s"] / k
    startup_cpu = p["cpu_s"] - p["loop_cpu_s"]
    extrapolated_cpu = startup_cpu + per_cpu * args.intervals
    print(f"  pyworkforce: process {p['wall_s']:.2f} s for {k:,} intervals "
          f"({per * 1e3:.3f} ms per interval, start-up {startup:.2f} s; CPU "
          f"{per_cpu * 1e3:.3f} ms per interval, start-up {startup_cpu:.2f} s); same agents "
          f"as ours on {same:,} / {k:,}")
    print(f"  pyworkforce extrapolated to {args.intervals:,} intervals: "
          f"{extrapolated:.1f} s wall, {extrapolated_cpu:.1f} s CPU "
          f"(start-up + {args.intervals:,} x per-interval time)")
    for r in rows:
        print(f"  ratio pyworkforce / ours, {r['label'].split(') ')[1]}: "
              f"{extrapolated / r['best_s']:.0f}x best, "
              f"{extrapolated / r['median_s']:.0f}x median wall; "
              f"{extrapolated_cpu / r['cpu_best_s']:.0f}x best, "
              f"{extrapolated_cpu / r['cpu_median_s']:.0f}x median CPU (goal >= 100x)")


if __name__ == "__main__":
    main()
