"""Agents needed per interval: evaluate a staffing level, or solve for the least one.

Voice is Erlang C (no patience given) or Erlang A (mean patience given,
optionally a finite waiting room); chat is the same queue with each agent
holding ``concurrency`` sessions at once, i.e. ``agents x concurrency``
servers, each session lasting its elapsed handle time (the multi-slot model of
Tezcan and Zhang 2014 [1]_ with slots treated as independent servers).

The solver returns, per interval, the smallest number of agents meeting every
target given at once: service level ``X`` within ``T`` seconds, ASA, abandonment
and occupancy. Each measure is monotone in the number of agents (more agents
never lower the service level, nor raise ASA, abandonment or occupancy), so the
smallest feasible staffing is found by vectorised bisection after a doubling
search for an upper bound.

References
----------
.. [1] T. Tezcan, J. Zhang, "Routing and staffing in customer service chat
   systems with impatient customers", Operations Research 62(4), 943-956, 2014.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core.erlang_a import erlang_a
from outsource.errors import Infeasible, InvalidInput

FloatArray = NDArray[np.float64]

#: The largest staffing the solver will consider for one interval [agents].
MAX_AGENTS = 50_000
_EPS = 1e-12


@dataclass(frozen=True)
class Targets:
    """Service targets; ``None`` means "no such target".

    Attributes
    ----------
    service_level : share of calls answered within ``answer_within_s`` (0-1).
    answer_within_s : threshold of the service level [s].
    sl_basis : ``"offered"`` (among entering calls) or ``"answered"``.
    max_asa_s : ceiling on the mean wait of answered calls [s].
    max_abandon : ceiling on the share of entering calls that abandon (0-1).
    max_occupancy : ceiling on agent occupancy (0-1].
    """

    service_level: float | None = 0.8
    answer_within_s: float = 20.0
    sl_basis: str = "offered"
    max_asa_s: float | None = None
    max_abandon: float | None = None
    max_occupancy: float | None = None

    def __post_init__(self) -> None:
        if self.service_level is not None and not 0.0 < self.service_level < 1.0:
            raise InvalidInput("must be strictly between 0 and 1", loc=("service_level",))
        if not np.isfinite(self.answer_within_s) or self.answer_within_s < 0:
            raise InvalidInput("must be >= 0 seconds", loc=("answer_within_s",))
        if self.sl_basis not in ("offered", "answered"):
            raise InvalidInput("must be 'offered' or 'answered'", loc=("sl_basis",))
        if self.max_asa_s is not None and not self.max_asa_s > 0:
            raise InvalidInput("must be > 0 seconds", loc=("max_asa_s",))
        if self.max_abandon is not None and not 0.0 < self.max_abandon < 1.0:
            raise InvalidInput("must be strictly between 0 and 1", loc=("max_abandon",))
        if self.max_occupancy is not None and not 0.0 < self.max_occupancy <= 1.0:
            raise InvalidInput("must be in (0, 1]", loc=("max_occupancy",))


@dataclass(frozen=True)
class Measures:
    """Queue measures per interval (arrays of equal shape).

    Attributes
    ----------
    agents : staffed agents [agents].
    traffic_erlangs : offered load ``calls x AHT / period`` [Erlang].
    p_wait : entering calls that wait (0-1).
    p_block : calls refused by a full waiting room (0-1).
    abandon_rate : entering calls that hang up (0-1).
    service_level : entering calls answered within the threshold (0-1).
    service_level_answered : answered calls answered within the threshold (0-1).
    asa_s : mean wait of answered calls [s].
    mean_wait_abandoned_s : mean time to hang up of abandoned calls [s].
    mean_queue : mean calls waiting [calls].
    occupancy : share of agent time busy with calls (0-1).
    """

    agents: FloatArray
    traffic_erlangs: FloatArray
    p_wait: FloatArray
    p_block: FloatArray
    abandon_rate: FloatArray
    service_level: FloatArray
    service_level_answered: FloatArray
    asa_s: FloatArray
    mean_wait_abandoned_s: FloatArray
    mean_queue: FloatArray
    occupancy: FloatArray

    def row(self, i: int) -> dict[str, float]:
        """The measures of interval ``i`` as plain floats."""
        return {f.name: float(np.ravel(getattr(self, f.name))[i]) for f in fields(self)}


@dataclass(frozen=True)
class Workload:
    """Offered work per interval (arrays broadcast to one shape).

    Attributes
    ----------
    calls : arrivals in the interval [calls].
    period_s : interval length [s].
    aht_s : mean handle time [s] (for chat: elapsed session length).
    patience_s : mean patience [s]; ``inf`` when callers never abandon.
    queue_capacity : waiting places; ``inf`` for unlimited.
    concurrency : sessions one agent handles at once (1 for voice).
    """

    calls: FloatArray
    period_s: FloatArray
    aht_s: FloatArray
    patience_s: FloatArray
    queue_capacity: FloatArray
    concurrency: FloatArray

    @classmethod
    def build(cls, calls: ArrayLike, period_s: ArrayLike, aht_s: ArrayLike,
              patience_s: ArrayLike | None = None, queue_capacity: ArrayLike | None = None,
              concurrency: ArrayLike = 1) -> Workload:
        """Validate and broadcast the inputs (``None`` patience/capacity: unlimited)."""
        pat = np.inf if patience_s is None else patience_s
        cap = np.inf if queue_capacity is None else queue_capacity
        arrays = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in (
            calls, period_s, aht_s, pat, cap, concurrency)))
        wl = cls(*(np.array(a) for a in arrays))
        wl._validate()
        return wl

    def _validate(self) -> None:
        rules = (
            ("calls", np.isfinite(self.calls) & (self.calls >= 0), "finite and >= 0"),
            ("period_minutes", np.isfinite(self.period_s) & (self.period_s > 0), "> 0"),
            ("aht_s", np.isfinite(self.aht_s) & (self.aht_s > 0), "> 0 seconds"),
            ("patience_s", self.patience_s > 0, "> 0 seconds"),
            ("queue_capacity", (self.queue_capacity >= 0) & (
                (self.queue_capacity == np.floor(self.queue_capacity))
                | np.isinf(self.queue_capacity)), "a whole number >= 0"),
            ("concurrency", (self.concurrency >= 1) & (
                self.concurrency == np.floor(self.concurrency)), "a whole number >= 1"),
        )
        for name, ok, rule in rules:
            bad = np.flatnonzero(~ok)
            if bad.size:
                where = f" (interval {bad[0] + 1})" if self.calls.size > 1 else ""
                raise InvalidInput(f"must be {rule}{where}", loc=(name,))

    @property
    def traffic_erlangs(self) -> FloatArray:
        """Offered load ``calls x AHT / period`` [Erlang]."""
        return self.calls * self.aht_s / self.period_s

    def take(self, idx: NDArray[np.intp]) -> Workload:
        """The sub-workload of the given interval indices."""
        return Workload(*(getattr(self, f.name)[idx] for f in fields(self)))


def evaluate(workload: Workload, agents: ArrayLike, answer_within_s: float = 20.0,
             waits: bool = True) -> Measures:
    """Queue measures of ``workload`` staffed with ``agents`` per interval.

    Parameters
    ----------
    workload : Workload
        Offered work per interval.
    agents : array_like
        Agents per interval (whole numbers >= 0; 0 only for intervals without calls).
    answer_within_s : float
        Service-level threshold [s].
    waits : bool
        Compute mean waits (``asa_s``, ``mean_wait_abandoned_s``); skipping
        them makes Erlang A evaluations much cheaper.

    Returns
    -------
    Measures
        Erlang C / Erlang A measures (see :func:`outsource.core.erlang_a.erlang_a`).
    """
    n = np.broadcast_to(np.asarray(agents, dtype=float), workload.calls.shape).copy()
    if np.any(n < 0) or np.any(n != np.floor(n)):
        raise InvalidInput("must be whole numbers >= 0", loc=("agents",))
    if np.any((n == 0) & (workload.calls > 0)):
        raise InvalidInput("must be >= 1 where calls arrive", loc=("agents",))
    out = _empty_measures(workload, n)
    busy = np.flatnonzero(workload.calls > 0)
    if busy.size:
        wl = workload.take(busy)
        lam = wl.calls / wl.period_s
        r = erlang_a(lam, wl.aht_s, wl.patience_s, n[busy] * wl.concurrency,
                     wl.queue_capacity, answer_within_s, waits=waits)
        values = dict(p_wait=r.p_wait, p_block=r.p_block, abandon_rate=r.p_abandon,
                      service_level=r.service_level,
                      service_level_answered=r.service_level_answered, asa_s=r.asa,
                      mean_wait_abandoned_s=r.mean_wait_abandoned, mean_queue=r.mean_queue,
                      occupancy=r.occupancy)
        for key, value in values.items():
            getattr(out, key)[busy] = value
    return out


def _empty_measures(workload: Workload, n: FloatArray) -> Measures:
    shape = workload.calls.shape
    zeros = {f.name: np.zeros(shape) for f in fields(Measures)}
    zeros.update(agents=n, traffic_erlangs=workload.traffic_erlangs,
                 service_level=np.ones(shape), service_level_answered=np.ones(shape))
    return Measures(**zeros)


def _meets(m: Measures, targets: Targets) -> NDArray[np.bool_]:
    ok = np.ones(m.agents.shape, dtype=bool)
    if targets.service_level is not None:
        sl = m.service_level if targets.sl_basis == "offered" else m.service_level_answered
        ok &= sl >= targets.service_level - _EPS
    if targets.max_asa_s is not None:
        ok &= m.asa_s <= targets.max_asa_s + _EPS
    if targets.max_abandon is not None:
        ok &= m.abandon_rate <= targets.max_abandon + _EPS
    if targets.max_occupancy is not None:
        ok &= m.occupancy <= targets.max_occupancy + _EPS
    return ok


def _lower_bound(wl: Workload, targets: Targets) -> FloatArray:
    """Agents below which no target set can hold (stability without abandonment)."""
    slots = wl.traffic_erlangs / wl.concurrency
    patient = np.isinf(wl.patience_s) & np.isinf(wl.queue_capacity)
    lo = np.where(patient, np.floor(slots) + 1.0, 1.0)
    if targets.max_occupancy is not None:
        lo = np.where(patient, np.maximum(lo, np.ceil(slots / targets.max_occupancy - _EPS)), lo)
    return np.maximum(lo, 1.0)


def required_agents(workload: Workload, targets: Targets,
                    max_agents: int = MAX_AGENTS) -> FloatArray:
    """Smallest number of agents per interval meeting every target at once.

    Parameters
    ----------
    workload : Workload
        Offered work per interval.
    targets : Targets
        Targets to meet together.
    max_agents : int
        Staffing above which an interval's targets count as unreachable.

    Returns
    -------
    ndarray
        Agents per interval (0 where no calls arrive).

    Raises
    ------
    Infeasible
        When some interval cannot meet its targets with ``max_agents`` agents.
    """
    agents = np.zeros(workload.calls.shape)
    busy = np.flatnonzero(workload.calls > 0)
    if busy.size == 0:
        return agents
    wl = workload.take(busy)
    t = targets.answer_within_s
    need_waits = targets.max_asa_s is not None

    def met(idx: NDArray[np.intp], n: FloatArray) -> NDArray[np.bool_]:
        return _meets(evaluate(wl.take(idx), n, t, waits=need_waits), targets)

    lo = _lower_bound(wl, targets)
    found = np.full(lo.shape, np.nan)
    if _erlang_c_only(wl):
        found, lo = _erlang_c_walk(wl, targets, lo, max_agents)
    rest = np.flatnonzero(np.isnan(found))
    if rest.size:
        sub = wl.take(rest)

        def met_rest(idx: NDArray[np.intp], n: FloatArray) -> NDArray[np.bool_]:
            return met(rest[idx], n)

        hi = _upper_bound(sub, lo[rest], met_rest, max_agents, labels=rest)
        found[rest] = _bisect(lo[rest], hi, met_rest)
    agents[busy] = found
    return agents


#: Agents the Erlang C walk adds one at a time before handing an interval to bisection.
WALK_STEPS = 48


def _erlang_c_only(wl: Workload) -> bool:
    """Whether every interval is a plain Erlang C queue (no abandonment, unlimited room)."""
    return bool(np.all(np.isinf(wl.patience_s)) and np.all(np.isinf(wl.queue_capacity))
                and np.all(wl.concurrency == 1.0))


def _erlang_c_walk(wl: Workload, targets: Targets, lo: FloatArray,
                   max_agents: int) -> tuple[FloatArray, FloatArray]:
    """Least agents by walking up from ``lo`` with the Erlang B recursion (Erlang C only).

    Erlang B is evaluated once per interval at ``lo`` (the vectorised recursion of
    :func:`outsource.core.erlang.log_erlang_b_near_load`: no SciPy); each further agent costs one
    step of the forward recursion ``B(n+1) = A B(n) / (n + 1 + A B(n))``
    (Jagerman 1974; forward-stable: relative errors shrink by ``1 - B`` a step),
    in log space, for all unresolved intervals at once. The measures are the
    Erlang C formulas of :func:`outsource.core.erlang_a.erlang_a` (Gans, Koole
    and Mandelbaum 2003, eqs. 4.1-4.3) and the targets are checked by the same
    rule as :func:`evaluate`, so the answer is the bisection's: the smallest
    ``n >= lo`` meeting every target. Returns the agents found (NaN where the
    walk stopped after :data:`WALK_STEPS` agents) and the lower bound reached.
    """
    from outsource.core import erlang

    lam = wl.calls / wl.period_s
    mu = 1.0 / wl.aht_s
    traffic = lam / mu
    t = targets.answer_within_s
    n = np.minimum(lo.copy(), float(max_agents))
    near = (n >= np.floor(traffic)) | (erlang.near_load_start(traffic) == 0)
    log_b = np.empty(n.shape)
    log_b[near] = erlang.log_erlang_b_near_load(traffic[near], n[near])  # no SciPy
    if not np.all(near):  # max_agents far below the load: never met, but say so exactly
        log_b[~near] = erlang.log_erlang_b(traffic[~near], n[~near])
    log_a = np.log(traffic)
    found = np.full(n.shape, np.nan)
    active = np.arange(n.size)
    for step in range(WALK_STEPS + 1):
        a, nn, lb = traffic[active], n[active], log_b[active]
        ok = _erlang_c_meets(a, nn, lb, lam[active], mu[active], t, targets)
        found[active[ok]] = nn[ok]
        keep = ~ok & (nn < max_agents)
        stuck = active[~ok & (nn >= max_agents)]
        if stuck.size:
            slots = wl.traffic_erlangs
            raise Infeasible(
                f"cannot be met with {max_agents:,} agents "
                f"(interval {stuck[0] + 1}, {slots[stuck[0]]:.1f} Erlang)", loc=("targets",))
        active = active[keep]
        if not active.size or step == WALK_STEPS:
            break
        lb = lb[keep]
        nxt = n[active] + 1.0
        log_b[active] = log_a[active] + lb - np.log(nxt + traffic[active] * np.exp(lb))
        n[active] = nxt
    return found, n


def _erlang_c_meets(a: FloatArray, n: FloatArray, log_b: FloatArray, lam: FloatArray,
                    mu: FloatArray, t: float, targets: Targets) -> NDArray[np.bool_]:
    """:func:`_meets` of the Erlang C measures given ``log B(n, a)`` (``a < n`` or not)."""
    b = np.exp(np.minimum(log_b, 0.0))
    stable = a < n
    rho = a / n
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(stable, np.clip(b / (1.0 - rho * (1.0 - b)), 0.0, 1.0), 1.0)
        gap = n * mu - lam
        ok = np.ones(n.shape, dtype=bool)
        if targets.service_level is not None:
            sl = np.where(gap > 0, 1.0 - c * np.exp(-np.where(gap > 0, gap, 0.0) * t), 0.0)
            ok &= np.clip(sl, 0.0, 1.0) >= targets.service_level - _EPS
        if targets.max_asa_s is not None:
            asa = np.where(gap > 0, c / np.where(gap > 0, gap, 1.0), np.inf)
            ok &= asa <= targets.max_asa_s + _EPS
        if targets.max_occupancy is not None:
            ok &= np.minimum(a * 1.0 / n, 1.0) <= targets.max_occupancy + _EPS
    return ok


def _upper_bound(wl: Workload, lo: FloatArray, met, max_agents: int,
                 labels: NDArray[np.intp] | None = None) -> FloatArray:
    """Staffing that meets the targets, by doubling a square-root-staffing guess.

    ``labels`` number the intervals in error messages (default: their position).
    """
    slots = wl.traffic_erlangs / wl.concurrency
    hi = np.maximum(lo, np.ceil(slots + 3.0 * np.sqrt(slots) + 2.0))
    pending = np.arange(hi.size)
    while pending.size:
        hi[pending] = np.minimum(hi[pending], max_agents)
        ok = met(pending, hi[pending])
        stuck = pending[~ok & (hi[pending] >= max_agents)]
        if stuck.size:
            label = stuck[0] if labels is None else labels[stuck[0]]
            raise Infeasible(
                f"cannot be met with {max_agents:,} agents "
                f"(interval {label + 1}, {slots[stuck[0]]:.1f} Erlang)", loc=("targets",))
        pending = pending[~ok]
        hi[pending] = lo[pending] + 2.0 * (hi[pending] - lo[pending]) + 1.0
    return hi


def _bisect(lo: FloatArray, hi: FloatArray, met) -> FloatArray:
    """Least ``n`` in ``[lo, hi]`` with ``met(n)``, given ``met(hi)`` and monotonicity."""
    lo, hi = lo.copy(), hi.copy()
    active = np.flatnonzero(lo < hi)
    while active.size:
        mid = np.floor((lo[active] + hi[active]) / 2.0)
        ok = met(active, mid)
        hi[active] = np.where(ok, mid, hi[active])
        lo[active] = np.where(ok, lo[active], mid + 1.0)
        active = active[lo[active] < hi[active]]
    return hi
