"""Discrete-event simulation of a FCFS multi-agent queue with abandonment and blocking.

Model
-----
Calls arrive at given times (or Poisson with a piecewise-constant rate per
interval), each with a handle time and a patience [s]. Agents per interval
follow a staffing plan; calls are answered first come, first served; a caller
whose wait would exceed its patience hangs up; with a finite waiting room of
``K`` places a caller finding ``K`` others waiting (and no agent free) is
blocked.

Method
------
With FCFS service the start of service of call ``i`` is
``s_i = max(a_i, f_(1))``, where ``f_(1)`` is the earliest time an agent is
free of the calls admitted before ``i`` (Kiefer and Wolfowitz 1955 [1]_: the
multi-server Lindley recursion). A caller with ``s_i - a_i > patience_i``
abandons and never occupies an agent, so the recursion stays exact with
abandonment (Baccelli and Hebuterne 1981 [2]_). Agents' free times are kept in
a binary min-heap, waiting callers' queue-exit times in another (for the queue
length seen on arrival, blocking and the queue-length maximum), so a call
costs ``O(log n)``. Starts are non-decreasing, so a staffing change at time
``b`` is applied as soon as a start ``>= b`` is computed: new agents enter the
heap free at ``b``; leaving agents take the ``d`` earliest free times (an idle
agent leaves at once, a busy one after finishing its call: no new call
starts, but the call in progress is completed). After the last interval the
last staffing level stays, so the queue drains; callers who would wait forever
(no agents ever again, no patience limit) count as abandoned at the horizon's
end. The kernel is compiled with Numba (``cache=True``, see
:mod:`outsource.core._jit`): the recursion is sequential, so a loop compiled
to machine code is the fastest formulation; NumPy cannot vectorise it.

References
----------
.. [1] J. Kiefer, J. Wolfowitz, "On the theory of queues with many servers",
   Trans. Amer. Math. Soc. 78(1), 1-18, 1955.
.. [2] F. Baccelli, G. Hebuterne, "On queues with impatient customers",
   Performance '81, North-Holland, 1981, pp. 159-179.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core._jit import inlined, jit
from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Columns of the per-interval count table filled by the kernel.
OFFERED, ANSWERED, ABANDONED, BLOCKED, WITHIN, WAITED = range(6)
#: Call outcomes in :attr:`Run.outcome`.
SERVED, ABANDON, BLOCK = 0, 1, 2


@inlined
def _sift_down(h, n, i):
    x = h[i]
    while True:
        c = 2 * i + 1
        if c >= n:
            break
        if c + 1 < n:
            c += h[c + 1] < h[c]  # the smaller child, without a branch
        y = h[c]
        if y >= x:
            break
        h[i] = y
        i = c
    h[i] = x


@inlined
def _push(h, n, x):
    i = n
    while i > 0:
        p = (i - 1) // 2
        if h[p] <= x:
            break
        h[i] = h[p]
        i = p
    h[i] = x
    return n + 1


@inlined
def _pop(h, n):
    n -= 1
    h[0] = h[n]
    _sift_down(h, n, 0)
    return n


@inlined
def _restaff(servers, ns, target, t):
    """Grow the agent heap to ``target`` (free at ``t``) or drop the earliest free."""
    while ns < target:
        ns = _push(servers, ns, t)
    while ns > target:
        ns = _pop(servers, ns)
    return ns


@inlined
def _spread(acc, edges, k, t0, t1):
    """Add the overlap of ``[t0, t1)`` with each interval to ``acc`` (search from ``k``)."""
    n = acc.size
    while k < n and edges[k + 1] <= t0:
        k += 1
    while k < n and edges[k] < t1:
        acc[k] += min(t1, edges[k + 1]) - max(t0, edges[k])
        k += 1


@inlined
def _start(a, servers, ns, edges, agents, nxt):
    """Start time of a call arriving at ``a``, applying staffing changes up to it."""
    s = max(a, servers[0]) if ns > 0 else np.inf
    while nxt < agents.size and edges[nxt] <= s:
        ns = _restaff(servers, ns, agents[nxt], edges[nxt])
        nxt += 1
        s = max(a, servers[0]) if ns > 0 else np.inf
    return s, ns, nxt


@inlined
def _serve(k, s, w, h, servers, ns, edges, counts, wait_sums, busy, within):
    """Book an answered call: its agent is busy over ``[s, s + h)``."""
    servers[0] = s + h
    _sift_down(servers, ns, 0)
    counts[k, ANSWERED] += 1
    counts[k, WITHIN] += w <= within
    wait_sums[k, 0] += w
    _spread(busy, edges, k, s, s + h)


@inlined
def _queue(k, a, w, exits, nq, edges, counts, queue, qmax):
    """Book a wait of ``w`` > 0 from ``a``: queue-exit heap, queue area and maximum."""
    counts[k, WAITED] += 1
    nq = _push(exits, nq, a + w)
    _spread(queue, edges, k, a, a + w)
    qmax[k] = max(qmax[k], nq)
    return nq


@jit
def _kernel(arrival, handle, patience, edges, agents, capacity, within, wait, outcome, exits):
    n_int, n_calls = agents.size, arrival.size
    counts, wait_sums = np.zeros((n_int, 6), np.int64), np.zeros((n_int, 2))
    busy, queue, qmax = np.zeros(n_int), np.zeros(n_int), np.zeros(n_int, np.int64)
    wait[:] = 0.0
    outcome[:] = SERVED
    servers = np.empty(max(agents.max(), 1))
    ns = _restaff(servers, 0, agents[0], edges[0])
    nq, nxt, k = 0, 1, 0
    for i in range(n_calls):
        a, p = arrival[i], patience[i]
        while k + 1 < n_int and edges[k + 1] <= a:
            k += 1
        while nq > 0 and exits[0] <= a:
            nq = _pop(exits, nq)
        s, ns, nxt = _start(a, servers, ns, edges, agents, nxt)
        w = s - a
        counts[k, OFFERED] += 1
        if w > 0.0 and 0 <= capacity <= nq:
            counts[k, BLOCKED] += 1
            outcome[i] = BLOCK
            continue
        if w > p or w == np.inf:
            w = p if w > p else max(edges[n_int] - a, 0.0)
            counts[k, ABANDONED] += 1
            wait_sums[k, 1] += w
            outcome[i] = ABANDON
        else:
            _serve(k, s, w, handle[i], servers, ns, edges, counts, wait_sums, busy, within)
        wait[i] = w
        if w > 0.0:
            nq = _queue(k, a, w, exits, nq, edges, counts, queue, qmax)
    return counts, wait_sums, busy, queue, qmax, wait, outcome


@dataclass(frozen=True)
class Tally:
    """Per-interval totals of one or more runs (calls counted by arrival interval).

    Attributes
    ----------
    edges : ndarray
        Interval boundaries [s], ``len(agents) + 1`` increasing values.
    agents : ndarray
        Agents (servers) per interval.
    offered, answered, abandoned, blocked : ndarray
        Calls arriving in the interval, and how each ended.
    answered_within : ndarray
        Answered with a wait ``<= answer_within``.
    waited : ndarray
        Admitted calls that found every agent busy (wait ``> 0``).
    wait_served_s, wait_abandoned_s : ndarray
        Summed waits of answered / abandoned calls [s].
    busy_s : ndarray
        Agent time spent handling calls within the interval [s].
    queue_s : ndarray
        Integral of the number waiting over the interval [calls x s].
    max_queue : ndarray
        Largest number waiting seen just after an arrival.
    runs : int
        Replications summed into this tally.
    """

    edges: FloatArray
    agents: IntArray
    offered: IntArray
    answered: IntArray
    abandoned: IntArray
    blocked: IntArray
    answered_within: IntArray
    waited: IntArray
    wait_served_s: FloatArray
    wait_abandoned_s: FloatArray
    busy_s: FloatArray
    queue_s: FloatArray
    max_queue: IntArray
    runs: int = 1

    def after(self, first: int) -> Tally:
        """The tally of intervals ``first`` onwards (e.g. to drop a warm-up period)."""
        if not 0 <= first < len(self.agents):
            raise InvalidInput(f"must be within [0, {len(self.agents) - 1}], got {first}",
                               loc=("warmup_intervals",))
        cut = {f.name: getattr(self, f.name)[first:] for f in fields(self)
               if f.name not in ("edges", "runs")}
        return Tally(edges=self.edges[first:], runs=self.runs, **cut)

    def __add__(self, other: Tally) -> Tally:
        """Pool two tallies over the same intervals (sums; ``max_queue`` is the max)."""
        summed = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)
                  if f.name not in ("edges", "agents", "max_queue")}
        return Tally(edges=self.edges, agents=self.agents,
                     max_queue=np.maximum(self.max_queue, other.max_queue), **summed)


@dataclass(frozen=True)
class Run:
    """One simulation: the per-interval :class:`Tally` and each call's fate.

    Attributes
    ----------
    tally : Tally
    wait : ndarray
        Each call's wait [s]: until answered, or until hanging up; 0 if blocked.
    outcome : ndarray of int8
        :data:`SERVED`, :data:`ABANDON` or :data:`BLOCK` per call.
    """

    tally: Tally
    wait: FloatArray
    outcome: NDArray[np.int8]


def run_queue(arrival: ArrayLike, handle: ArrayLike, patience: ArrayLike, edges: ArrayLike,
              agents: ArrayLike, queue_capacity: int | None = None,
              answer_within: float = 20.0) -> Run:
    """Simulate the queue for given calls (see the module notes).

    Parameters
    ----------
    arrival : array of float
        Arrival times [s], non-decreasing, within ``[edges[0], edges[-1])``.
    handle, patience : array of float
        Each call's handle time and patience [s] (``inf``: never hangs up).
    edges : array of float
        Interval boundaries [s], increasing.
    agents : array of int
        Agents on duty per interval (``len(edges) - 1`` values, ``>= 0``).
    queue_capacity : int, optional
        Waiting places; ``None`` for unlimited.
    answer_within : float
        Service-level threshold ``T`` [s].
    """
    a, h, p = (np.ascontiguousarray(x, dtype=float) for x in (arrival, handle, patience))
    e = np.ascontiguousarray(edges, dtype=float)
    n = check_agents(agents, e)
    _check_calls(a, h, p, e)
    return queue_calls(a, h, p, e, n, queue_capacity, answer_within)


class Scratch:
    """Per-call buffers one thread reuses from one replication to the next.

    Fresh arrays of a megabyte or more come from the operating system as new pages
    (a page fault and zeroing per 4 KiB); reusing them saves about a sixth of a
    replication's time. A :class:`Run` built with a scratch has ``wait`` and
    ``outcome`` in these buffers: valid until the scratch's next replication
    (:func:`outsource.core.replicate.replicate` keeps only the tally).
    """

    def __init__(self) -> None:
        self._buffers: dict[str, np.ndarray] = {}

    def get(self, name: str, size: int, dtype: type = np.float64) -> np.ndarray:
        """A buffer of at least ``size`` elements (grown by a quarter when too small)."""
        buf = self._buffers.get(name)
        if buf is None or buf.size < size:
            buf = np.empty(size + size // 4 + 16, dtype=dtype)
            self._buffers[name] = buf
        return buf

    def put(self, name: str, buf: np.ndarray) -> None:
        """Keep ``buf`` (e.g. one a compiled function had to grow) for the next use."""
        self._buffers[name] = buf


def queue_calls(a: FloatArray, h: FloatArray, p: FloatArray, e: FloatArray, n: IntArray,
                queue_capacity: int | None, answer_within: float,
                scratch: Scratch | None = None) -> Run:
    """:func:`run_queue` without its checks of the calls, for calls drawn valid by
    construction (contiguous float arrays, sorted arrivals within the intervals, finite
    handle times; ``n`` from :func:`check_agents`); per-call results in ``scratch``."""
    cap = -1 if queue_capacity is None else int(queue_capacity)
    if queue_capacity is not None and not (0 <= queue_capacity == cap):
        raise InvalidInput(f"must be a whole number >= 0, got {queue_capacity}",
                           loc=("queue_capacity",))
    size = a.size
    if scratch is None:
        wait, outcome, exits = np.empty(size), np.empty(size, np.int8), np.empty(size + 1)
    else:
        wait, outcome = scratch.get("wait", size)[:size], scratch.get(
            "outcome", size, np.int8)[:size]
        exits = scratch.get("exits", size + 1)[:size + 1]
    counts, sums, busy, queue, qmax, wait, outcome = _kernel(
        a, h, p, e, n, cap, float(answer_within), wait, outcome, exits)
    c = counts.T
    tally = Tally(e, n, c[OFFERED], c[ANSWERED], c[ABANDONED], c[BLOCKED], c[WITHIN],
                  c[WAITED], sums[:, 0], sums[:, 1], busy, queue, qmax)
    return Run(tally, wait, outcome)


def check_agents(agents: ArrayLike, edges: FloatArray) -> IntArray:
    """``agents`` as contiguous int64, one per interval of ``edges`` (checked)."""
    n = np.asarray(agents)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise InvalidInput("must be at least two increasing times", loc=("edges",))
    if n.shape != (edges.size - 1,):
        raise InvalidInput(f"need {edges.size - 1} values, got {n.size}", loc=("agents",))
    if np.any(n < 0) or np.any(n != np.round(n)):
        raise InvalidInput("must be whole numbers >= 0", loc=("agents",))
    return np.ascontiguousarray(n, dtype=np.int64)


def _check_calls(a: FloatArray, h: FloatArray, p: FloatArray, e: FloatArray) -> None:
    if not (a.shape == h.shape == p.shape) or a.ndim != 1:
        raise InvalidInput("arrival, handle and patience need one value per call", loc=("calls",))
    if a.size and (a[0] < e[0] or a[-1] >= e[-1] or np.any(np.diff(a) < 0)):
        raise InvalidInput("arrival times must be sorted and within the intervals",
                           loc=("arrival",))
    if not (np.all(np.isfinite(h)) and np.all(h >= 0)):
        raise InvalidInput("handle times must be finite and >= 0 seconds", loc=("handle",))
    if np.any(np.isnan(p)) or np.any(p < 0):
        raise InvalidInput("patience must be >= 0 seconds (inf: none)", loc=("patience",))
