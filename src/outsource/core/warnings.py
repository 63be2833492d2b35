"""Warnings the playbook asks for, from KPI values the pipeline produced.

The playbook's last advice: keep watching service levels, look at all the
data for dropped calls, several calls to solve the same problem and other
issues, and do not let handle time crowd out quality ("many centers optimise
handle time; a rushed agent explains less and offers less"). Each rule below
is a pure function of monthly KPI rows (counts and sums, so the tests can be
run on them) and returns warnings carrying the numbers behind them.

Statistical tests (one-sided, level ``alpha``; all thresholds in
:class:`Thresholds`, data not code):

* **Two proportions** (repeat, transfer, abandon rate rising from one month to
  the next): the pooled two-proportion z-test,
  ``z = (p2 - p1) / sqrt(p (1 - p) (1/n1 + 1/n2))`` with ``p`` the pooled
  share (NIST/SEMATECH e-Handbook of Statistical Methods, 7.3.3; Agresti,
  *Categorical Data Analysis*, 3rd ed., 2013, sec. 3.1).
* **Two means** (AHT falling): ``z = (m1 - m2) / sqrt(s1^2/n1 + s2^2/n2)``
  (Welch's statistic; with thousands of contacts a month its distribution is
  standard normal).
* **Trend in proportions** over the last months: the Cochran-Armitage test
  with scores 0, 1, 2, ... (Armitage 1955, Biometrics 11(3):375-386).
* **Trend in means** (AHT): the weighted least-squares slope of the monthly
  means on month number, weights ``n / s^2`` (the inverse variances of the
  means), ``z = slope / se(slope)``.
* **Share above a ceiling** (near-zero handle, transfer chains): the one-sample
  z-test of a proportion against the ceiling.
* **Bunching before the threshold**: with a smooth abandonment density, the
  count in the band just below T, ``B``, is close to ``sqrt(A x C)``, the
  geometric mean of the bands either side (log-linear interpolation of the
  density); ``B`` is tested against a Poisson law with that mean. Gaming seen
  in practice: calls dropped just before an escalation threshold, answered
  calls with near-zero talk time, transfer ping-pong (domain notes).

A change must be significant *and* material (a minimum relative AHT fall, a
minimum rise in points) before it warns: with 20,000 contacts a month, a
0.3-point move is significant but not worth a governance meeting.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from outsource.errors import InvalidInput


@dataclass(frozen=True)
class Thresholds:
    """Thresholds of the warning rules (all one-sided tests at level ``alpha``).

    Attributes
    ----------
    alpha : significance level of each test.
    min_aht_drop_share : smallest month-on-month AHT fall that warns [share].
    min_rate_rise : smallest rise of a repeat, transfer or abandon rate that warns [share].
    trend_months : months in the trend tests (the latest ones), at least 3.
    min_contacts : fewest contacts (per month and row) a test is run on.
    max_near_zero_share : ceiling on answered contacts with near-zero handle [share].
    bunching_ratio : abandons just below T over their smooth expectation that warns.
    min_bunching_abandons : fewest abandons just below T a bunching test needs.
    max_chain_share : ceiling on transferred contacts in a transfer chain [share].
    min_transfers : fewest transferred contacts a ping-pong test needs.
    hot_spot_ratio : a queue's repeat rate over its vendor's other queues' that warns.
    min_test_calls : fewest test calls a comparison with the logs needs.
    min_test_call_gap : smallest gap between the logs' share and the test calls' that warns
        [share].
    """

    alpha: float = 0.01
    min_aht_drop_share: float = 0.03
    min_rate_rise: float = 0.01
    trend_months: int = 3
    min_contacts: int = 100
    max_near_zero_share: float = 0.02
    bunching_ratio: float = 2.0
    min_bunching_abandons: int = 20
    max_chain_share: float = 0.10
    min_transfers: int = 20
    hot_spot_ratio: float = 1.5
    min_test_calls: int = 5
    min_test_call_gap: float = 0.10

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 0.5:
            raise InvalidInput("must be in (0, 0.5)", field="alpha")
        if self.trend_months < 3:
            raise InvalidInput("must be at least 3", field="trend_months")
        for name in ("min_aht_drop_share", "min_rate_rise", "max_near_zero_share",
                     "max_chain_share"):
            if not 0 <= getattr(self, name) < 1:
                raise InvalidInput("must be in [0, 1)", field=name)
        for name in ("bunching_ratio", "hot_spot_ratio"):
            if not getattr(self, name) >= 1:
                raise InvalidInput("must be >= 1", field=name)
        if not 0 <= self.min_test_call_gap < 1:
            raise InvalidInput("must be in [0, 1)", field="min_test_call_gap")
        for name in ("min_contacts", "min_bunching_abandons", "min_transfers",
                     "min_test_calls"):
            if getattr(self, name) < 1:
                raise InvalidInput("must be >= 1", field=name)


@dataclass(frozen=True)
class Finding:
    """One warning.

    Attributes
    ----------
    kind : rule name (``handle_time_gaming``, ``near_zero_handle``, ...).
    vendor : vendor it concerns.
    queue : queue it concerns (None: all queues).
    period_start : start of the month it concerns (as given in the input).
    message : one sentence with the figures.
    test : the statistical test and its level.
    evidence : the numbers behind it (counts, rates, statistics, p-values).
    """

    kind: str
    vendor: str
    queue: str | None
    period_start: Any
    message: str
    test: str
    evidence: dict[str, float] = field(default_factory=dict)


# --- tests ---------------------------------------------------------------------------------

def two_proportion_z(x1: float, n1: float, x2: float, n2: float) -> tuple[float, float]:
    """Pooled z-test that ``x2/n2`` exceeds ``x1/n1``: ``(z, one-sided p)``."""
    if n1 <= 0 or n2 <= 0:
        return math.nan, math.nan
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return math.nan, math.nan
    z = (x2 / n2 - x1 / n1) / se
    return z, float(stats.norm.sf(z))


def mean_drop_z(m1: float, s1: float, n1: float, m2: float, s2: float,
                n2: float) -> tuple[float, float]:
    """z-test that mean ``m2`` is below mean ``m1`` (Welch's statistic): ``(z, p)``."""
    if min(n1, n2) < 2 or not all(map(math.isfinite, (m1, s1, m2, s2))):
        return math.nan, math.nan
    se = math.sqrt(s1 * s1 / n1 + s2 * s2 / n2)
    if se == 0:
        return math.nan, math.nan
    z = (m1 - m2) / se
    return z, float(stats.norm.sf(z))


def cochran_armitage(x: Any, n: Any) -> tuple[float, float]:
    """Cochran-Armitage test of an increasing trend in ``x/n`` over scores 0, 1, ...: (z, p)."""
    x = np.asarray(x, float)
    n = np.asarray(n, float)
    t = np.arange(x.size, dtype=float)
    big_n = n.sum()
    if big_n <= 0 or x.size < 2:
        return math.nan, math.nan
    p = x.sum() / big_n
    stat = np.sum(t * (x - n * p))
    var = p * (1 - p) * (np.sum(n * t * t) - np.sum(n * t) ** 2 / big_n)
    if var <= 0:
        return math.nan, math.nan
    z = float(stat / math.sqrt(var))
    return z, float(stats.norm.sf(z))


def mean_trend_z(means: Any, sds: Any, n: Any) -> tuple[float, float, float]:
    """Weighted least-squares slope of means on 0, 1, ...: (slope per step, z, p of a fall)."""
    m = np.asarray(means, float)
    s = np.asarray(sds, float)
    n = np.asarray(n, float)
    ok = np.isfinite(m) & np.isfinite(s) & (s > 0) & (n > 1)
    if ok.sum() < 3:
        return math.nan, math.nan, math.nan
    t = np.arange(m.size, dtype=float)[ok]
    w = n[ok] / (s[ok] ** 2)
    tbar = np.sum(w * t) / w.sum()
    sxx = np.sum(w * (t - tbar) ** 2)
    slope = float(np.sum(w * (t - tbar) * m[ok]) / sxx)
    z = slope / math.sqrt(1.0 / sxx)
    return slope, z, float(stats.norm.cdf(z))


def share_above_z(x: float, n: float, ceiling: float) -> tuple[float, float]:
    """One-sample z-test that the share ``x/n`` exceeds ``ceiling``: ``(z, p)``."""
    if n <= 0:
        return math.nan, math.nan
    p0 = min(max(ceiling, 1e-9), 1 - 1e-9)
    z = (x / n - p0) / math.sqrt(p0 * (1 - p0) / n)
    return z, float(stats.norm.sf(z))


# --- rules ---------------------------------------------------------------------------------

Columns = Mapping[str, Any]


def _rate(x: float, n: float) -> float:
    return x / n if n > 0 else math.nan


def _series(rows: Columns, vendor: str, queue: str | None = None) -> list[int]:
    """Row indices of one vendor's (and queue's) months, in input order."""
    vendors = rows["vendor"]
    queues = rows["queue"]
    return [i for i in range(len(vendors))
            if vendors[i] == vendor and (queues[i] == queue)]


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def handle_time_gaming(rows: Columns, th: Thresholds) -> list[Finding]:
    """AHT falling while repeat or transfer rates rise, month on month and as a trend.

    ``rows``: one vendor-month per row (queue and channel "all"), months in
    order, with ``aht_s``, ``handle_sd_s``, ``handled``, ``repeats``,
    ``repeat_eligible``, ``transferred``, ``transfer_eligible``.
    """
    out: list[Finding] = []
    for vendor in dict.fromkeys(rows["vendor"]):
        idx = _series(rows, vendor)
        for a, b in zip(idx, idx[1:], strict=False):
            out += _gaming_pair(rows, a, b, vendor, th)
        out += _gaming_trend(rows, idx, vendor, th)
    return out


def _gaming_pair(rows: Columns, a: int, b: int, vendor: str, th: Thresholds) -> list[Finding]:
    n1, n2 = rows["handled"][a], rows["handled"][b]
    if min(n1, n2) < th.min_contacts:
        return []
    m1, m2 = rows["aht_s"][a], rows["aht_s"][b]
    z_aht, p_aht = mean_drop_z(m1, rows["handle_sd_s"][a], n1, m2, rows["handle_sd_s"][b], n2)
    drop = 1 - m2 / m1 if m1 else math.nan
    if not (p_aht < th.alpha and drop >= th.min_aht_drop_share):
        return []
    rises = {}
    for name, num, den in (("repeat", "repeats", "repeat_eligible"),
                           ("transfer", "transferred", "transfer_eligible")):
        x1, d1, x2, d2 = rows[num][a], rows[den][a], rows[num][b], rows[den][b]
        if min(d1, d2) < th.min_contacts:
            continue
        z, p = two_proportion_z(x1, d1, x2, d2)
        rise = _rate(x2, d2) - _rate(x1, d1)
        if p < th.alpha and rise >= th.min_rate_rise:
            rises[name] = (_rate(x1, d1), _rate(x2, d2), z, p)
    if not rises:
        return []
    ev = {"aht_prev_s": m1, "aht_s": m2, "aht_drop_share": drop, "aht_z": z_aht,
          "aht_p": p_aht, "handled_prev": n1, "handled": n2}
    parts = []
    for name, (r1, r2, z, p) in rises.items():
        ev.update({f"{name}_rate_prev": r1, f"{name}_rate": r2, f"{name}_z": z, f"{name}_p": p})
        parts.append(f"{name} rate {_pct(r1)} -> {_pct(r2)} (p = {p:.2g})")
    msg = (f"{vendor}: AHT fell {_pct(drop)} ({m1:.0f} s -> {m2:.0f} s, p = {p_aht:.2g}) "
           f"while {' and '.join(parts)}: handle time may be cut at the cost of resolution")
    return [Finding("handle_time_gaming", vendor, None, rows["period_start"][b], msg,
                    f"Welch z (AHT fall) and pooled two-proportion z (rise), one-sided, "
                    f"alpha {th.alpha}", ev)]


def _gaming_trend(rows: Columns, idx: list[int], vendor: str, th: Thresholds) -> list[Finding]:
    last = idx[-th.trend_months:]
    if len(last) < th.trend_months or min(rows["handled"][i] for i in last) < th.min_contacts:
        return []
    slope, z_aht, p_aht = mean_trend_z([rows["aht_s"][i] for i in last],
                                       [rows["handle_sd_s"][i] for i in last],
                                       [rows["handled"][i] for i in last])
    first_aht = rows["aht_s"][last[0]]
    total_drop = -slope * (len(last) - 1) / first_aht if first_aht else math.nan
    if not (p_aht < th.alpha and total_drop >= th.min_aht_drop_share):
        return []
    ev: dict[str, float] = {"months": float(len(last)), "aht_slope_s_per_month": slope,
                            "aht_trend_z": z_aht, "aht_trend_p": p_aht}
    parts = []
    for name, num, den in (("repeat", "repeats", "repeat_eligible"),
                           ("transfer", "transferred", "transfer_eligible")):
        x = [rows[num][i] for i in last]
        n = [rows[den][i] for i in last]
        if min(n) < th.min_contacts:
            continue
        z, p = cochran_armitage(x, n)
        rise = _rate(x[-1], n[-1]) - _rate(x[0], n[0])
        if p < th.alpha and rise >= th.min_rate_rise:
            ev.update({f"{name}_rate_first": _rate(x[0], n[0]),
                       f"{name}_rate_last": _rate(x[-1], n[-1]),
                       f"{name}_trend_z": z, f"{name}_trend_p": p})
            parts.append(f"{name} rate {_pct(_rate(x[0], n[0]))} -> "
                         f"{_pct(_rate(x[-1], n[-1]))} (p = {p:.2g})")
    if not parts:
        return []
    msg = (f"{vendor}: over the last {len(last)} months AHT fell {-slope:.0f} s a month "
           f"(p = {p_aht:.2g}) while {' and '.join(parts)}")
    return [Finding("handle_time_gaming_trend", vendor, None, rows["period_start"][last[-1]],
                    msg, f"weighted least-squares AHT slope z and Cochran-Armitage trend z, "
                    f"one-sided, alpha {th.alpha}", ev)]


def near_zero_handle(rows: Columns, th: Thresholds) -> list[Finding]:
    """Answered contacts with near-zero handle time above a ceiling share."""
    out = []
    for i in range(len(rows["vendor"])):
        n, x = rows["handled"][i], rows["near_zero_handle"][i]
        if n < th.min_contacts:
            continue
        z, p = share_above_z(x, n, th.max_near_zero_share)
        if p < th.alpha:
            share = x / n
            out.append(Finding(
                "near_zero_handle", rows["vendor"][i], rows["queue"][i], rows["period_start"][i],
                f"{rows['vendor'][i]}: {x:,.0f} of {n:,.0f} answered contacts ({_pct(share)}) "
                f"had a near-zero handle time (ceiling {_pct(th.max_near_zero_share)}): "
                "agents may be hanging up on callers",
                f"one-sample z of a share against the ceiling, one-sided, alpha {th.alpha}",
                {"near_zero_handle": x, "handled": n, "share": share,
                 "ceiling": th.max_near_zero_share, "z": z, "p": p}))
    return out


def threshold_bunching(rows: Columns, th: Thresholds) -> list[Finding]:
    """Abandons bunched just below the answer threshold T."""
    out = []
    for i in range(len(rows["vendor"])):
        a = rows["abandoned_well_before_t"][i]
        b = rows["abandoned_before_t"][i]
        c = rows["abandoned_after_t"][i]
        if b < th.min_bunching_abandons:
            continue
        expected = max(math.sqrt(a * c), 1.0)
        p = float(stats.poisson.sf(b - 1, expected))
        ratio = b / expected
        if p < th.alpha and ratio >= th.bunching_ratio:
            out.append(Finding(
                "threshold_bunching", rows["vendor"][i], rows["queue"][i],
                rows["period_start"][i],
                f"{rows['vendor'][i]}: {b:,.0f} abandons just below the answer threshold "
                f"against {expected:,.1f} expected from the bands around it ({ratio:.1f}x): "
                "calls may be dropped before they breach it",
                f"Poisson test against the log-linear expectation sqrt(A x C), one-sided, "
                f"alpha {th.alpha}",
                {"abandoned_well_before_t": a, "abandoned_before_t": b,
                 "abandoned_after_t": c, "expected": expected, "ratio": ratio, "p": p}))
    return out


def transfer_ping_pong(rows: Columns, th: Thresholds) -> list[Finding]:
    """Transferred contacts followed at once by another transferred contact of the customer."""
    out = []
    for i in range(len(rows["vendor"])):
        n, x = rows["transferred"][i], rows["transfer_chains"][i]
        if n < th.min_transfers:
            continue
        z, p = share_above_z(x, n, th.max_chain_share)
        if p < th.alpha:
            out.append(Finding(
                "transfer_ping_pong", rows["vendor"][i], rows["queue"][i],
                rows["period_start"][i],
                f"{rows['vendor'][i]}: {x:,.0f} of {n:,.0f} transferred contacts "
                f"({_pct(x / n)}) were followed at once by another transfer of the same "
                f"customer (ceiling {_pct(th.max_chain_share)})",
                f"one-sample z of a share against the ceiling, one-sided, alpha {th.alpha}",
                {"transfer_chains": x, "transferred": n, "share": x / n,
                 "ceiling": th.max_chain_share, "z": z, "p": p}))
    return out


def rising_abandonment(rows: Columns, th: Thresholds) -> list[Finding]:
    """Abandon rate rising month on month, or as a trend over the last months."""
    out: list[Finding] = []
    for vendor in dict.fromkeys(rows["vendor"]):
        idx = _series(rows, vendor)
        for a, b in zip(idx, idx[1:], strict=False):
            x1, n1, x2, n2 = (rows["abandoned"][a], rows["offered"][a], rows["abandoned"][b],
                              rows["offered"][b])
            if min(n1, n2) < th.min_contacts:
                continue
            z, p = two_proportion_z(x1, n1, x2, n2)
            r1, r2 = _rate(x1, n1), _rate(x2, n2)
            if p < th.alpha and r2 - r1 >= th.min_rate_rise:
                out.append(Finding(
                    "rising_abandonment", vendor, None, rows["period_start"][b],
                    f"{vendor}: abandonment rose from {_pct(r1)} to {_pct(r2)} (p = {p:.2g})",
                    f"pooled two-proportion z, one-sided, alpha {th.alpha}",
                    {"abandon_rate_prev": r1, "abandon_rate": r2, "abandoned": x2,
                     "offered": n2, "z": z, "p": p}))
        last = idx[-th.trend_months:]
        if len(last) == th.trend_months:
            x = [rows["abandoned"][i] for i in last]
            n = [rows["offered"][i] for i in last]
            if min(n) >= th.min_contacts:
                z, p = cochran_armitage(x, n)
                r1, r2 = _rate(x[0], n[0]), _rate(x[-1], n[-1])
                if p < th.alpha and r2 - r1 >= th.min_rate_rise:
                    out.append(Finding(
                        "rising_abandonment_trend", vendor, None, rows["period_start"][last[-1]],
                        f"{vendor}: abandonment rose over the last {len(last)} months, "
                        f"{_pct(r1)} -> {_pct(r2)} (p = {p:.2g})",
                        f"Cochran-Armitage trend z, one-sided, alpha {th.alpha}",
                        {"months": float(len(last)), "abandon_rate_first": r1,
                         "abandon_rate_last": r2, "z": z, "p": p}))
    return out


def repeat_hot_spots(queue_rows: Columns, vendor_rows: Columns,
                     th: Thresholds) -> list[Finding]:
    """Queues whose repeat rate stands out against the rest of their vendor's queues.

    ``queue_rows``: vendor x queue x month rows; ``vendor_rows``: the vendor x
    month totals (same ``period_start`` values).
    """
    totals = {(vendor_rows["vendor"][i], vendor_rows["period_start"][i]): i
              for i in range(len(vendor_rows["vendor"]))}
    out = []
    for i in range(len(queue_rows["vendor"])):
        key = (queue_rows["vendor"][i], queue_rows["period_start"][i])
        if key not in totals:
            continue
        j = totals[key]
        x, n = queue_rows["repeats"][i], queue_rows["repeat_eligible"][i]
        xr = vendor_rows["repeats"][j] - x
        nr = vendor_rows["repeat_eligible"][j] - n
        if n < th.min_contacts or nr < th.min_contacts:
            continue
        z, p = two_proportion_z(xr, nr, x, n)
        rate, rest = _rate(x, n), _rate(xr, nr)
        ratio = rate / rest if rest > 0 else math.inf
        if p < th.alpha and ratio >= th.hot_spot_ratio:
            out.append(Finding(
                "repeat_hot_spot", key[0], queue_rows["queue"][i], key[1],
                f"{key[0]} queue {queue_rows['queue'][i]}: repeat rate {_pct(rate)} against "
                f"{_pct(rest)} in its other queues ({ratio:.1f}x, p = {p:.2g})",
                f"pooled two-proportion z against the vendor's other queues, one-sided, "
                f"alpha {th.alpha}",
                {"repeat_rate": rate, "repeats": x, "repeat_eligible": n,
                 "other_queues_repeat_rate": rest, "ratio": ratio, "z": z, "p": p}))
    return out


@dataclass(frozen=True)
class TestCalls:
    """A vendor's test calls (mystery shopping), one entry per call.

    Attributes
    ----------
    month : ``YYYY-MM`` of each call.
    live : voice, chat or social (a wait in seconds); e-mail's wait is a response time.
    handled : the call reached an agent.
    wait_s : wait until answered, or until giving up [s] (NaN = not recorded).
    resolved : 1 resolved, 0 not, NaN not recorded.
    """

    __test__ = False  # not a pytest class

    month: tuple[str, ...]
    live: np.ndarray
    handled: np.ndarray
    wait_s: np.ndarray
    resolved: np.ndarray


def fisher_below(x1: int, n1: int, x2: int, n2: int) -> float:
    """One-sided Fisher exact test that the share ``x1/n1`` is below ``x2/n2``: p-value.

    Exact for the small test-call sample beside the logs' thousands of contacts
    (Fisher 1935; Agresti 2013, sec. 3.5).
    """
    if n1 <= 0 or n2 <= 0:
        return math.nan
    res = stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]], alternative="less")
    return float(res.pvalue)


