"""Time the cost model: 10,000 Monte Carlo draws of 50 options (issue 5).

Builds the bundled bank scenario (src/outsource/examples/scenario_bank.yaml)
with extra explicit options up to 50 options in all, then times each stage of
``outsource plan``: staffing and compiling the options, drawing the inputs,
evaluating every option on every draw, summarising (percentiles, probability
of beating in-house, rank correlations), the tornado, and the break-even grid.
Run: ``.venv/bin/python benchmarks/costs.py [--draws N] [--options K] [--seed S]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from outsource.core import plan as core
from outsource.core.uncertainty import central, sample
from outsource.data.ratecard import load_cards
from outsource.data.scenario import (
    load_scenario,
    parse_scenario,
    plan_spec,
    scenario_workload,
)

SCENARIO = Path(__file__).parents[1] / "src" / "outsource" / "examples" / "scenario_bank.yaml"


def _scenario(n_options: int):
    s = load_scenario(SCENARIO)
    regions = ("india", "asia_philippines", "latin_america", "eastern_europe", "pakistan")
    extra = [{"name": f"extra {i}", "region": regions[i % len(regions)],
              "pricing_model": "dedicated_hourly", "rate": [6 + i % 9, 10 + i % 9],
              "vendor_shrinkage": [0.25, 0.35]} for i in range(60)]
    data = s.model_dump(exclude_none=True)
    data["options"] = data["options"] + extra
    full = parse_scenario(data)
    card = load_cards([])
    staffer = core.Staffer.of(scenario_workload(full, SCENARIO.parent), plan_spec(full))
    b = core.OptionBuilder(plan_spec(full), card, staffer)
    return b, b.all_options()[:n_options], staffer, card


def _timed(label: str, fn, times: dict):
    start = time.perf_counter()
    out = fn()
    times[label] = time.perf_counter() - start
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--options", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    times: dict[str, float] = {}
    b, opts, staffer, card = _timed("staff + compile", lambda: _scenario(args.options), times)
    det = central(b.ranges)
    draws = _timed("draw inputs", lambda: sample(b.ranges, args.draws,
                                                 np.random.default_rng(args.seed)), times)
    costs = _timed("evaluate options", lambda: core.evaluate(opts, draws), times)
    costs_det = core.evaluate(opts, det)
    facts = staffer.facts(staffer.calls)
    _timed("summarise", lambda: core.summarise(opts, det, draws, costs_det, costs, facts), times)
    _timed("tornado", lambda: core.tornado(b, opts, 1), times)
    _timed("break-even grid", lambda: core.breakeven_rows(staffer, card), times)
    mc = times["draw inputs"] + times["evaluate options"] + times["summarise"]
    print(f"{len(opts)} options, {args.draws:,} draws, {len(b.ranges)} uncertain inputs")
    for label, t in times.items():
        print(f"  {label:18s} {t:8.3f} s")
    print(f"  Monte Carlo (draw + evaluate + summarise): {mc:.3f} s (goal < 1 s)")


if __name__ == "__main__":
    main()
