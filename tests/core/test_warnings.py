"""Warning rules on monthly KPI rows (outsource.core.warnings), with tests checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from outsource.core import warnings as w
from outsource.errors import InvalidInput

TH = w.Thresholds()


def _months(vendor: str, n: int, **series) -> dict[str, list]:
    rows = {"vendor": [vendor] * n, "queue": [None] * n,
            "period_start": [f"2026-{5 + i:02d}" for i in range(n)]}
    defaults = dict(aht_s=[400.0] * n, handle_sd_s=[240.0] * n, handled=[20000] * n,
                    repeats=[2000] * n, repeat_eligible=[20000] * n, transferred=[1000] * n,
                    transfer_eligible=[20000] * n, near_zero_handle=[100] * n,
                    abandoned_well_before_t=[100] * n, abandoned_before_t=[90] * n,
                    abandoned_after_t=[80] * n, transfer_chains=[20] * n,
                    abandoned=[1000] * n, offered=[21000] * n)
    defaults.update(series)
    rows.update(defaults)
    return rows


def _concat(*parts: dict[str, list]) -> dict[str, list]:
    return {k: sum((p[k] for p in parts), []) for k in parts[0]}


def test_two_proportion_z_by_hand() -> None:
    z, p = w.two_proportion_z(100, 1000, 130, 1000)
    pooled = 230 / 2000
    expected = (0.13 - 0.10) / math.sqrt(pooled * (1 - pooled) * (2 / 1000))
    assert z == pytest.approx(expected) and p == pytest.approx(stats.norm.sf(expected))


def test_cochran_armitage_by_hand() -> None:
    x, n = np.array([10, 20, 30]), np.array([100, 100, 100])
    p = x.sum() / n.sum()
    t = np.arange(3)
    stat = np.sum(t * (x - n * p))
    var = p * (1 - p) * (np.sum(n * t * t) - np.sum(n * t) ** 2 / n.sum())
    z, pv = w.cochran_armitage(x, n)
    assert z == pytest.approx(stat / math.sqrt(var)) and pv < 1e-3
    assert w.cochran_armitage([30, 20, 10], n)[1] > 0.99  # falling: not a rise


def test_mean_trend_and_drop() -> None:
    slope, z, p = w.mean_trend_z([400, 380, 360], [200, 200, 200], [10000] * 3)
    assert slope == pytest.approx(-20.0) and p < 1e-10
    z, p = w.mean_drop_z(400, 200, 10000, 390, 200, 10000)
    assert z == pytest.approx(10 / math.sqrt(2 * 200**2 / 10000)) and p < 1e-3


def test_handle_time_gaming_month_on_month_and_trend() -> None:
    rows = _months("acme", 4, aht_s=[420.0, 390.0, 360.0, 330.0],
                   repeats=[1800, 2400, 3000, 3600])
    found = w.handle_time_gaming(rows, TH)
    kinds = [(f.kind, f.period_start) for f in found]
    assert ("handle_time_gaming", "2026-06") in kinds
    assert ("handle_time_gaming_trend", "2026-08") in kinds
    f = found[0]
    assert f.evidence["aht_prev_s"] == 420.0 and f.evidence["aht_s"] == 390.0
    assert f.evidence["repeat_rate"] == pytest.approx(0.12) and f.evidence["repeat_p"] < 0.01
    assert "AHT fell 7.1 %" in f.message


def test_no_gaming_warning_when_repeats_stay_flat_or_aht_moves_little() -> None:
    assert w.handle_time_gaming(_months("steady", 4, aht_s=[420.0, 390.0, 360.0, 330.0]),
                                TH) == []
    small = _months("small", 2, aht_s=[400.0, 396.0], repeats=[2000, 2600])  # -1 % only
    assert w.handle_time_gaming(small, TH) == []
    few = _months("few", 2, aht_s=[400.0, 300.0], repeats=[20, 60], handled=[50, 50],
                  repeat_eligible=[50, 50])
    assert w.handle_time_gaming(few, TH) == []  # below min_contacts


def test_near_zero_handle_and_ping_pong() -> None:
    rows = _concat(_months("a", 1, near_zero_handle=[800]), _months("b", 1))
    found = w.near_zero_handle(rows, TH)
    assert [f.vendor for f in found] == ["a"]
    assert found[0].evidence["share"] == pytest.approx(0.04)
    rows = _concat(_months("a", 1, transfer_chains=[300]), _months("b", 1))
    assert [f.vendor for f in w.transfer_ping_pong(rows, TH)] == ["a"]


def test_threshold_bunching_against_the_smooth_expectation() -> None:
    rows = _concat(_months("drops", 1, abandoned_before_t=[600]), _months("smooth", 1))
    found = w.threshold_bunching(rows, TH)
    assert [f.vendor for f in found] == ["drops"]
    assert found[0].evidence["expected"] == pytest.approx(math.sqrt(100 * 80))


def test_rising_abandonment() -> None:
    rows = _months("andes", 4, abandoned=[600, 900, 1200, 1500])  # +1.4 points a month
    kinds = [f.kind for f in w.rising_abandonment(rows, TH)]
    assert kinds.count("rising_abandonment") == 3 and "rising_abandonment_trend" in kinds
    assert w.rising_abandonment(_months("flat", 4), TH) == []


def test_repeat_hot_spots_by_queue() -> None:
    vendor = _months("v", 1, repeats=[1500], repeat_eligible=[10000])
    queues = {"vendor": ["v", "v"], "queue": ["billing", "orders"],
              "period_start": ["2026-05", "2026-05"], "repeats": [900, 600],
              "repeat_eligible": [3000, 7000]}
    found = w.repeat_hot_spots(queues, vendor, TH)
    assert [(f.queue, f.kind) for f in found] == [("billing", "repeat_hot_spot")]
    assert found[0].evidence["other_queues_repeat_rate"] == pytest.approx(600 / 7000)


def test_thresholds_are_validated() -> None:
    with pytest.raises(InvalidInput):
        w.Thresholds(alpha=0.7)
    with pytest.raises(InvalidInput):
        w.Thresholds(trend_months=2)


# --- a vendor's KPIs disagreeing with its test calls ---------------------------------------


def _calls(n_within: int, n_slow: int, resolved: int, month: str = "2026-06") -> w.TestCalls:
    n = n_within + n_slow
    return w.TestCalls(month=(month,) * n, live=np.ones(n, bool), handled=np.ones(n, bool),
                       wait_s=np.array([10.0] * n_within + [60.0] * n_slow),
                       resolved=np.array([1.0] * resolved + [0.0] * (n - resolved)))


def _log_rows() -> dict[str, list]:
    # May: 50 % within 20 s; June: 90 % (18,000 of 20,000 queued), FCR 75 %
    return {"vendor": ["v", "v"], "queue": [None, None], "period_start": ["2026-05", "2026-06"],
            "answered_within": [10000, 18000], "queued": [20000, 20000],
            "queued_answered": [19000, 19500], "asa_s": [30.0, 8.0],
            "fcr_resolved": [15000, 15000], "fcr_eligible": [20000, 20000]}


def test_test_calls_disagreeing_with_the_logs() -> None:
    found = w.calls_disagreement(_log_rows(), {"v": _calls(3, 7, 2)}, TH, 20.0)
    kinds = {f.kind: f for f in found}
    assert set(kinds) == {"test_call_service_level", "test_call_resolution"}
    sl = kinds["test_call_service_level"].evidence
    # the calls fall in June: only June's log is compared
    assert sl["test_calls"] == 10 and sl["test_calls_within"] == 3
    assert sl["log_share"] == pytest.approx(0.9) and sl["gap"] == pytest.approx(0.6)
    table = [[3, 7], [18000, 2000]]
    assert sl["p"] == pytest.approx(stats.fisher_exact(table, alternative="less").pvalue)
    assert sl["test_call_mean_wait_s"] == pytest.approx((3 * 10 + 7 * 60) / 10)
    res = kinds["test_call_resolution"].evidence
    assert res["test_call_share"] == pytest.approx(0.2)
    assert res["log_share"] == pytest.approx(0.75)


def test_test_calls_agreeing_or_too_few_do_not_warn() -> None:
    assert w.calls_disagreement(_log_rows(), {"v": _calls(9, 1, 8)}, TH, 20.0) == []
    assert w.calls_disagreement(_log_rows(), {"v": _calls(0, 4, 0)}, TH, 20.0) == []  # < 5
