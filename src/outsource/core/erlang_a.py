"""Erlang A: Palm's M/M/n+M queue with exponential patience, optionally M/M/n/K+M.

Callers arrive at rate ``lambda``, are served in ``1/mu`` on average by ``n``
agents in FCFS order, and hang up after an exponential patience of mean
``1/theta`` if not yet served. With a finite waiting room of ``K`` places,
callers arriving to a full room are blocked. Any consistent time unit works.

Method
------
Let ``t_k = prod_{i=1..k} lambda / (n mu + i theta)`` weigh the state with
``k`` callers waiting, relative to the state with ``n`` busy agents and none
waiting, and ``B`` be Erlang B. By PASTA an arrival finds ``k`` waiting with
probability ``t_k / Z``, ``Z = 1/B - 1 + sum_k t_k`` (Palm 1943; Riordan
1962; Mandelbaum and Zeltyn 2007 [1]_). From position ``k`` the caller moves
up at rate ``n mu + j theta`` with ``j`` callers ahead and leaves at rate
``theta``, so (telescoping products, exact):

* ``P(served | k) = n mu / (n mu + (k+1) theta)``;
* ``E[W | k] = (k+1) / (n mu + (k+1) theta)``;
* ``E[W; served | k] = P(served | k) * sum_{j=1}^{k+1} 1 / (n mu + j theta)``;
* ``P(W <= t, served | k) = P(served | k) * I_{1-exp(-theta t)}(k+1, a+1)``,
  the regularised incomplete beta, ``a = n mu / theta`` (the sum of
  exponential phases with rates ``theta (a + j)`` is ``-log(1 - Z)/theta``
  with ``Z ~ Beta(k+1, a+1)``).

With an unlimited room and ``theta > 0`` the state sums have closed forms in
the regularised incomplete gamma function ``P`` (Baccelli and Hebuterne 1981
[2]_; Mandelbaum and Zeltyn 2007, section 3): with ``x = lambda/theta``,
``S(a, x) = sum_k t_k = x^-a e^x Gamma(a+1) P(a, x)``, the probability of wait
is ``S/Z``, abandonment ``(S - (n/A)(S - 1))/Z`` and the service level uses
``P(a+1, x e^{-theta t}) / P(a+1, x)``. Everything is evaluated in log space;
where ``P`` underflows, ``S`` is summed as its (then fast) series. Mean waits
sum the per-state formulas over a window of states holding all the mass.
Without abandonment (``theta = 0``) and no room limit the model is Erlang C.

References
----------
.. [1] A. Mandelbaum, S. Zeltyn, "Service engineering in action: the
   Palm/Erlang-A queue, with applications to call centers", in Advances in
   Services Innovations, Springer, 2007, pp. 17-45.
.. [2] F. Baccelli, G. Hebuterne, "On queues with impatient customers",
   Performance '81, North-Holland, 1981, pp. 159-179.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core import erlang
from outsource.core._series import geometric_like_sum
from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]
_TINY = 1e-280
#: Cells (rows x states) evaluated at once by the state sums.
_CHUNK_CELLS = 2_000_000


@dataclass(frozen=True)
class ErlangAResult:
    """Steady-state measures of M/M/n(/K)+M, per element of the inputs.

    All probabilities are over entering (offered) calls; times are in the
    caller's time unit.

    Attributes
    ----------
    p_block : blocked because the waiting room is full.
    p_wait : admitted and delayed (found all agents busy).
    p_abandon : hung up before service.
    p_served : answered, ``1 - p_block - p_abandon``.
    service_level : answered within ``answer_within``, among offered calls.
    service_level_answered : ``P(W <= t | served)``.
    asa : mean wait of answered calls.
    mean_wait_abandoned : mean wait of abandoned calls (time to hang up).
    mean_wait : mean wait of admitted calls, served or not.
    mean_queue : mean number of callers waiting.
    occupancy : carried load per agent, ``A (1 - p_block - p_abandon) / n``.
    """

    p_block: FloatArray
    p_wait: FloatArray
    p_abandon: FloatArray
    p_served: FloatArray
    service_level: FloatArray
    service_level_answered: FloatArray
    asa: FloatArray
    mean_wait_abandoned: FloatArray
    mean_wait: FloatArray
    mean_queue: FloatArray
    occupancy: FloatArray


def log_s(beta: FloatArray, y: FloatArray) -> FloatArray:
    """``log S(beta, y)``, ``S = sum_k y^k / ((beta+1)...(beta+k)) = 1F1(1; beta+1; y)``.

    Closed form ``S = y^-beta e^y Gamma(beta+1) P(beta, y)`` (Abramowitz and
    Stegun 6.5.29) where the regularised lower incomplete gamma ``P`` is
    representable, else the series itself (ratios ``y/(beta+k) < 1`` there).
    """
    from scipy import special  # lazy: Erlang C answers need no SciPy

    beta, y = np.broadcast_arrays(np.asarray(beta, float), np.asarray(y, float))
    out = np.zeros(beta.shape)
    pos = y > 0
    if not np.any(pos):
        return out
    b, yy = beta[pos], y[pos]
    p = special.gammainc(b, yy)
    # scipy's P(a, x) loses digits in its lower tail for a > 1e6: sum the
    # (then geometric) series instead wherever it converges in few terms.
    short_series = (b > 1e6) & (yy < b) & (40.0 * (b + 1.0) < 1e6 * (b + 1.0 - yy))
    ok = (p > _TINY) & ~short_series
    res = np.empty(b.shape)
    res[ok] = (np.log(p[ok]) + yy[ok] - b[ok] * np.log(yy[ok])
               + special.gammaln(b[ok] + 1.0))
    if np.any(~ok):
        bl, yl = b[~ok], yy[~ok]
        res[~ok] = np.log(geometric_like_sum(
            lambda i: yl[:, None] / (bl[:, None] + i + 1.0), bl.shape))
    out[pos] = res
    return out


def _per_state(k, nmu, theta, t=None):
    """Per-state ``P(served|k)``, ``E[W;served|k]``, ``E[W;ab|k]``, ``P(W<=t,served|k)``.

    The last is ``None`` when ``t`` is not given (it is the costly one).
    """
    from scipy import special  # lazy: Erlang C answers need no SciPy

    with np.errstate(divide="ignore", invalid="ignore"):
        has_ab = theta > 0
        th = np.where(has_ab, theta, 1.0)
        a = nmu / th
        p_srv = np.where(has_ab, nmu / (nmu + (k + 1.0) * theta), 1.0)
        harmonic = np.where(has_ab, _harmonic(a, k) / th, (k + 1.0) / nmu)
        ew_srv = p_srv * harmonic
        ew_all = (k + 1.0) / (nmu + (k + 1.0) * theta)
        ew_ab = np.maximum(ew_all - ew_srv, 0.0)
        if t is None:
            return p_srv, ew_srv, ew_ab, None
        within = np.where(
            has_ab, special.betainc(k + 1.0, a + 1.0, -np.expm1(-th * t)),
            special.gammainc(k + 1.0, nmu * t))
    return p_srv, ew_srv, ew_ab, p_srv * within


def _log_rising(a, k):
    """``log Gamma(a+k+1) - log Gamma(a+1)`` without cancellation for large ``a``.

    Stirling's series with its first correction (Abramowitz and Stegun
    6.1.41) written as a difference; error ``O(a^-3)``, used for ``a > 1e5``.
    """
    from scipy import special  # lazy: Erlang C answers need no SciPy

    big = a > 1e5
    safe = np.where(big, 1.0, a)
    exact = special.gammaln(safe + k + 1.0) - special.gammaln(safe + 1.0)
    b = a + 1.0
    stirling = ((b - 0.5) * np.log1p(k / b) + k * np.log(b + k) - k
                + (1.0 / (12.0 * (b + k)) - 1.0 / (12.0 * b)))
    return np.where(big, stirling, exact)


def _harmonic(a, k):
    """``sum_{i=1}^{k+1} 1/(a+i)``: digamma difference, or its midpoint-rule log for large a.

    For ``a > 1e4`` the digamma difference loses digits to cancellation; the
    midpoint rule ``log((a+k+1.5)/(a+0.5))`` has relative error ``~1/(12 a^2)``.
    """
    from scipy import special  # lazy: Erlang C answers need no SciPy

    big = a > 1e4
    safe = np.where(big, 1.0, a)
    return np.where(big, np.log1p((k + 1.0) / (a + 0.5)),
                    special.digamma(safe + k + 2.0) - special.digamma(safe + 1.0))


def _state_window(lam, nmu, theta):
    """First and last queue length holding the mass of ``t_k`` (unlimited room)."""
    x = lam / theta
    a = nmu / theta
    mode = np.maximum(0.0, np.ceil(x - a - 1.0))
    spread = 9.0 * np.sqrt(a + mode + 1.0)
    r = np.minimum(x / (a + mode + 1.0), 1.0 - 1e-12)
    tail = np.minimum(spread, 40.0 / -np.log(r)) + 30.0
    lo = np.maximum(0.0, mode - spread - 30.0)
    return lo, mode + tail


def _window_sums(lam, nmu, theta, log_z):
    """``E[W;served]``, ``E[W;ab]`` over entering calls, unlimited room, theta > 0."""
    lo, hi = _state_window(lam, nmu, theta)
    width = int(min(np.max(hi - lo) + 1, 200_000))
    ew_srv = np.zeros(lam.shape)
    ew_ab = np.zeros(lam.shape)
    step = max(1, _CHUNK_CELLS // width)
    for s in range(0, lam.size, step):
        sl = slice(s, s + step)
        k = lo[sl, None] + np.arange(width)[None, :]
        x, a = (lam[sl] / theta[sl])[:, None], (nmu[sl] / theta[sl])[:, None]
        log_t = k * np.log(x) - _log_rising(a, k)
        w = np.exp(log_t - log_z[sl, None])
        _, e_s, e_a, _ = _per_state(k, nmu[sl, None], theta[sl, None])
        ew_srv[sl] = np.sum(w * e_s, axis=1)
        ew_ab[sl] = np.sum(w * e_a, axis=1)
    return ew_srv, ew_ab


def _unlimited_abandoning(lam, mu, theta, n, t, waits=True):
    """Closed forms for M/M/n+M with theta > 0 (see module notes)."""
    nmu, x, a = n * mu, lam / theta, n * mu / theta
    traffic = lam / mu
    log_b = erlang.log_erlang_b(traffic, n)
    log_s0 = log_s(a, x)
    log_idle = _log_idle(log_b)
    log_z = np.logaddexp(log_idle, log_s0)
    s0 = np.exp(log_s0 - log_z)
    p_wait = s0
    ratio = np.divide(n, traffic, out=np.zeros_like(traffic), where=traffic > 0)
    p_ab = np.clip(s0 - ratio * (s0 - np.exp(-log_z)), 0.0, p_wait)
    log_s1 = log_s(a + 1.0, x)
    u = np.exp(-theta * t)
    log_r = -(a + 1.0) * theta * t + x * (1.0 - u) + log_s(a + 1.0, x * u) - log_s1
    with np.errstate(divide="ignore"):
        log_part = np.log(-np.expm1(np.minimum(log_r, 0.0)))
    waited_in_t = np.exp(np.log(nmu) + log_s1 - np.log(nmu + theta) - log_z + log_part)
    sl = np.exp(log_idle - log_z) + waited_in_t
    if waits:
        ew_srv, ew_ab = _window_sums(lam, nmu, theta, log_z)
    else:
        ew_srv = ew_ab = np.full(lam.shape, np.nan)
    return dict(p_block=np.zeros_like(lam), p_wait=p_wait, p_abandon=p_ab, sl=sl,
                ew_srv=ew_srv, ew_ab=ew_ab, mean_queue=lam * p_ab / theta)


def _log_idle(log_b):
    """``log(1/B - 1)``: weight of the states with an idle agent."""
    with np.errstate(divide="ignore"):
        return np.log(-np.expm1(log_b)) - log_b


def _unlimited_patient(lam, mu, n, t):
    """Erlang C (theta = 0, unlimited room)."""
    traffic = lam / mu
    c = erlang.erlang_c(traffic, n)
    gap = n * mu - lam
    stable = gap > 0
    ew = np.divide(c, gap, out=np.full(lam.shape, np.inf), where=stable)
    sl = np.where(stable, 1.0 - c * np.exp(-np.where(stable, gap, 0.0) * t), 0.0)
    return dict(p_block=np.zeros_like(lam), p_wait=c, p_abandon=np.zeros_like(lam),
                sl=np.clip(sl, 0.0, 1.0), ew_srv=ew, ew_ab=np.zeros_like(lam),
                mean_queue=lam * ew)


def _finite_room(lam, mu, theta, n, t, cap):
    """Exact state sums for M/M/n/K+M, ``K = cap`` waiting places (theta >= 0)."""
    from scipy import special  # lazy: Erlang C answers need no SciPy

    kmax = int(np.max(cap))
    k = np.arange(kmax + 1, dtype=float)[None, :]
    nmu = (n * mu)[:, None]
    steps = np.log(lam[:, None]) - np.log(nmu + k[:, 1:] * theta[:, None])
    log_t = np.concatenate([np.zeros((lam.size, 1)), np.cumsum(steps, axis=1)], axis=1)
    log_t = np.where(k <= cap[:, None], log_t, -np.inf)
    log_idle = _log_idle(erlang.log_erlang_b(lam / mu, n))
    log_z = np.logaddexp(log_idle, special.logsumexp(log_t, axis=1))
    w = np.exp(log_t - log_z[:, None])
    full = k == cap[:, None]
    waiting = np.where(full, 0.0, w)
    p_srv, e_s, e_a, within = _per_state(k, nmu, theta[:, None], t[:, None])
    return dict(
        p_block=np.sum(np.where(full, w, 0.0), axis=1),
        p_wait=np.sum(waiting, axis=1),
        p_abandon=np.sum(waiting * (1.0 - p_srv), axis=1),
        sl=np.exp(log_idle - log_z) + np.sum(waiting * within, axis=1),
        ew_srv=np.sum(waiting * e_s, axis=1), ew_ab=np.sum(waiting * e_a, axis=1),
        mean_queue=np.sum(w * k, axis=1))


def _validate(lam, mean_handle, patience, n, cap, t):
    checks = [
        ("arrival_rate", np.all(np.isfinite(lam)) and np.all(lam >= 0), "finite, >= 0"),
        ("mean_handle", np.all(np.isfinite(mean_handle)) and np.all(mean_handle > 0), "> 0"),
        ("mean_patience", np.all(patience > 0), "> 0 (inf for none)"),
        ("agents", np.all(n >= 1) and np.all(n == np.floor(n)), "integers >= 1"),
        ("queue_capacity", np.all(cap >= 0) and np.all((cap == np.floor(cap)) | np.isinf(cap)),
         "integers >= 0 (inf for unlimited)"),
        ("answer_within", np.all(np.isfinite(t)) and np.all(t >= 0), "finite, >= 0"),
    ]
    for name, ok, rule in checks:
        if not ok:
            raise InvalidInput(f"must be {rule}", loc=(name,))


def _compute(lam, mu, theta, n, t, cap, waits) -> dict[str, FloatArray]:
    shape = lam.shape
    keys = ("p_block", "p_wait", "p_abandon", "sl", "ew_srv", "ew_ab", "mean_queue")
    out = {key: np.zeros(shape) for key in keys}
    out["sl"][lam == 0] = 1.0  # no calls: nothing waits, the target is met
    busy = lam > 0
    groups = (
        (busy & np.isinf(cap) & (theta > 0), lambda m: _unlimited_abandoning(
            lam[m], mu[m], theta[m], n[m], t[m], waits)),
        (busy & np.isinf(cap) & (theta == 0), lambda m: _unlimited_patient(
            lam[m], mu[m], n[m], t[m])),
        (busy & np.isfinite(cap), lambda m: _finite_room(
            lam[m], mu[m], theta[m], n[m], t[m], cap[m])),
    )
    for mask, fn in groups:
        if np.any(mask):
            for key, value in fn(mask).items():
                out[key][mask] = value
    return out


def erlang_a(
    arrival_rate: ArrayLike,
    mean_handle: ArrayLike,
    mean_patience: ArrayLike,
    agents: ArrayLike,
    queue_capacity: ArrayLike | None = None,
    answer_within: ArrayLike = 0.0,
    waits: bool = True,
) -> ErlangAResult:
    """Steady-state measures of the Erlang A queue (M/M/n+M, or M/M/n/K+M).

    Parameters
    ----------
    arrival_rate : array_like
        Arrivals per time unit ``lambda`` [1/time], >= 0.
    mean_handle : array_like
        Mean handle time ``1/mu`` [time], > 0.
    mean_patience : array_like
        Mean patience ``1/theta`` [time]; ``inf`` for callers who never hang up
        (then with an unlimited room the model is Erlang C).
    agents : array_like
        Number of agents ``n`` (integers >= 1).
    queue_capacity : array_like, optional
        Waiting places ``K``; ``None`` or ``inf`` for unlimited.
    answer_within : array_like, optional
        Service-level threshold ``t`` [time].
    waits : bool, optional
        Compute the mean waits (``asa``, ``mean_wait_abandoned``,
        ``mean_wait``); ``False`` skips their state sums and leaves them NaN
        where they need them.

    Returns
    -------
    ErlangAResult
        Arrays broadcast to the inputs' common shape.

    References
    ----------
    Mandelbaum and Zeltyn (2007); Baccelli and Hebuterne (1981); see module.
    """
    cap_in = np.inf if queue_capacity is None else queue_capacity
    arrays = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, float)) for v in (
        arrival_rate, mean_handle, mean_patience, agents, cap_in, answer_within)))
    lam, handle, patience, n, cap, t = (np.ravel(v) for v in arrays)
    _validate(lam, handle, patience, n, cap, t)
    shape = np.broadcast_shapes(*(np.shape(v) for v in (
        arrival_rate, mean_handle, mean_patience, agents, cap_in, answer_within)))
    mu = 1.0 / handle
    theta = np.where(np.isinf(patience), 0.0, 1.0 / patience)
    r = _compute(lam, mu, theta, n, t, cap, waits)
    return _result(r, lam, mu, n, shape)


def _result(r, lam, mu, n, shape) -> ErlangAResult:
    p_served = np.clip(1.0 - r["p_block"] - r["p_abandon"], 0.0, 1.0)
    sl = np.clip(r["sl"], 0.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sl_ans = np.where(p_served > 0, np.minimum(sl / p_served, 1.0), 0.0)
        asa = np.where(p_served > 0, r["ew_srv"] / p_served, np.inf)
        ew_ab = np.where(r["p_abandon"] > 0, r["ew_ab"] / r["p_abandon"], 0.0)
        admitted = 1.0 - r["p_block"]
        mean_wait = np.where(admitted > 0, (r["ew_srv"] + r["ew_ab"]) / admitted, 0.0)
    occ = np.minimum(lam / mu * p_served / n, 1.0)
    fields = dict(
        p_block=r["p_block"], p_wait=np.clip(r["p_wait"], 0.0, 1.0),
        p_abandon=np.clip(r["p_abandon"], 0.0, 1.0), p_served=p_served,
        service_level=sl, service_level_answered=sl_ans, asa=asa,
        mean_wait_abandoned=ew_ab, mean_wait=mean_wait, mean_queue=r["mean_queue"],
        occupancy=occ)
    return ErlangAResult(**{k: np.reshape(v, shape) for k, v in fields.items()})
