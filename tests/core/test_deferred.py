"""Deferred work (e-mail): the least team meeting a response-time target."""

from __future__ import annotations

import numpy as np
import pytest

from outsource.core.deferred import evaluate_deferred, staff_deferred
from outsource.errors import InvalidInput


def _week_open() -> np.ndarray:
    op = np.zeros(168, dtype=bool)
    for d in range(5):
        op[d * 24 + 9: d * 24 + 17] = True
    return op


def test_capacity_bound_and_minimality():
    op, arr = _week_open(), np.full(168, 20.0)
    r = staff_deferred(arr, 360.0, 3600.0, op, 24 * 3600.0, 0.95)
    # 3,360 items x 360 s = 336 h of work in 40 open hours: at least 9 agents.
    assert r.agents >= 9
    assert r.share_within_target >= 0.95
    fewer = evaluate_deferred(arr, 360.0, 3600.0, op, 24 * 3600.0, r.agents - 1)
    assert fewer.share_within_target < 0.95 or r.agents == 9


def test_stricter_target_needs_more_agents():
    op, arr = _week_open(), np.full(168, 20.0)
    loose = staff_deferred(arr, 360.0, 3600.0, op, 24 * 3600.0, 0.95).agents
    strict = staff_deferred(arr, 360.0, 3600.0, op, 2 * 3600.0, 1.0).agents
    assert strict > loose


def test_hand_computed_single_item_flow():
    """One item per open hour, handled in 30 min by one agent: answered at once (fluid)."""
    op = np.ones(24, dtype=bool)
    r = evaluate_deferred(np.ones(24), 1800.0, 3600.0, op, 3600.0, 1)
    assert r.share_within_target == 1.0 and r.max_backlog == pytest.approx(0.0)
    assert r.occupancy == pytest.approx(0.5)


def test_bad_input():
    with pytest.raises(InvalidInput, match="hours"):
        staff_deferred(np.ones(24), 60.0, 3600.0, np.zeros(24, bool), 3600.0)
    with pytest.raises(InvalidInput, match="response_share"):
        staff_deferred(np.ones(24), 60.0, 3600.0, np.ones(24, bool), 3600.0, 1.5)
