"""``outsource score``: the scorecard on the workspace's vendors, cost from the cost model.

Cost is never typed in: each vendor's cheapest current quote is priced by the
cost model on the scenario (``services.quote_pricing``) and scored min/x.
Expired quotes are priced elsewhere but not scored. Missing facts stay
missing (``core.scorecard``).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np

from outsource.core import scorecard as sc
from outsource.data.vendor_files import load_weights_file
from outsource.errors import InvalidInput, NotFound
from outsource.schemas.users import Principal
from outsource.schemas.vendors import (
    CriterionInfo,
    RowStability,
    Scorecard,
    ScoreRow,
    SimplexChangeOut,
    WeightChangeOut,
)
from outsource.services.authz import authorize
from outsource.services.quote_pricing import DEFAULT_DRAWS, QuoteRow, price_quotes
from outsource.services.scenarios import current_scenario
from outsource.services.vendors import buyer_needs, core_facts, vendors_for_scoring
from outsource.services.workspace import Workspace


def weights_from(path: Path | None) -> dict[str, float]:
    """Normalised weights: the defaults, or a weights file's (criteria not named weigh 0)."""
    if path is None:
        return sc.check_weights(sc.DEFAULT_WEIGHTS)
    raw = load_weights_file(path)
    try:
        return sc.check_weights(raw)
    except InvalidInput as exc:
        raise exc.prefixed(source=str(path)) from None


def _opt(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def score_vendors(ws: Workspace, *, weights: Path | None = None, scenario: Path | None = None,
                  draws: int = DEFAULT_DRAWS, seed: int = 1,
                  dirichlet_draws: int = sc.DIRICHLET_DRAWS,
                  concentration: float = sc.DIRICHLET_KAPPA,
                  today: date | None = None, actor: Principal | None = None) -> Scorecard:
    """Score, rank and test the ranking's stability; one read-only transaction.

    Permission ``scorecard.read`` (``actor`` defaults to the CLI operator): the
    scorecard compares vendors, so a vendor user never sees it.
    """
    from outsource.services.users import cli_principal

    authorize(actor or cli_principal(), "scorecard.read")
    if dirichlet_draws < 1:
        raise InvalidInput("must be at least 1", field="dirichlet_draws")
    if not concentration > 0:
        raise InvalidInput("must be > 0", field="concentration")
    w_map = weights_from(weights)
    as_of = today or date.today()
    with ws.transaction() as session:
        loaded = current_scenario(session, scenario)
        vendors = vendors_for_scoring(session)
        if not vendors:
            raise NotFound("no vendors in the workspace yet", field="vendor")
        notes: list[str] = []
        current = [QuoteRow.of(q, v.name) for v in vendors for q in v.quotes
                   if q.valid_until is None or q.valid_until >= as_of]
        expired = sum(1 for v in vendors for q in v.quotes) - len(current)
        if expired:
            notes.append(f"{expired} expired quote(s) not scored")
        pricing = None
        if loaded is None:
            notes.append("no scenario: cost cannot be priced and is missing for every vendor")
        elif current:
            pricing = price_quotes(loaded, current, as_of, draws, seed)
        best = {}
        for p in (pricing.quotes if pricing else []):
            if p.vendor not in best or p.annual_cost_usd < best[p.vendor].annual_cost_usd:
                best[p.vendor] = p
        names = [v.name for v in vendors]
        cost = [best[n].annual_cost_usd if n in best else None for n in names]
        cscore = sc.cost_scores(cost)
        rows_parts, S = [], []
        for v, cs in zip(vendors, cscore, strict=True):
            fte = best[v.name].fte if v.name in best else None
            needs = buyer_needs(loaded, fte) if loaded else sc.BuyerNeeds()
            parts = sc.components(core_facts(v, as_of), needs, as_of, cs)
            rows_parts.append(parts)
            S.append(sc.criterion_scores(parts))
    S = np.array(S)
    w = np.array([w_map[k] for k in sc.KEYS])
    ranked = sc.rank(S, w)
    lead = sc.winner(S, w)
    rng = np.random.default_rng(seed)
    W = sc.dirichlet_draws(w, rng, dirichlet_draws, concentration)
    shares = sc.win_shares(S, W)
    quality = sc.quality_scores(S, w)
    front = sc.frontier(np.array([np.nan if c is None else c for c in cost]), quality)
    rows = []
    for i, name in enumerate(names):
        scored = not np.isnan(ranked.score[i])
        role = "unranked" if not scored else ("winner" if i == lead else "challenger")
        one = sc.single_weight_change(S, w, names, i) if scored else None
        allw = sc.simplex_change(S, w, names, i, starts=W[:2000]) if scored else None
        parts = rows_parts[i]
        rows.append(ScoreRow(
            vendor=name, score=_opt(ranked.score[i]), score_low=_opt(ranked.low[i]) if scored
            else None, score_high=_opt(ranked.high[i]) if scored else None,
            coverage_share=float(ranked.coverage[i]), rank=ranked.rank[i],
            criteria={k: _opt(S[i, j]) for j, k in enumerate(sc.KEYS)},
            missing=[k for j, k in enumerate(sc.KEYS) if np.isnan(S[i, j])],
            missing_facts=[f"{k}: {c.name}" for k in sc.KEYS for c in parts[k]
                           if c.value is None],
            annual_cost_usd=cost[i], quote_id=best[name].id if name in best else None,
            quality=_opt(quality[i]),
            on_frontier=None if cost[i] is None or np.isnan(quality[i]) else bool(front[i]),
            stability=RowStability(
                role=role, win_share=float(shares[i]) if scored else None,
                one_weight=None if one is None else WeightChangeOut(**asdict(one)),
                all_weights=None if allw is None else SimplexChangeOut(**asdict(allw)))))
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.vendor))
    if len(vendors) == 1:
        notes.append("one vendor: nothing to compare its rank with")
    criteria = [CriterionInfo(key=c.key, label=c.label, weight=w_map[c.key],
                              default_weight=c.weight, source=c.source, scored=c.scored)
                for c in sc.CRITERIA]
    on_front = sorted((r for r in rows if r.on_frontier), key=lambda r: r.annual_cost_usd)
    return Scorecard(as_of=as_of, scenario=None if loaded is None else loaded.scenario.name,
                     criteria=criteria, rows=rows, winner=None if lead is None else names[lead],
                     frontier=[r.vendor for r in on_front], dirichlet_draws=dirichlet_draws,
                     dirichlet_concentration=concentration, seed=seed, notes=notes)
