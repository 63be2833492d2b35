"""The vendor scorecard: weighted criteria, missing facts kept missing, and how firm the winner is.

Criteria and default weights are data (:data:`CRITERIA`): the playbook names
what to weigh when choosing a provider but gives no weights, so the defaults
are an assumption (cost first, the playbook's step 2; quality together three
quarters, since "the provider must keep at least today's quality").

Scores
------
Each criterion score is in [0, 1] or *missing* (NaN: no fact on file). A
vendor's score is the weighted mean over the criteria it has facts for,

    S_v(w) = sum_c w_c s_vc m_vc / sum_c w_c m_vc,    m_vc = 1 if s_vc is known,

shown with its coverage (the weight share it rests on) and its bounds with
every missing criterion at 0 and at 1, so a gap is visible and never counted
as zero. Cost is scored from the cost model: ``min_cost / cost_v`` (the
cheapest vendor scores 1; the linear "min/x" normalisation of a cost
criterion in weighted-sum models [1]_).

Rank stability
--------------
- **One weight** [2]_: the smallest change ``delta`` of a single weight ``w_k``
  (the others held, then all renormalised) at which another vendor ties or
  overtakes the winner, or at which a challenger becomes the winner. With the
  scores above, ``S_v - S_y`` changes sign where the quadratic
  ``(N_v + delta p_v)(D_y + delta q_y) - (N_y + delta p_y)(D_v + delta q_v)``
  is zero (``N, D`` the numerator and denominator, ``p = s_k m_k``,
  ``q = m_k``); its roots are solved exactly (linear when no fact is missing,
  as in Triantaphyllou and Sanchez [2]_).
- **All weights** (Euclidean distance in the weight simplex): the nearest
  weights under which the answer changes. When the vendors compared have
  facts on the same criteria, the sets are polytopes and the projection is
  found exactly by enumerating active sets (:func:`_project_exact`); otherwise
  (different gaps make the boundary quadratic) SciPy's SLSQP is run from
  several starts with constraint tolerance :data:`SIMPLEX_TOL`, and the
  best result found is reported as an upper bound (``exact = False``).
- **Near the chosen weights** [3]_: the share of Dirichlet weight vectors with
  mean ``w`` and concentration ``kappa`` under which each vendor wins (seeded
  generator passed in).

Frontier
--------
Cost [USD/year] against quality (the score over the non-cost criteria): a
vendor is on the frontier when no other is at most as dear and at least as
good, and better on one of the two.

References
----------
.. [1] E. Triantaphyllou, *Multi-Criteria Decision Making Methods: A
   Comparative Study*, Kluwer (2000), ch. 2 (weighted sum model; normalising
   a cost criterion).
.. [2] E. Triantaphyllou and A. Sanchez, "A sensitivity analysis approach for
   some deterministic multi-criteria decision-making methods", Decision
   Sciences 28 (1997) 151-194 (the minimum change of one criterion weight that
   reverses a ranking, WSM: ``delta = (P_j - P_i) / (a_jk - a_ik)``).
.. [3] R. Lahdelma, J. Hokkanen and P. Salminen, "SMAA - Stochastic
   multiobjective acceptability analysis", European J. Operational Research
   106 (1998) 137-143 (rank acceptability under sampled weights).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from outsource.core.vendor_facts import BuyerNeeds, VendorFacts, cert_status, hours_coverage
from outsource.errors import InvalidInput

#: Constraint tolerance of the numerical simplex search.
SIMPLEX_TOL = 1e-9
#: Default Dirichlet concentration: each weight's sd is sqrt(w (1 - w) / (kappa + 1)).
DIRICHLET_KAPPA = 50.0
#: Default Dirichlet draws.
DIRICHLET_DRAWS = 10_000
#: Active-set enumeration is used up to this many constraints (2^n candidates).
_EXACT_MAX = 13


@dataclass(frozen=True)
class Criterion:
    """A scorecard criterion: key, label, default weight, playbook source, how it is scored."""

    key: str
    label: str
    weight: float
    source: str
    scored: str


_PB = "the playbook"
CRITERIA: tuple[Criterion, ...] = (
    Criterion("cost", "Cost", 0.25, f"{_PB}, step 2 'Make sure it is cost-effective'",
              "cheapest current quote's median annual cost from the cost model: min/x"),
    Criterion("data_protection", "Data protection and security", 0.15,
              f"{_PB}, step 4: protect company assets, prevent loss or theft of data",
              "current SOC 2 Type II / ISO 27001; certifications the buyer's data rules "
              "require; encryption at rest and in transit; need-to-know access; retention "
              "within the limit"),
    Criterion("labour_compliance", "Labour-law compliance", 0.10,
              f"{_PB}, step 4: know the labour laws of the provider's country",
              "latest check per site country: compliant 1, minor issues 0.5, non-compliant 0"),
    Criterion("language_clarity", "Language and clarity", 0.10,
              f"{_PB}, 'Choosing a provider': language barriers",
              "share of the customers' languages spoken; test-call clarity (1-5 -> 0-1)"),
    Criterion("test_calls", "Test-call results", 0.10,
              f"{_PB}, 'Choosing a provider': place test calls posing as a customer",
              "handled, resolved, answered within the target, courtesy, accuracy"),
    Criterion("references_reviews", "References and reviews", 0.10,
              f"{_PB}, 'Choosing a provider': research existing clients, read reviews",
              "references' ratings (1-5 -> 0-1); reviews' rating / scale"),
    Criterion("agent_incentives", "Agent incentives", 0.05,
              f"{_PB}, 'Choosing a provider': tiered bonuses, target bonuses, competition",
              "each of the three practices; attrition (30% a year or less 1, 60% or more 0)"),
    Criterion("recording_qa", "Recording and QA", 0.05,
              f"{_PB}, 'Choosing a provider': recordings allow review and feedback",
              "recording all 1 / some 0.5 / none 0; QA reviews per agent-month / 4; feedback"),
    Criterion("scalability_hours", "Scalability and hours", 0.10,
              f"{_PB}, 'Decide whether to outsource': help outside your hours, volume",
              "share of the buyer's hours covered; channels served; seats for 1.5x the FTE"),
)
KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)
DEFAULT_WEIGHTS: dict[str, float] = {c.key: c.weight for c in CRITERIA}
#: Attrition scored 1 at or below the benchmark's low end, 0 at twice it (assumption).
ATTRITION_GOOD, ATTRITION_BAD = 0.30, 0.60
#: QA reviews per agent-month scored 1 (assumption: one reviewed contact a week).
QA_REVIEWS_FULL = 4.0
#: Seats scored 1 at this multiple of the FTE needed (assumption: room for peaks).
SEAT_HEADROOM = 1.5
_FINDING = {"compliant": 1.0, "minor_issues": 0.5, "non_compliant": 0.0}
_RECORDING = {"all": 1.0, "some": 0.5, "none": 0.0}


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights as given, checked: known criteria, finite, >= 0, a positive total.

    Criteria not named weigh 0. Returns weights normalised to sum 1 over
    :data:`KEYS`. Errors name the criterion.
    """
    out = dict.fromkeys(KEYS, 0.0)
    for key, value in weights.items():
        if key not in out:
            raise InvalidInput(f"unknown criterion '{key}' (known: {', '.join(KEYS)})",
                               loc=(key,))
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            raise InvalidInput(f"a weight must be a finite number, got {value!r}", loc=(key,))
        if value < 0:
            raise InvalidInput(f"a weight must be >= 0, got {value:g}", loc=(key,))
        out[key] = float(value)
    total = sum(out.values())
    if total <= 0:
        raise InvalidInput("the weights must sum to a positive total, got 0", loc=())
    return {k: v / total for k, v in out.items()}