def _log_months(rows: Columns, idx: list[int], months: set[str]) -> tuple[list[int], str]:
    """The vendor's months the calls fall in, else all its months (and which, in words)."""
    def label(i: int) -> str:
        p = rows["period_start"][i]
        return p.strftime("%Y-%m") if hasattr(p, "strftime") else str(p)[:7]

    same = [i for i in idx if label(i) in months]
    use = same or idx
    span = f"{label(use[0])}" + (f" to {label(use[-1])}" if len(use) > 1 else "")
    return use, span + ("" if same else " (no test call in these months: the whole log)")


def calls_disagreement(rows: Columns, calls: Mapping[str, TestCalls], th: Thresholds,
                           answer_within_s: float) -> list[Finding]:
    """A vendor's logged KPIs disagreeing with its test calls (the playbook: place test
    calls posing as a customer, before choosing and after).

    * **Service level**: live test calls answered within T (of live calls with a wait,
      handled or not) against the logs' answered within T / offered queued contacts
      (``sl_offered``), over the months the calls fall in (else the whole log); the
      mean test-call wait and the logged ASA are reported beside them.
    * **Resolution**: handled test calls resolved (where recorded) against the logs'
      first-contact resolution (``fcr_resolved / fcr_eligible``).

    Each fires when the test calls' share is below the logs' by at least
    ``min_test_call_gap`` and the one-sided Fisher exact test is significant at
    ``alpha``, with at least ``min_test_calls`` calls.
    """
    out: list[Finding] = []
    for vendor in dict.fromkeys(rows["vendor"]):
        c = calls.get(vendor)
        if c is None or not len(c.month):
            continue
        idx = _series(rows, vendor)
        use, span = _log_months(rows, idx, set(c.month))
        last = rows["period_start"][use[-1]]
        wait = np.asarray(c.wait_s, float)
        live = np.asarray(c.live, bool) & np.isfinite(wait)
        handled = np.asarray(c.handled, bool)
        n1 = int(live.sum())
        x1 = int((live & handled & (wait <= answer_within_s)).sum())
        x2 = int(sum(rows["answered_within"][i] for i in use))
        n2 = int(sum(rows["queued"][i] for i in use))
        if n1 >= th.min_test_calls and n2 >= th.min_contacts:
            p = fisher_below(x1, n1, x2, n2)
            gap = x2 / n2 - x1 / n1
            if p < th.alpha and gap >= th.min_test_call_gap:
                mean_wait = float(np.mean(wait[live & handled])) if (live & handled).any() \
                    else math.nan
                ans = sum(rows["queued_answered"][i] for i in use)
                asa = [rows["asa_s"][i] for i in use]
                asa_v = [a for a in asa if a is not None]
                ev = {"test_calls": float(n1), "test_calls_within": float(x1),
                      "test_call_share": x1 / n1, "test_call_mean_wait_s": mean_wait,
                      "log_answered_within": float(x2), "log_queued": float(n2),
                      "log_share": x2 / n2, "log_asa_s": float(np.average(
                          asa_v, weights=[rows["queued_answered"][i] for i, a in
                                          zip(use, asa, strict=True) if a is not None]))
                      if asa_v and ans else math.nan,
                      "gap": gap, "answer_within_s": float(answer_within_s), "p": p}
                out.append(Finding(
                    "test_call_service_level", vendor, None, last,
                    f"{vendor}: {x1} of {n1} test calls ({_pct(x1 / n1)}) were answered "
                    f"within {answer_within_s:g} s (mean wait {mean_wait:.0f} s) against "
                    f"{_pct(x2 / n2)} of offered contacts in its logs ({span}; ASA "
                    f"{ev['log_asa_s']:.0f} s; p = {p:.2g}): the logs may not show what "
                    "customers meet",
                    f"Fisher exact test, one-sided, alpha {th.alpha}", ev))
        res = np.asarray(c.resolved, float)
        known = handled & np.isfinite(res)
        n1, x1 = int(known.sum()), int((known & (res > 0.5)).sum())
        x2 = int(sum(rows["fcr_resolved"][i] for i in use))
        n2 = int(sum(rows["fcr_eligible"][i] for i in use))
        if n1 >= th.min_test_calls and n2 >= th.min_contacts:
            p = fisher_below(x1, n1, x2, n2)
            gap = x2 / n2 - x1 / n1
            if p < th.alpha and gap >= th.min_test_call_gap:
                out.append(Finding(
                    "test_call_resolution", vendor, None, last,
                    f"{vendor}: {x1} of {n1} handled test calls ({_pct(x1 / n1)}) were "
                    f"resolved against a first-contact resolution of {_pct(x2 / n2)} in its "
                    f"logs ({span}; p = {p:.2g})",
                    f"Fisher exact test, one-sided, alpha {th.alpha}",
                    {"test_calls": float(n1), "test_calls_resolved": float(x1),
                     "test_call_share": x1 / n1, "log_fcr_resolved": float(x2),
                     "log_fcr_eligible": float(n2), "log_share": x2 / n2, "gap": gap,
                     "p": p}))
    return out


def all_warnings(vendor_rows: Columns, queue_rows: Columns, th: Thresholds,
                 calls: Mapping[str, TestCalls] | None = None,
                 answer_within_s: float = 20.0) -> list[Finding]:
    """Every rule: vendor-month rules on ``vendor_rows``, hot spots on ``queue_rows``, and
    the test-call comparison when ``calls`` are given."""
    return (handle_time_gaming(vendor_rows, th) + near_zero_handle(vendor_rows, th)
            + threshold_bunching(vendor_rows, th) + transfer_ping_pong(vendor_rows, th)
            + rising_abandonment(vendor_rows, th)
            + repeat_hot_spots(queue_rows, vendor_rows, th)
            + (calls_disagreement(vendor_rows, calls, th, answer_within_s)
               if calls else []))
