"""Scorecard arithmetic by hand, rank stability on obvious cases, the frontier."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from outsource.core import scorecard as sc
from outsource.core.vendor_facts import BuyerNeeds, Calls, Cert, LabourFinding, VendorFacts
from outsource.errors import InvalidInput

TWO = ("cost", "quality")
AB = ("A", "B")


def test_weights_are_checked_and_normalised():
    w = sc.check_weights({"cost": 2, "data_protection": 2})
    assert w["cost"] == 0.5 and w["data_protection"] == 0.5 and w["test_calls"] == 0
    assert sum(sc.check_weights(sc.DEFAULT_WEIGHTS).values()) == pytest.approx(1)
    assert sum(sc.DEFAULT_WEIGHTS.values()) == pytest.approx(1)


@pytest.mark.parametrize(("weights", "loc", "match"), [
    ({"speed": 1}, ("speed",), "unknown criterion"),
    ({"cost": -1, "data_protection": 2}, ("cost",), ">= 0"),
    ({"cost": 0, "data_protection": 0}, (), "positive total"),
    ({"cost": "a lot"}, ("cost",), "finite number"),
    ({"cost": float("nan")}, ("cost",), "finite number"),
])
def test_bad_weights_name_the_criterion(weights, loc, match):
    with pytest.raises(InvalidInput, match=match) as err:
        sc.check_weights(weights)
    assert err.value.loc == loc


def test_weighted_mean_by_hand_with_a_missing_criterion():
    # weights 0.5, 0.3, 0.2; B lacks the second criterion
    S = np.array([[0.8, 0.6, 1.0], [0.4, np.nan, 0.9]])
    r = sc.rank(S, np.array([0.5, 0.3, 0.2]))
    # A: 0.4 + 0.18 + 0.2 = 0.78; B: (0.2 + 0.18) / 0.7 = 0.542857...
    assert r.score[0] == pytest.approx(0.78) and r.score[1] == pytest.approx(0.38 / 0.7)
    assert r.coverage.tolist() == pytest.approx([1.0, 0.7])
    assert r.low[1] == pytest.approx(0.38) and r.high[1] == pytest.approx(0.68)  # missing 0 / 1
    assert r.rank == [1, 2]


def test_no_facts_no_score_and_ties_share_a_rank():
    S = np.array([[0.5, 0.5], [np.nan, np.nan], [0.5, 0.5]])
    r = sc.rank(S, np.array([1.0, 1.0]))
    assert math.isnan(r.score[1]) and r.rank == [1, None, 1]


def test_cost_scores_min_over_x():
    assert sc.cost_scores([100.0, 200.0, None, 400.0]) == [1.0, 0.5, None, 0.25]
    assert sc.cost_scores([None]) == [None]


def test_two_vendors_one_weight_obvious_case():
    # A is all cost, B all quality; weights 0.6 / 0.4: A wins 0.6 to 0.4, and the
    # answer flips where the weights are equal: cost 0.6 -> 0.4 (or quality 0.4 -> 0.6).
    S = np.array([[1.0, 0.0], [0.0, 1.0]])
    w = np.array([0.6, 0.4])
    assert sc.winner(S, w) == 0
    one = sc.single_weight_change(S, w, AB, 0, TWO)
    assert abs(one.delta) == pytest.approx(0.2) and one.new_winner == "B"
    assert one.weights_after == {"cost": pytest.approx(0.5), "quality": pytest.approx(0.5)}
    assert one.relative == pytest.approx(-0.2 / 0.6 if one.criterion == "cost" else 0.2 / 0.4)
    challenger = sc.single_weight_change(S, w, AB, 1, TWO)
    assert abs(challenger.delta) == pytest.approx(0.2) and challenger.new_winner == "B"
    allw = sc.simplex_change(S, w, AB, 0, keys=TWO)
    assert allw.exact and allw.distance == pytest.approx(0.2 / math.sqrt(2))
    assert allw.weights == {"cost": pytest.approx(0.5), "quality": pytest.approx(0.5)}


def test_one_weight_change_is_the_wsm_formula():
    # Triantaphyllou & Sanchez (1997): delta_k = (P_B - P_A) / (a_Bk - a_Ak) for WSM.
    S = np.array([[0.9, 0.2, 0.7], [0.5, 0.8, 0.6]])
    w = np.array([0.5, 0.3, 0.2])
    P = S @ w  # A 0.65, B 0.61
    one = sc.single_weight_change(S, w, AB, 0, ("cost", "a", "b"))
    deltas = [(P[1] - P[0]) / (S[0, k] - S[1, k]) for k in range(3)]
    expected = min((d for k, d in enumerate(deltas) if d >= -w[k]), key=abs)
    assert expected == pytest.approx(0.04 / 0.6)  # on the second weight, 0.3 -> 0.3667
    assert one.delta == pytest.approx(expected)
    after = w.copy()
    after[["cost", "a", "b"].index(one.criterion)] += one.delta
    s = S @ after
    assert s[0] == pytest.approx(s[1])  # a tie exactly there


def test_simplex_distance_closed_form_and_numerical_agree():
    # Linear case: the nearest tie is w - (c.w / |c_bar|^2) c_bar when inside the simplex.
    S = np.array([[0.9, 0.2, 0.7], [0.5, 0.8, 0.6]])
    w = np.array([0.5, 0.3, 0.2])
    c = S[1] - S[0]
    cbar = c - c.mean()
    x = w - (c @ w) / (cbar @ cbar) * cbar
    assert x.min() > 0
    got = sc.simplex_change(S, w, AB, 0, keys=("cost", "a", "b"))
    assert got.exact and got.distance == pytest.approx(abs(c @ w) / np.linalg.norm(cbar))
    assert list(got.weights.values()) == pytest.approx(x.tolist())
    num = sc._slsqp(w, [sc._Constraint(S[1], np.ones(3), S[0], np.ones(3))], [w, x + 0.01])
    assert np.linalg.norm(num - w) == pytest.approx(got.distance, abs=1e-6)


def test_missing_facts_one_weight_is_exact_and_minimal():
    S = np.array([[1.0, np.nan, 0.5], [0.2, 0.9, 0.6], [0.5, 0.5, 0.5]])
    w = np.array([0.5, 0.3, 0.2])
    keys = ("cost", "a", "b")
    one = sc.single_weight_change(S, w, ("A", "B", "C"), 0, keys)
    k = keys.index(one.criterion)
    wk = w.copy()
    wk[k] += one.delta
    s = sc.scores(S, wk)
    assert s[0] == pytest.approx(s[1], abs=1e-9)
    # no smaller change of any one weight dethrones A (scan both directions)
    for j in range(3):
        for d in np.linspace(-w[j], w[j] + 2, 4001):
            if abs(d) < abs(one.delta) - 1e-6:
                x = w.copy()
                x[j] += d
                assert sc.winner(S, x) == 0
    # C can never win: every weight leaves A at 0.5 or more, and C is 0.5 flat
    assert sc.single_weight_change(S, w, ("A", "B", "C"), 2, keys) is None
    assert sc.simplex_change(S, w, ("A", "B", "C"), 2, keys=keys) is None


def test_numerical_simplex_is_feasible_and_near():
    S = np.array([[1.0, np.nan, 0.5], [0.2, 0.9, 0.6]])
    w = np.array([0.5, 0.3, 0.2])
    got = sc.simplex_change(S, w, AB, 0, keys=("cost", "a", "b"))
    assert not got.exact and got.new_winner == "B"
    x = np.array(list(got.weights.values()))
    s = sc.scores(S, x)
    assert s[1] >= s[0] - 1e-8 and x.sum() == pytest.approx(1) and x.min() >= 0
    # the single-weight change is one feasible move, so the simplex answer is no farther
    one = sc.single_weight_change(S, w, AB, 0, ("cost", "a", "b"))
    after = np.array(list(one.weights_after.values()))
    assert got.distance <= np.linalg.norm(after - w) + 1e-9


def test_dirichlet_win_share_matches_the_beta_law():
    # Two criteria: A wins when the cost weight exceeds 1/2; w_cost ~ Beta(kappa 0.6, kappa 0.4).
    S = np.array([[1.0, 0.0], [0.0, 1.0]])
    w = np.array([0.6, 0.4])
    kappa, n = 50.0, 40_000
    W = sc.dirichlet_draws(w, np.random.default_rng(7), n, kappa)
    got = sc.win_shares(S, W)
    p = stats.beta.sf(0.5, kappa * 0.6, kappa * 0.4)
    assert got[0] == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / n))
    assert got.sum() == pytest.approx(1)
    assert np.allclose(W.mean(axis=0), w, atol=0.005)


def test_dirichlet_keeps_zero_weights_at_zero_and_is_seeded():
    w = np.array([0.7, 0.0, 0.3])
    a = sc.dirichlet_draws(w, np.random.default_rng(1), 100)
    b = sc.dirichlet_draws(w, np.random.default_rng(1), 100)
    assert np.array_equal(a, b) and (a[:, 1] == 0).all()


def test_frontier_by_hand():
    cost = np.array([1.0, 2.0, 2.5, 1.0, np.nan])
    quality = np.array([0.5, 0.9, 0.8, 0.4, 0.99])
    # C is beaten by B (cheaper and better); D by A (same cost, worse); E has no cost
    assert sc.frontier(cost, quality).tolist() == [True, True, False, False, False]


def test_components_keep_missing_facts_missing():
    f = VendorFacts(name="x", site_countries=("CO",),
                    certs=(Cert("iso27001", date(2027, 1, 1)), Cert("pci_dss", date(2026, 1, 31))))
    parts = sc.components(f, BuyerNeeds(required_certs=("pci_dss",)), date(2026, 4, 1), None)
    row = sc.criterion_scores(parts)
    by = dict(zip(sc.KEYS, row, strict=True))
    assert math.isnan(by["cost"]) and math.isnan(by["labour_compliance"])
    assert math.isnan(by["test_calls"]) and math.isnan(by["references_reviews"])
    # security cert current (1), PCI DSS expired (0), the rest not on file: mean of the known
    assert by["data_protection"] == pytest.approx(0.5)


def test_components_by_hand():
    f = VendorFacts(
        name="x", site_countries=("PH",), languages=("en",), channels=("voice", "chat"),
        seats=30, hours_offered="24/7",
        labour=(LabourFinding("PH", date(2025, 1, 1), "non_compliant"),
                LabourFinding("PH", date(2026, 1, 1), "minor_issues")),
        incentive_tiered_bonuses=True, incentive_target_bonuses=False,
        attrition_per_year=0.45, recording="some", qa_reviews_per_agent_per_month=2,
        reference_ratings=(5, 3, None), review_shares=(0.8,),
        calls=Calls(handled=np.array([1.0, 1.0, 0.0, 1.0]), resolved=np.array([1, 0, 0, 1.0]),
                    wait_s=np.array([10, 40, 90, 15.0]), clarity=np.array([5, 3, np.nan, 4.0]),
                    courtesy=np.array([5, 5, np.nan, 5.0]),
                    accuracy=np.array([4, 4, np.nan, 4.0])))
    need = BuyerNeeds(channels=("voice", "email"), languages=("en", "es"),
                      business_hours="Mon-Fri 08:00-20:00 America/New_York", fte=40)
    by = dict(zip(sc.KEYS, sc.criterion_scores(sc.components(f, need, date(2026, 4, 1), 0.8)),
                  strict=True))
    assert by["cost"] == 0.8
    assert by["labour_compliance"] == 0.5  # the latest check counts
    assert by["language_clarity"] == pytest.approx((0.5 + 0.75) / 2)  # en of en+es; clarity 4
    # handled 3/4, resolved 2/3, within 20 s 2/3, courtesy 1, accuracy 0.75
    assert by["test_calls"] == pytest.approx((0.75 + 2 / 3 + 2 / 3 + 1 + 0.75) / 5)
    assert by["references_reviews"] == pytest.approx(((1 + 0.5) / 2 + 0.8) / 2)
    # tiered 1, target 0, competition missing, attrition (0.6 - 0.45) / 0.3 = 0.5
    assert by["agent_incentives"] == pytest.approx(0.5)
    assert by["recording_qa"] == pytest.approx((0.5 + 0.5) / 2)  # feedback not on file
    # hours 1, channels 1/2, seats 30 / (1.5 x 40) = 0.5
    assert by["scalability_hours"] == pytest.approx((1 + 0.5 + 0.5) / 3)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4).flatmap(lambda v: st.tuples(
    st.lists(st.lists(st.floats(0, 1), min_size=3, max_size=3), min_size=v, max_size=v),
    st.lists(st.floats(0.05, 1), min_size=3, max_size=3))))
def test_stability_properties_when_no_fact_is_missing(case):
    S, w = np.array(case[0]), np.array(case[1])
    w = w / w.sum()
    keys, names = ("cost", "a", "b"), tuple(f"v{i}" for i in range(len(S)))
    lead = sc.winner(S, w)
    s = sc.scores(S, w)
    if np.sort(s)[-1] - np.sort(s)[-2] < 1e-6:  # tied already: nothing to measure
        return
    one = sc.single_weight_change(S, w, names, lead, keys)
    allw = sc.simplex_change(S, w, names, lead, keys=keys)
    if one is not None:
        after = np.array(list(one.weights_after.values()))
        t = sc.scores(S, after)
        assert t[names.index(one.new_winner)] >= t[lead] - 1e-9  # a tie or a loss there
        assert allw is not None and allw.exact
        assert allw.distance <= np.linalg.norm(after - w) + 1e-9  # one weight is one move
    if allw is not None:
        x = np.array(list(allw.weights.values()))
        t = sc.scores(S, x)
        assert t[names.index(allw.new_winner)] >= t[lead] - 1e-9
        assert x.min() >= 0 and x.sum() == pytest.approx(1)
        # no weights nearer than the distance found change the winner (sampled in the ball)
        rng = np.random.default_rng(0)
        d = rng.normal(size=(2000, 3))
        d -= d.mean(axis=1, keepdims=True)
        d *= (0.999 * allw.distance) / np.linalg.norm(d, axis=1, keepdims=True)
        pts = w + d * rng.random((2000, 1))
        pts = pts[(pts >= 0).all(axis=1)]
        assert (np.argmax(pts @ S.T, axis=1) == lead).all()