# ------------------------------------------------------------- criterion scores


@dataclass(frozen=True)
class Component:
    """One fact a criterion rests on: ``value`` in [0, 1] or ``None`` (not on file)."""

    name: str
    value: float | None


def _mean(parts: Sequence[Component]) -> float | None:
    known = [p.value for p in parts if p.value is not None]
    return float(np.mean(known)) if known else None


def _flag(v: bool | None) -> float | None:
    return None if v is None else float(v)


def _scaled(x: np.ndarray) -> float | None:
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    return float(np.mean((x - 1.0) / 4.0)) if x.size else None


def cost_scores(costs: Sequence[float | None]) -> list[float | None]:
    """``min(costs) / cost`` for each known positive cost [USD/year]; ``None`` stays missing."""
    known = [c for c in costs if c is not None and c > 0]
    if not known:
        return [None for _ in costs]
    low = min(known)
    return [None if c is None or c <= 0 else low / c for c in costs]


def components(f: VendorFacts, need: BuyerNeeds, as_of: date,
               cost_score: float | None) -> dict[str, list[Component]]:
    """The facts behind each criterion, each scored in [0, 1] or missing."""
    calls = f.calls
    by_kind = {c.kind: c for c in f.certs}

    def cert(kinds: Sequence[str]) -> float | None:
        have = [by_kind[k] for k in kinds if k in by_kind]
        status = [cert_status(c, as_of) for c in have]
        if "current" in status:
            return 1.0
        return 0.0 if "expired" in status else None

    dp = [Component("security certification current", cert(("soc2_type2", "iso27001")))]
    dp += [Component(f"{k} current (required)", cert((k,))) for k in need.required_certs
           if k not in ("soc2_type2", "iso27001")]
    dp += [Component("encryption at rest", _flag(f.dp_encryption_at_rest)),
           Component("encryption in transit", _flag(f.dp_encryption_in_transit)),
           Component("need-to-know access", _flag(f.dp_access_need_to_know)),
           Component("retention within limit", None if f.dp_retention_days is None
                     else float(f.dp_retention_days <= need.max_retention_days))]
    countries = list(dict.fromkeys(f.site_countries)) or sorted({c.country for c in f.labour})
    labour = []
    for country in countries:
        checks = sorted((c for c in f.labour if c.country == country), key=lambda c: c.checked_on)
        labour.append(Component(f"labour check {country}",
                                _FINDING[checks[-1].finding] if checks else None))
    if not labour:
        labour = [Component("labour check", None)]
    lang = None
    if f.languages is not None and need.languages:
        lang = sum(x in f.languages for x in need.languages) / len(need.languages)
    handled = np.asarray(calls.handled, dtype=float)
    ok = handled > 0.5
    resolved = np.asarray(calls.resolved, dtype=float)[ok]
    resolved = resolved[~np.isnan(resolved)]
    live = np.ones(handled.size, dtype=bool) if calls.live is None else calls.live
    wait = np.asarray(calls.wait_s, dtype=float)[ok & live]
    wait = wait[~np.isnan(wait)]
    tc = [Component("handled share", float(handled.mean()) if handled.size else None),
          Component("resolved share", float(resolved.mean()) if resolved.size else None),
          Component("answered within target", float(np.mean(wait <= need.answer_within_s))
                    if wait.size else None),
          Component("courtesy", _scaled(calls.courtesy)),
          Component("accuracy", _scaled(calls.accuracy))]
    refs = [r for r in f.reference_ratings if r is not None]
    attr = None if f.attrition_per_year is None else float(np.clip(
        (ATTRITION_BAD - f.attrition_per_year) / (ATTRITION_BAD - ATTRITION_GOOD), 0.0, 1.0))
    hours = None
    if f.hours_offered is not None and need.business_hours:
        hours = hours_coverage(f.hours_offered, need.business_hours)
    chans = None
    if f.channels is not None and need.channels:
        chans = sum(c in f.channels for c in need.channels) / len(need.channels)
    seats = None
    if f.seats is not None and need.fte:
        seats = float(min(1.0, f.seats / (SEAT_HEADROOM * need.fte)))
    qa = f.qa_reviews_per_agent_per_month
    return {
        "cost": [Component("cost model (min/x)", cost_score)],
        "data_protection": dp,
        "labour_compliance": labour,
        "language_clarity": [Component("customers' languages spoken", lang),
                             Component("test-call clarity", _scaled(calls.clarity))],
        "test_calls": tc,
        "references_reviews": [
            Component("references' ratings",
                      float(np.mean([(r - 1) / 4 for r in refs])) if refs else None),
            Component("reviews' ratings",
                      float(np.mean(f.review_shares)) if f.review_shares else None)],
        "agent_incentives": [Component("tiered bonuses", _flag(f.incentive_tiered_bonuses)),
                             Component("target bonuses", _flag(f.incentive_target_bonuses)),
                             Component("friendly competition", _flag(f.incentive_competition)),
                             Component("attrition", attr)],
        "recording_qa": [Component("recording", None if f.recording is None
                                   else _RECORDING[f.recording]),
                         Component("QA reviews", None if qa is None
                                   else float(min(1.0, qa / QA_REVIEWS_FULL))),
                         Component("feedback to agents", _flag(f.qa_feedback_to_agents))],
        "scalability_hours": [Component("buyer's hours covered", hours),
                              Component("channels served", chans),
                              Component("seats for the FTE needed", seats)],
    }


