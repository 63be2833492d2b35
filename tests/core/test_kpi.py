"""Service-level formulas and KPI ratios (outsource.core.kpi)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from outsource.core import kpi


def test_cisco_published_example() -> None:
    """Cisco UCCE: 70 answered within T, 10 abandoned within T, 20 beyond T (answered)."""
    sl = kpi.service_levels(answered_within=70, abandoned_within=10, answered=90, offered=100)
    assert float(sl["sl_ignore_abandons"]) == pytest.approx(0.778, abs=5e-4)  # 77.8 %
    assert float(sl["sl_offered"]) == pytest.approx(0.70)  # negative
    assert float(sl["sl_abandon_met"]) == pytest.approx(0.80)  # positive
    assert float(sl["sl_answered"]) == pytest.approx(70 / 90)


def test_each_formula_by_hand() -> None:
    # 40 queued: 30 answered (24 within T), 8 abandoned (5 within T, 3 short), 2 blocked
    sl = kpi.service_levels(answered_within=24, abandoned_within=5, answered=30, offered=40,
                            short_abandoned=3)
    assert float(sl["sl_answered"]) == pytest.approx(24 / 30)
    assert float(sl["sl_offered"]) == pytest.approx(24 / 40)
    assert float(sl["sl_excl_short"]) == pytest.approx(24 / 37)
    assert float(sl["sl_abandon_met"]) == pytest.approx(29 / 40)
    assert float(sl["sl_ignore_abandons"]) == pytest.approx(24 / 35)


def test_zero_denominators_have_no_value() -> None:
    sl = kpi.service_levels(np.array([0, 3]), np.array([0, 0]), np.array([0, 3]),
                            np.array([0, 4]))
    assert math.isnan(sl["sl_offered"][0]) and sl["sl_offered"][1] == pytest.approx(0.75)


def test_ratios_with_a_custom_division() -> None:
    sums = {"first_response_business_s": 7200.0, "first_responded": 2}
    assert kpi.evaluate(kpi.BY_NAME["first_response_business_h"], sums) == pytest.approx(1.0)
    calls = []

    def div(a, b):
        calls.append((a, b))
        return a / b

    assert kpi.evaluate(kpi.BY_NAME["abandon_rate"], {"abandoned": 1, "offered": 4}, div) == 0.25
    assert calls == [(1, 4)]


def test_every_ratio_is_documented() -> None:
    names = [r.name for r in kpi.RATIOS]
    assert len(names) == len(set(names))
    for r in kpi.RATIOS:
        assert r.doc and "[" in r.doc  # a unit in brackets
