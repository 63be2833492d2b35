"""Erlang B and Erlang C (M/M/n) measures, vectorised and stable at any scale.

Traffic is offered load in Erlang, ``A = arrival rate x mean handle time``;
agents are integer server counts. Every function broadcasts NumPy arrays.

Method
------
Erlang B is evaluated in closed form through the regularised upper incomplete
gamma function,

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

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from outsource.core._series import geometric_like_sum
from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]

#: Below this value a regularised incomplete gamma is treated as underflowed.
_TINY = 1e-280


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
    Closed form through the incomplete gamma function (Jagerman 1974), with a
    finite series where the incomplete gamma underflows; see the module notes.
    """
    a, n = np.broadcast_arrays(_as_traffic(traffic), _as_agents(agents))
    out = np.zeros(a.shape)
    pos = (a > 0) & (n > 0)
    out[(a == 0) & (n > 0)] = -np.inf
    if not np.any(pos):
        return out
    ap, np_ = a[pos], n[pos]
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
    out[pos] = np.minimum(res, 0.0)
    return out


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