def criterion_scores(parts: Mapping[str, Sequence[Component]]) -> np.ndarray:
    """One row of criterion scores in :data:`KEYS` order (NaN = missing)."""
    return np.array([np.nan if (m := _mean(parts[k])) is None else m for k in KEYS])


# ------------------------------------------------------------- weighted scores


def _parts(S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    M = (~np.isnan(S)).astype(float)
    return np.nan_to_num(S) * M, M


def scores(S: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted mean over known criteria, per vendor (NaN when no weighted fact is known).

    ``S`` is vendors x criteria (NaN missing); ``w`` criteria weights (any
    positive scale); ``w`` may also be draws x criteria (result draws x vendors).
    """
    SM, M = _parts(S)
    N, D = np.asarray(w) @ SM.T, np.asarray(w) @ M.T
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(D > 1e-12, N / np.where(D > 1e-12, D, 1.0), np.nan)


@dataclass(frozen=True)
class Ranked:
    """Scores and ranks (1 = best; ties share a rank; ``None`` without facts)."""

    score: np.ndarray
    low: np.ndarray
    high: np.ndarray
    coverage: np.ndarray
    rank: list[int | None]


def rank(S: np.ndarray, w: np.ndarray) -> Ranked:
    """Score and rank the vendors; bounds put every missing criterion at 0 and at 1."""
    w = np.asarray(w, dtype=float) / np.sum(w)
    SM, M = _parts(S)
    N, D = SM @ w, M @ w
    score = scores(S, w)
    order: list[int | None] = []
    for s in score:
        order.append(None if np.isnan(s) else 1 + int(np.sum(score[~np.isnan(score)]
                                                              > s + 1e-12)))
    return Ranked(score, N, N + (1.0 - D), D, order)


def winner(S: np.ndarray, w: np.ndarray) -> int | None:
    """Index of the best vendor (first of equals), ``None`` if nobody has a score."""
    s = scores(S, w)
    return None if np.all(np.isnan(s)) else int(np.nanargmax(s))


# ------------------------------------------------------------- one weight


@dataclass(frozen=True)
class WeightChange:
    """Smallest change of one weight that changes the answer.

    Attributes
    ----------
    criterion : the weight changed.
    delta : change of that weight (weights first normalised to sum 1; the
        others held, then all renormalised).
    relative : ``delta / w`` (``None`` for a weight of 0).
    weights_after : the weights after the change, renormalised to sum 1.
    new_winner : who wins (ties: who ties) at the changed weights.
    """

    criterion: str
    delta: float
    relative: float | None
    weights_after: dict[str, float]
    new_winner: str


def _roots(a: float, b: float, c: float) -> list[float]:
    """Real roots of ``a + b x + c x^2``."""
    scale = max(abs(a), abs(b), abs(c), 1e-300)
    if abs(c) <= 1e-14 * scale:
        return [] if abs(b) <= 1e-14 * scale else [-a / b]
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    sq = math.sqrt(disc)
    q = -0.5 * (b + math.copysign(sq, b))
    out = [q / c]
    if q != 0:
        out.append(a / q)
    return out


def _pair_roots(SM, M, w, v: int, y: int, k: int) -> list[float]:
    Nv, Dv, Ny, Dy = SM[v] @ w, M[v] @ w, SM[y] @ w, M[y] @ w
    pv, qv, py, qy = SM[v, k], M[v, k], SM[y, k], M[y, k]
    a = Nv * Dy - Ny * Dv
    b = Nv * qy + pv * Dy - Ny * qv - py * Dv
    c = pv * qy - py * qv
    return _roots(a, b, c)


def single_weight_change(S: np.ndarray, w: np.ndarray, names: Sequence[str], v: int,
                         keys: Sequence[str] = KEYS) -> WeightChange | None:
    """Smallest one-weight change that dethrones winner ``v``, or that makes ``v`` win.

    Exact: the sign of ``S_v - S_y`` along one weight changes only at the
    roots of a quadratic (see the module notes); every root (and the weight
    reaching 0) is a candidate, checked at the candidate itself.
    """
    w = np.asarray(w, dtype=float) / np.sum(w)
    SM, M = _parts(S)
    base = scores(S, w)
    lead = winner(S, w)
    is_winner = lead == v
    best: tuple[float, int, int] | None = None
    others = [y for y in range(S.shape[0]) if y != v and not np.isnan(base[y])]
    for k in range(S.shape[1]):
        cands = {-w[k]} if not is_winner else set()
        for y in others:
            cands.update(_pair_roots(SM, M, w, v, y, k))
        for d in sorted(cands, key=abs):
            if d < -w[k] - 1e-15 or abs(d) < 1e-15 or not math.isfinite(d):
                continue
            if best is not None and abs(d) >= abs(best[0]):
                break
            wk = w.copy()
            wk[k] = max(0.0, w[k] + d)
            s = scores(S, wk)
            if np.isnan(s[v]):
                continue
            tol = 1e-9 * max(1.0, float(np.nanmax(np.abs(s))))
            top = np.nanmax(np.delete(s, v)) if len(s) > 1 else -np.inf
            if is_winner and top >= s[v] - tol:
                rival = int(np.nanargmax(np.where(np.arange(len(s)) == v, -np.inf, s)))
                best = (d, k, rival)
            elif not is_winner and s[v] >= top - tol:
                best = (d, k, v)
    if best is None:
        return None
    d, k, who = best
    after = w.copy()
    after[k] = max(0.0, w[k] + d)
    after = after / after.sum()
    return WeightChange(keys[k], float(d), float(d / w[k]) if w[k] > 0 else None,
                        {keys[i]: float(x) for i, x in enumerate(after)}, names[who])


# ------------------------------------------------------------- all weights


@dataclass(frozen=True)
class SimplexChange:
    """Nearest weights (Euclidean, in the simplex) that change the answer.

    Attributes
    ----------
    distance : ``||w' - w||_2`` with both normalised to sum 1.
    weights : ``w'``.
    new_winner : who wins (or ties) at ``w'``.
    exact : found by exact active-set enumeration (else: best SLSQP result, an
        upper bound within :data:`SIMPLEX_TOL`).
    method : how it was found.
    """

    distance: float
    weights: dict[str, float]
    new_winner: str
    exact: bool
    method: str


def _project_exact(w: np.ndarray, G: np.ndarray, valid) -> np.ndarray | None:
    """Exact projection of ``w`` onto ``{x >= 0, sum x = 1, G x >= 0}`` (None if empty).

    The optimum is the projection of ``w`` onto the affine set of its active
    constraints (KKT), so the nearest *feasible* candidate over all active
    sets is the optimum. ``valid(x)`` rejects points where scores are undefined.
    """
    n, m = w.size, G.shape[0]
    best, best_d = None, np.inf
    for z_mask in itertools.product((False, True), repeat=n):
        if all(z_mask):
            continue
        for a_mask in itertools.product((False, True), repeat=m):
            rows = [np.ones(n)] + [np.eye(n)[i] for i in range(n) if z_mask[i]] + \
                   [G[j] for j in range(m) if a_mask[j]]
            E = np.array(rows)
            rhs = np.zeros(len(rows))
            rhs[0] = 1.0
            lam, *_ = np.linalg.lstsq(E @ E.T, E @ w - rhs, rcond=None)
            x = w - E.T @ lam
            if np.abs(E @ x - rhs).max() > 1e-9 or x.min() < -1e-12 \
                    or (m and (G @ x).min() < -1e-12):
                continue
            d = float(np.linalg.norm(x - w))
            if d < best_d - 1e-15 and valid(x):
                best, best_d = np.clip(x, 0.0, None) / np.clip(x, 0.0, None).sum(), d
    return best


class _Constraint:
    """``(a.x)(b.x) - (c.x)(d.x) >= 0`` and its gradient; ``a.x >= 1e-6`` when ``b`` is None."""

    def __init__(self, a, b, c=None, d=None) -> None:  # type: ignore[no-untyped-def]
        self.a, self.b, self.c, self.d = a, b, c, d

    def __call__(self, x: np.ndarray) -> float:
        if self.b is None:
            return float(self.a @ x) - 1e-6
        return float((self.a @ x) * (self.b @ x) - (self.c @ x) * (self.d @ x))

    def jac(self, x: np.ndarray) -> np.ndarray:
        if self.b is None:
            return np.asarray(self.a, dtype=float)
        return (self.a * (self.b @ x) + self.b * (self.a @ x)
                - self.c * (self.d @ x) - self.d * (self.c @ x))


def _slsqp(w: np.ndarray, cons, starts: list[np.ndarray]) -> np.ndarray | None:
    from scipy.optimize import minimize

    n = w.size
    best, best_d = None, np.inf
    constraints = [{"type": "eq", "fun": lambda x: np.sum(x) - 1.0,
                    "jac": lambda x: np.ones(n)}] + [
        {"type": "ineq", "fun": f, "jac": f.jac} for f in cons]
    for x0 in starts:
        res = minimize(lambda x: float(np.sum((x - w) ** 2)), x0, jac=lambda x: 2 * (x - w),
                       method="SLSQP", bounds=[(0.0, 1.0)] * n, constraints=constraints,
                       options={"ftol": 1e-12, "maxiter": 500})
        x = np.clip(res.x, 0.0, 1.0)
        x = x / x.sum()
        if min(f(x) for f in cons) < -SIMPLEX_TOL:
            x = np.clip(x0, 0.0, 1.0)
            x = x / x.sum()
            if min(f(x) for f in cons) < -SIMPLEX_TOL:
                continue
        d = float(np.linalg.norm(x - w))
        if d < best_d:
            best, best_d = x, d
    return best


def simplex_change(S: np.ndarray, w: np.ndarray, names: Sequence[str], v: int,
                   starts: np.ndarray | None = None, keys: Sequence[str] = KEYS
                   ) -> SimplexChange | None:
    """Nearest weights at which winner ``v`` is tied or beaten, or at which ``v`` wins.

    ``starts``: extra starting weights for the numerical case (e.g. Dirichlet
    draws under which the answer already differs).
    """
    w = np.asarray(w, dtype=float) / np.sum(w)
    SM, M = _parts(S)
    n_v, n = S.shape
    base = scores(S, w)
    is_winner = winner(S, w) == v
    others = [y for y in range(n_v) if y != v and not np.isnan(base[y])]
    if not others:
        return None

    def g(a: int, b: int) -> _Constraint:  # >= 0 where a scores at least b (cross-multiplied)
        return _Constraint(SM[a], M[b], SM[b], M[a])

    def defined(*idx: int):
        return lambda x: all(M[i] @ x > 1e-9 for i in idx)

    problems = ([([y], [g(y, v)], (v, y)) for y in others] if is_winner
                else [(others, [g(v, y) for y in others], (v, *others))])
    found: list[tuple[float, np.ndarray, bool]] = []
    for ys, cons, idx in problems:
        same = all(np.array_equal(M[i], M[idx[0]]) for i in idx)
        if same and n + len(cons) <= _EXACT_MAX:
            G = ((SM[ys[0]] - SM[v])[None, :] if is_winner
                 else np.array([SM[v] - SM[y] for y in ys]))
            x = _project_exact(w, G, defined(*idx))
            if x is not None:
                found.append((float(np.linalg.norm(x - w)), x, True))
            continue
        pool = [w, np.full(n, 1.0 / n), *np.eye(n)]
        if starts is not None and len(starts):
            ok = [s for s in np.asarray(starts) if min(f(s) for f in cons) >= 0]
            ok.sort(key=lambda s: float(np.linalg.norm(s - w)))
            pool += ok[:3]
        x = _slsqp(w, [*cons, *(_Constraint(M[j], None) for j in idx)], pool)
        if x is not None:
            found.append((float(np.linalg.norm(x - w)), x, False))
    if not found:
        return None
    d, x, exact = min(found, key=lambda t: t[0])
    s = scores(S, x)
    rival = (int(np.nanargmax(np.where(np.arange(n_v) == v, -np.inf, s))) if is_winner
             else v)
    method = ("exact: active-set enumeration of the projection onto a polytope" if exact
              else f"SLSQP (SciPy) from several starts, tolerance {SIMPLEX_TOL:g}; best "
                   "found (an upper bound: the boundary is quadratic where facts differ)")
    return SimplexChange(d, {k: float(val) for k, val in zip(keys, x, strict=True)},
                         names[rival], exact, method)


# ------------------------------------------------------------- Dirichlet


def dirichlet_draws(w: np.ndarray, rng: np.random.Generator, draws: int = DIRICHLET_DRAWS,
                    kappa: float = DIRICHLET_KAPPA) -> np.ndarray:
    """Weight vectors ``~ Dirichlet(kappa w)`` (weights of 0 stay 0), draws x criteria."""
    w = np.asarray(w, dtype=float) / np.sum(w)
    out = np.zeros((draws, w.size))
    pos = w > 0
    out[:, pos] = rng.dirichlet(kappa * w[pos], size=draws)
    return out


def win_shares(S: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Share of the weight draws ``W`` under which each vendor scores best."""
    s = scores(S, W)
    s = np.where(np.isnan(s), -np.inf, s)
    best = np.argmax(s, axis=1)
    valid = np.isfinite(s.max(axis=1))
    return np.bincount(best[valid], minlength=S.shape[0]) / max(1, W.shape[0])


# ------------------------------------------------------------- frontier


def frontier(cost: np.ndarray, quality: np.ndarray) -> np.ndarray:
    """Vendors no other beats on both cost (lower) and quality (higher); NaN is off it."""
    cost, quality = np.asarray(cost, dtype=float), np.asarray(quality, dtype=float)
    ok = ~(np.isnan(cost) | np.isnan(quality))
    out = np.zeros(cost.size, dtype=bool)
    for i in np.flatnonzero(ok):
        dominated = ok & (cost <= cost[i]) & (quality >= quality[i]) & (
            (cost < cost[i]) | (quality > quality[i]))
        out[i] = not dominated.any()
    return out


def quality_scores(S: np.ndarray, w: np.ndarray, keys: Sequence[str] = KEYS) -> np.ndarray:
    """The score over the non-cost criteria (NaN when none is known)."""
    w = np.asarray(w, dtype=float).copy()
    w[list(keys).index("cost")] = 0.0
    if w.sum() <= 0:
        return np.full(S.shape[0], np.nan)
    return scores(S, w)
