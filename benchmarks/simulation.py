"""Simulation speed: our Numba kernel against ``ciw`` on the same M/M/n+M model.

Run ``.venv/bin/python benchmarks/simulation.py`` (``--quick`` for a short run).
Both sides simulate Poisson arrivals, exponential handle times (mean 240 s)
and exponential patience (mean 180 s) with ``n`` agents at 95 % load, and
report calls per second of wall time including the drawing of random numbers.
The abandonment rate of each side is printed next to the exact Erlang A value
as a check that both simulate the same model. ``ciw`` is run on fewer calls
(it is much slower); the rate is per call, so the ratio is fair.
"""

from __future__ import annotations

import argparse
import time

import ciw
import numpy as np

from outsource.core.distributions import make
from outsource.core.erlang_a import erlang_a
from outsource.core.replicate import measures
from outsource.core.scenario import Scenario, simulate

AHT, PATIENCE, LOAD = 240.0, 180.0, 0.95


def ours(n: int, calls: int, seed: int = 1) -> tuple[float, float, int]:
    """(calls/s, abandonment rate, calls) of our simulation of ``calls`` calls."""
    lam = n * LOAD / AHT
    horizon = calls / lam
    sc = Scenario(np.array([0.0, horizon]), np.array([n]), np.array([lam]),
                  make("exponential", AHT), make("exponential", PATIENCE))
    simulate(sc, np.random.default_rng(0), arrivals=[0.0])  # compile / load the cache
    start = time.perf_counter()
    run = simulate(sc, np.random.default_rng(seed))
    elapsed = time.perf_counter() - start
    m = measures(run.tally, overall=True)
    return m["offered"] / elapsed, float(m["abandon_rate"]), int(m["offered"])


def kernel_only(n: int, calls: int, seed: int = 1) -> float:
    """Calls/s of the queue kernel alone (calls drawn beforehand)."""
    from outsource.core.simulate import run_queue

    rng = np.random.default_rng(seed)
    lam = n * LOAD / AHT
    arrival = np.cumsum(rng.exponential(1 / lam, calls))
    handle, patience = rng.exponential(AHT, calls), rng.exponential(PATIENCE, calls)
    start = time.perf_counter()
    run_queue(arrival, handle, patience, [0.0, arrival[-1] + 1], [n])
    return calls / (time.perf_counter() - start)


def with_ciw(n: int, calls: int, seed: int = 1) -> tuple[float, float, int]:
    """(calls/s, abandonment rate, calls) of ciw simulating about ``calls`` calls."""
    lam = n * LOAD / AHT
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=lam)],
        service_distributions=[ciw.dists.Exponential(rate=1 / AHT)],
        number_of_servers=[n],
        reneging_time_distributions=[ciw.dists.Exponential(rate=1 / PATIENCE)],
    )
    ciw.seed(seed)
    start = time.perf_counter()
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(calls / lam)
    elapsed = time.perf_counter() - start
    records = sim.get_all_records(only=["service", "renege"])
    reneged = sum(r.record_type == "renege" for r in records)
    return len(records) / elapsed, reneged / max(len(records), 1), len(records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls")
    args = parser.parse_args()
    ours_calls, ciw_calls = (200_000, 10_000) if args.quick else (2_000_000, 60_000)
    print(f"M/M/n+M, load {LOAD}, mean handle {AHT:.0f} s, mean patience {PATIENCE:.0f} s")
    header = (f"{'n':>5} {'ours calls/s':>14} {'kernel calls/s':>15} {'ciw calls/s':>12} "
              f"{'ratio':>7} {'abandon ours':>13} {'abandon ciw':>12} {'exact':>8}")
    print(header)
    for n in (50, 200):
        rate, ab, _ = ours(n, ours_calls)
        kernel = kernel_only(n, ours_calls)
        c_rate, c_ab, _ = with_ciw(n, ciw_calls)
        exact = float(np.ravel(erlang_a(n * LOAD / AHT, AHT, PATIENCE, n).p_abandon)[0])
        print(f"{n:>5} {rate:>14,.0f} {kernel:>15,.0f} {c_rate:>12,.0f} {rate / c_rate:>6.0f}x "
              f"{ab:>13.4f} {c_ab:>12.4f} {exact:>8.4f}")


if __name__ == "__main__":
    main()
