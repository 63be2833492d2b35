"""Staff 10,000 half-hour intervals (10-5,000 calls, AHT 120-900 s, 80/20).

Prints, in one run, the time of ours and of pyworkforce (the peer), their
ratio, and whether both give the same agents for every interval. Also times
the Erlang A solver on the same intervals (pyworkforce has no Erlang A).
Run: ``.venv/bin/python benchmarks/staffing.py [--intervals N] [--peer-sample M]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from outsource.core.staffing import Targets, Workload, required_agents


def _ours(calls: np.ndarray, aht: np.ndarray, patience: float | None = None) -> tuple:
    wl = Workload.build(calls, 1800.0, aht, patience_s=patience)
    start = time.perf_counter()
    agents = required_agents(wl, Targets(0.8, 20.0))
    return agents, time.perf_counter() - start


def _peer(calls: np.ndarray, aht: np.ndarray) -> tuple:
    from pyworkforce.queuing import ErlangC

    start = time.perf_counter()
    agents = [ErlangC(transactions=float(c), aht=float(a) / 60.0, asa=20.0 / 60.0, interval=30)
              .required_positions(service_level=0.8)["raw_positions"]
              for c, a in zip(calls, aht, strict=True)]
    return np.array(agents, dtype=float), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--intervals", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    calls = rng.integers(10, 5001, args.intervals).astype(float)
    aht = rng.uniform(120.0, 900.0, args.intervals).round()
    _ours(calls[:10], aht[:10])  # warm caches
    ours, t_ours = _ours(calls, aht)
    peer, t_peer = _peer(calls, aht)
    same = int(np.sum(ours == peer))
    _, t_a = _ours(calls, aht, patience=180.0)
    print(f"intervals: {args.intervals:,} (10-5,000 calls / 30 min, AHT 120-900 s, 80/20)")
    print(f"ours (Erlang C)     : {t_ours:8.3f} s")
    print(f"pyworkforce 0.5.1   : {t_peer:8.3f} s")
    print(f"ratio               : {t_peer / t_ours:8.1f}x faster")
    print(f"same agents         : {same:,} of {args.intervals:,} intervals")
    print(f"ours (Erlang A, patience 180 s): {t_a:8.3f} s")
    if same != args.intervals:
        raise SystemExit("ours and pyworkforce disagree")


if __name__ == "__main__":
    main()
