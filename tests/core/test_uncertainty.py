"""Monte Carlo over ranges: reproducibility, convergence to the midpoint case, sensitivity."""

from __future__ import annotations

import numpy as np
import pytest

from outsource.core.costs import INHOUSE_DEFAULTS, InhouseInputs, WorkloadFacts, inhouse_cost
from outsource.core.pricing import VendorTerms, vendor_fees
from outsource.core.uncertainty import (
    Range,
    central,
    percentiles,
    rank_correlation,
    sample,
    tornado_design,
    tornado_swings,
)
from outsource.errors import InvalidInput

FACTS = WorkloadFacts(100_000, 500_000, 14_560, 10, 300)


def test_range_validation_and_central():
    assert Range(1, 3).central == 2 and Range(1, 3, 1.5).central == 1.5
    assert Range(1, 3, 1.5, "uniform").central == 2
    assert Range.fixed(4).spread == 0
    for bad in (lambda: Range(3, 1), lambda: Range(1, 3, 5), lambda: Range(1, 2, dist="beta")):
        with pytest.raises(InvalidInput):
            bad()


def test_seeded_draws_are_reproducible_and_within_bounds():
    ranges = {"a": Range(1, 3), "b": Range(0, 10, dist="uniform"), "c": Range.fixed(7)}
    one = sample(ranges, 1000, np.random.default_rng(1))
    two = sample(dict(reversed(ranges.items())), 1000, np.random.default_rng(1))
    for k in ranges:
        assert np.array_equal(one[k], two[k])
        assert ranges[k].low <= one[k].min() and one[k].max() <= ranges[k].high
    assert np.all(one["c"] == 7)


def test_p50_converges_to_the_midpoint_case_for_symmetric_ranges():
    # vendor fees are linear in the rate: the P50 of symmetric draws is the midpoint case
    rate = Range(8.0, 15.0)
    draws = sample({"r": rate}, 200_000, np.random.default_rng(3))["r"]
    fees = vendor_fees(FACTS, VendorTerms("dedicated_hourly", draws))
    det = float(vendor_fees(FACTS, VendorTerms("dedicated_hourly", central({"r": rate})["r"]))[0])
    p10, p50, p90 = percentiles(fees)
    assert p50 == pytest.approx(det, rel=2e-3)
    assert p10 < det < p90


def test_inhouse_p50_near_the_midpoint_case():
    ranges = {k: Range(lo, hi) for k, (lo, _m, hi, _s) in INHOUSE_DEFAULTS.items()}
    p = {f"inhouse.{k}": v for k, v in sample(ranges, 100_000, np.random.default_rng(5)).items()}
    mid = {f"inhouse.{k}": v for k, v in central(ranges).items()}
    mc = inhouse_cost(FACTS, InhouseInputs.from_params(p)).total
    det = float(inhouse_cost(FACTS, InhouseInputs.from_params(mid)).total[0])
    # products and 1/(1 - shrinkage) make it mildly non-linear: within 1%
    assert float(np.median(mc)) == pytest.approx(det, rel=0.01)


def test_rank_correlation_finds_the_driver():
    rng = np.random.default_rng(0)
    p = sample({"big": Range(0, 10), "small": Range(0, 1), "fixed": Range.fixed(2)}, 5000, rng)
    out = np.vstack([3 * p["big"] + p["small"], -p["small"]])
    names, rho = rank_correlation(p, out)
    assert names == ["big", "fixed", "small"]
    assert rho[0, 0] > 0.9 and abs(rho[0, 1]) == 0 and rho[1, 2] == pytest.approx(-1)


def test_tornado_one_at_a_time():
    ranges = {"a": Range(0, 10), "b": Range(1, 2), "c": Range.fixed(5)}
    names, design = tornado_design(ranges)
    assert names == ["a", "b"]
    out = 2 * design["a"] + 100 * design["b"] + design["c"]
    rows = tornado_swings(names, out)
    assert rows[0] == ("b", 2 * 5 + 100 + 5, 2 * 5 + 200 + 5)
    assert rows[1] == ("a", 0 + 150 + 5, 20 + 150 + 5)

