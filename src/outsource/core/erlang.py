"""Erlang B and Erlang C (M/M/n) measures, vectorised and stable at any scale.

Traffic is offered load in Erlang, ``A = arrival rate x mean handle time``;
agents are integer server counts. Every function broadcasts NumPy arrays.

Method
------
Erlang B is evaluated in one of three equivalent ways, chosen by the work
they take (checked by property tests: the recursions are within about 1e-14 of
40-digit arithmetic in ``log B``, the incomplete-gamma path within about
5e-12 up to 5,000 Erlang, so they agree to 1e-11):

* small evaluations (one interval, or a few, with up to :data:`RECURSION_STEPS`
  agents in all: every single staffing answer) use the classical recursion
  ``B(0) = 1``, ``B(k) = A B(k-1) / (k + A B(k-1))`` [1]_ [2]_, run on
  ``1/B(k) = 1 + (k/A) (1/B(k-1))`` with a running scale so that nothing
  underflows or overflows at any ``n``: plain floating-point loops, no SciPy
  (importing ``scipy.special`` costs more than the whole answer);
* larger ones use, for elements with agents near the load
  (``n >= floor(A)`` and at most :data:`NEAR_LOAD_STEPS` steps: every
  staffing level a solver considers), the same recursion vectorised over the
  elements and started below the load, where its error dies out
  (:func:`log_erlang_b_near_load`; no SciPy either), and for the others the
  closed form through the regularised upper incomplete gamma function (one
  vectorised SciPy call),

    B(n, A) = (A^n e^-A / n!) / Q(n + 1, A),

the ratio of the Poisson probability mass to the Poisson distribution function
at ``n`` [1]_, computed in log space so that no factorial or power overflows.
Where ``Q`` underflows (``n`` far below ``A``) the equivalent finite series
``1 / B = sum_i prod_{m < i} (n - m) / A`` is summed instead; its terms fall
geometrically there because ``n / A < 1``. Erlang C follows from B with the
classical relation [2]_ ``C = B / (1 - rho (1 - B))``, ``rho = A / n``.

References
----------
.. [1] D. L. Jagerman, "Some properties of the Erlang loss function",
   Bell System Technical Journal 53(3), 525-551, 1974.
.. [2] N. Gans, G. Koole, A. Mandelbaum, "Telephone call centers: tutorial,
   review, and research prospects", Manufacturing & Service Operations
   Management 5(2), 79-141, 2003, section 4.1.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core._series import geometric_like_sum
from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]

#: Below this value a regularised incomplete gamma is treated as underflowed.
_TINY = 1e-280
#: Evaluations needing at most this many recursion steps (agents summed over the
#: elements) use the recursion; larger ones the incomplete gamma function.
RECURSION_STEPS = 20_000
#: The recursion's running value is rescaled above this, so it never overflows.
_RESCALE = 1e250
#: Larger evaluations use the vectorised recursion for elements needing at most
#: this many steps (agents near the load), the incomplete gamma for the others.
NEAR_LOAD_STEPS = 2_000


def _as_agents(agents: ArrayLike) -> FloatArray:
    n = np.asarray(agents, dtype=float)
    if np.any(n < 0) or np.any(n != np.floor(n)):
        raise InvalidInput("must be non-negative integers", loc=("agents",))
    return n


def _as_traffic(traffic: ArrayLike) -> FloatArray:
    a = np.asarray(traffic, dtype=float)
    if np.any(~np.isfinite(a)) or np.any(a < 0):
        raise InvalidInput("must be finite and non-negative [Erlang]", loc=("traffic",))
    return a


def log_erlang_b(traffic: ArrayLike, agents: ArrayLike) -> FloatArray:
    """Natural logarithm of the Erlang B blocking probability.

    Parameters
    ----------
    traffic : array_like
        Offered load ``A`` [Erlang], ``A >= 0``.
    agents : array_like
        Number of servers ``n`` (non-negative integers).

    Returns
    -------
    ndarray
        ``log B(n, A)``; ``0`` where ``n = 0``, ``-inf`` where ``A = 0 < n``.

    Notes
    -----
    The recursion for small evaluations, else the closed form through the
    incomplete gamma function (Jagerman 1974), with a finite series where the
    incomplete gamma underflows; see the module notes.
    """
    a, n = np.broadcast_arrays(_as_traffic(traffic), _as_agents(agents))
    out = np.zeros(a.shape)
    pos = (a > 0) & (n > 0)
    out[(a == 0) & (n > 0)] = -np.inf
    if not np.any(pos):
        return out
    ap, np_ = a[pos], n[pos]
    if float(np_.sum()) <= RECURSION_STEPS:
        res = log_erlang_b_recursion(ap, np_)
    else:
        k0 = near_load_start(ap)
        near = ((np_ >= np.floor(ap)) | (k0 == 0)) & (np_ - k0 <= NEAR_LOAD_STEPS)
        res = np.empty(ap.shape)
        if np.any(near):
            res[near] = log_erlang_b_near_load(ap[near], np_[near])
        if not np.all(near):
            res[~near] = log_erlang_b_gamma(ap[~near], np_[~near])
    out[pos] = np.minimum(res, 0.0)
    return out


def log_erlang_b_recursion(traffic: ArrayLike, agents: ArrayLike) -> FloatArray:
    """``log B(n, A)`` by the recursion ``B(k) = A B(k-1) / (k + A B(k-1))``, ``B(0) = 1``.

    Run on the reciprocal, ``1/B(k) = 1 + (k/A) (1/B(k-1))``, whose value is
    kept as a mantissa and a logarithmic scale: the recursion is forward-stable
    (each step multiplies by ``k/A`` and adds one, so relative rounding errors
    do not grow) and the scale keeps it finite for any ``n`` (the standard
    recursion, e.g. Jagerman 1974). One element at a time, in
    plain floating point: ``n`` steps for ``n`` agents.

    Parameters
    ----------
    traffic : array_like
        Offered load ``A`` [Erlang], ``A > 0``.
    agents : array_like
        Servers ``n`` (whole numbers >= 1), broadcast with ``traffic``.

    Returns
    -------
    ndarray
        ``log B(n, A)``.
    """
    a, n = np.broadcast_arrays(np.asarray(traffic, dtype=float), np.asarray(agents, dtype=float))
    out = np.empty(a.shape)
    flat = out.reshape(-1)
    for i, (ai, ni) in enumerate(zip(a.ravel().tolist(), n.ravel().tolist(), strict=True)):
        flat[i] = -_log_inverse_b(ai, int(ni))
    return out


def _log_inverse_b(a: float, n: int) -> float:
    """``log(1 / B(n, a))`` by the scaled recursion (see :func:`log_erlang_b_recursion`)."""
    inv, one, log_scale, r = 1.0, 1.0, 0.0, 1.0 / a
    for k in range(1, n + 1):
        inv = one + k * r * inv
        if inv > _RESCALE:
            log_scale += math.log(inv)
            one /= inv
            inv = 1.0
    return log_scale + math.log(inv)


#: The vectorised recursion starts ``START_SIGMAS`` standard deviations ``sqrt(A)``
#: below the load ``A`` (see :func:`log_erlang_b_near_load`).
START_SIGMAS = 10.0


def near_load_start(traffic: FloatArray) -> FloatArray:
    """First ``k`` of :func:`log_erlang_b_near_load`: ``max(0, floor(A - s sqrt(A)))``."""
    return np.maximum(np.floor(traffic - START_SIGMAS * np.sqrt(traffic)), 0.0)


def log_erlang_b_near_load(traffic: ArrayLike, agents: ArrayLike) -> FloatArray:
    """``log B(n, A)`` for ``n >= floor(A)`` (any ``n`` if ``A <= 100``) by a vectorised recursion.

    The reciprocal ``x_k = 1/B(k, A)`` obeys ``x_k = 1 + (k/A) x_(k-1)``
    (Jagerman 1974 [1]_), a linear recursion: an error in the starting value is
    multiplied by ``prod_k (k/A)``, i.e. its relative size by ``prod_k (1 - B_k)``,
    and ``1 - B_k <= k/A`` (carried load ``A (1 - B)`` is below the ``k``
    servers). Starting at ``k0 = floor(A - s sqrt(A))`` (``s`` =
    :data:`START_SIGMAS`, ``k0 = 0`` with the exact ``x_0 = 1`` when that is
    below zero) from the bound ``x_k0 ~ 1 / (1 - k0/A)``, whose relative error
    is below ``sqrt(A)/s``, that error has shrunk by
    ``prod_(k0 < k <= A) k/A <= exp(-s^2/2) ~ 2e-22`` on reaching ``A``: the
    result is exact to rounding (about 1e-15, tested against 40-digit
    arithmetic). The damping needs the run up to ``A``, hence ``n >= floor(A)``;
    where ``k0 = 0`` the start is exact and any ``n`` will do. One NumPy step per
    agent for all elements at once, about ``s sqrt(A) + (n - A)`` steps; no SciPy.

    Parameters
    ----------
    traffic : array_like
        Offered load ``A`` [Erlang], ``A > 0``.
    agents : array_like
        Servers ``n``, whole numbers ``>= floor(A)`` (any ``n >= 1`` where ``A <= s^2``).

    Returns
    -------
    ndarray
        ``log B(n, A)``.
    """
    a, n = (np.array(v, dtype=float).ravel() for v in np.broadcast_arrays(
        np.asarray(traffic, dtype=float), np.asarray(agents, dtype=float)))
    shape = np.broadcast_shapes(np.shape(traffic), np.shape(agents))
    k0 = near_load_start(a)
    if np.any((n < np.floor(a)) & (k0 > 0)):
        raise InvalidInput("must be >= floor(A) on this path (or A <= 100)", loc=("agents",))
    x = np.where(k0 > 0, 1.0 / (1.0 - k0 / np.maximum(a, 1e-300)), 1.0)
    steps = (n - k0).astype(np.int64)
    order = np.argsort(-steps, kind="stable")  # the longest first: active ones are a prefix
    xs, ks, inv_a, st = x[order], k0[order], 1.0 / a[order], steps[order]
    counts = np.searchsorted(-st, -np.arange(1, int(st.max(initial=0)) + 1), side="right")
    tmp = np.empty_like(xs)
    ones = np.ones_like(xs)  # the recursion's "1", scaled down with x when x grows large
    log_scale = np.zeros_like(xs)
    for j, m in enumerate(counts.tolist()):
        t = tmp[:m]
        np.add(ks[:m], j + 1.0, out=t)       # k
        np.multiply(t, inv_a[:m], out=t)      # k / A
        np.multiply(t, xs[:m], out=t)         # (k / A) x_(k-1)
        np.add(t, ones[:m], out=xs[:m])       # x_k (scaled)
        if xs[:m].max() > _RESCALE:  # far above the load: keep x finite
            big = np.flatnonzero(xs[:m] > _RESCALE)
            log_scale[big] += np.log(xs[big])
            ones[big] /= xs[big]
            xs[big] = 1.0
    out = np.empty_like(xs)
    out[order] = -(log_scale + np.log(xs))
    return out.reshape(shape)


def log_erlang_b_gamma(traffic: ArrayLike, agents: ArrayLike) -> FloatArray:
    """``log B(n, A)`` in closed form through the incomplete gamma function (vectorised).

    ``B = (A^n e^-A / n!) / Q(n + 1, A)`` (Jagerman 1974), in log space; where
    ``Q`` underflows, the finite series of ``1/B`` is summed (see the module
    notes). Inputs: ``A > 0`` [Erlang] and whole ``n >= 1``, broadcast.
    """
    from scipy import special

    ap, np_ = (np.array(v) for v in np.broadcast_arrays(
        np.atleast_1d(np.asarray(traffic, dtype=float)),
        np.atleast_1d(np.asarray(agents, dtype=float))))
    shape = np.broadcast_shapes(np.shape(traffic), np.shape(agents))
    q = special.gammaincc(np_ + 1.0, ap)
    log_pmf = np_ * np.log(ap) - ap - special.gammaln(np_ + 1.0)
    res = log_pmf - np.log(np.where(q > _TINY, q, 1.0))
    low = q <= _TINY
    if np.any(low):
        # 1/B = sum_{i=0}^{n} prod_{m<i} (n-m)/A ; ratio of term i+1 to i is (n-i)/A.
        nl, al = np_[low], ap[low]
        total = geometric_like_sum(
            lambda i: np.maximum(nl[:, None] - i, 0.0) / al[:, None], nl.shape)
        res[low] = -np.log(total)
    return res.reshape(shape)


def erlang_b(traffic: ArrayLike, agents: ArrayLike) -> FloatArray:
    """Erlang B: probability that an arrival finds all ``agents`` busy (M/M/n/n).

    Parameters
    ----------
    traffic : array_like
        Offered load ``A`` [Erlang].
    agents : array_like
        Number of servers ``n`` (non-negative integers).

    Returns
    -------
    ndarray
        Blocking probability in [0, 1].

    References
    ----------
    A. K. Erlang (1917); computed as in Jagerman (1974), see module notes.
    """
    return np.exp(log_erlang_b(traffic, agents))


def erlang_c(traffic: ArrayLike, agents: ArrayLike) -> FloatArray:
    """Erlang C: probability that an arriving call waits (M/M/n, FCFS).

    ``C = B / (1 - rho (1 - B))`` with ``rho = A / n`` (Gans, Koole and
    Mandelbaum 2003, eq. 4.1). Where ``A >= n`` the queue is unstable and every
    call waits: ``C = 1``.

    Parameters
    ----------
    traffic : array_like
        Offered load ``A`` [Erlang].
    agents : array_like
        Number of agents ``n``.

    Returns
    -------
    ndarray
        Probability of wait in [0, 1].
    """
    a = _as_traffic(traffic)
    n = _as_agents(agents)
    a, n = np.broadcast_arrays(a, n)
    b = erlang_b(a, n)
    stable = a < n
    rho = np.divide(a, n, out=np.ones(a.shape), where=n > 0)
    c = np.divide(b, 1.0 - rho * (1.0 - b), out=np.ones(a.shape), where=stable)
    return np.where(stable, np.clip(c, 0.0, 1.0), 1.0)


def service_level(
    traffic: ArrayLike, agents: ArrayLike, aht_s: ArrayLike, answer_within_s: ArrayLike
) -> FloatArray:
    """Share of calls answered within ``answer_within_s`` seconds (Erlang C).

    ``SL = 1 - C exp(-(n - A) t / AHT)`` (Gans, Koole and Mandelbaum 2003,
    eq. 4.2). Zero where ``A >= n``.

    Parameters
    ----------
    traffic : array_like
        Offered load [Erlang].
    agents : array_like
        Number of agents.
    aht_s : array_like
        Mean handle time [s].
    answer_within_s : array_like
        Service-level threshold ``t`` [s].

    Returns
    -------
    ndarray
        ``P(W <= t)`` in [0, 1].
    """
    a, n, aht, t = np.broadcast_arrays(
        _as_traffic(traffic), _as_agents(agents), np.asarray(aht_s, float),
        np.asarray(answer_within_s, float),
    )
    c = erlang_c(a, n)
    sl = 1.0 - c * np.exp(-np.maximum(n - a, 0.0) * t / aht)
    return np.where(a < n, np.clip(sl, 0.0, 1.0), 0.0)


def asa(traffic: ArrayLike, agents: ArrayLike, aht_s: ArrayLike) -> FloatArray:
    """Average speed of answer, the mean wait of all calls [s] (Erlang C).

    ``ASA = C AHT / (n - A)`` (Gans, Koole and Mandelbaum 2003, eq. 4.3);
    infinite where ``A >= n``.

    Parameters
    ----------
    traffic : array_like
        Offered load [Erlang].
    agents : array_like
        Number of agents.
    aht_s : array_like
        Mean handle time [s].

    Returns
    -------
    ndarray
        Mean waiting time [s].
    """
    a, n, aht = np.broadcast_arrays(
        _as_traffic(traffic), _as_agents(agents), np.asarray(aht_s, float)
    )
    c = erlang_c(a, n)
    gap = n - a
    return np.divide(c * aht, gap, out=np.full(a.shape, np.inf), where=gap > 0)


def mean_queue(traffic: ArrayLike, agents: ArrayLike) -> FloatArray:
    """Mean number of calls waiting, ``Lq = C A / (n - A)`` (Erlang C) [calls].

    Little's law applied to :func:`asa`; infinite where ``A >= n``.
    """
    a, n = np.broadcast_arrays(_as_traffic(traffic), _as_agents(agents))
    c = erlang_c(a, n)
    gap = n - a
    return np.divide(c * a, gap, out=np.full(a.shape, np.inf), where=gap > 0)


def occupancy(traffic: ArrayLike, agents: ArrayLike) -> FloatArray:
    """Agent occupancy ``A / n`` (Erlang C, all offered work is carried), capped at 1."""
    a, n = np.broadcast_arrays(_as_traffic(traffic), _as_agents(agents))
    rho = np.divide(a, n, out=np.ones(a.shape), where=n > 0)
    return np.minimum(rho, 1.0)
