"""Erlang B / C / A against published values (sources in tests/reference/README.md)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

from outsource.core import erlang
from outsource.core.erlang_a import erlang_a
from outsource.core.staffing import Targets, Workload, required_agents

REF = Path(__file__).parents[1] / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with (REF / name).open(newline="") as fh:
        return list(csv.DictReader(fh))


def _last_digit_unit(text: str) -> float:
    """One unit in the last printed digit of a decimal string, e.g. '84.064' -> 0.001."""
    return 10.0 ** -len(text.split(".")[1]) if "." in text else 1.0


def _traffic_for_blocking(agents: int, blocking: float) -> float:
    return brentq(lambda a: erlang.erlang_b(a, agents) - blocking, 1e-9, 10.0 * agents + 10)


ERLANG_B = [r for r in _rows("erlang_b.csv") if not r["note"].startswith("suspect_typo")]
TOLERANCE_UNITS = {"ITU_PLANITU_ERLB": 1, "WESTBAY_ERLANG_MANUAL": 1, "LUCENT_WAGONER_2PCT": 3}


@pytest.mark.parametrize("row", ERLANG_B, ids=lambda r: f"{r['source_id']}-N{r['agents']}-"
                         f"B{r['blocking']}")
def test_erlang_b_table_inverse(row):
    """Traffic carried at the table's blocking, within the table's rounding."""
    agents, blocking = int(row["agents"]), float(row["blocking"])
    tol = TOLERANCE_UNITS[row["source_id"]] * _last_digit_unit(row["traffic_erlang"])
    assert _traffic_for_blocking(agents, blocking) == pytest.approx(
        float(row["traffic_erlang"]), abs=tol * 1.0001)


def test_erlang_b_large_n_smoke():
    """Lines needed for up to 1,000 Erlang (Dordal's notes, accurate to one line)."""
    for row in _rows("erlang_b_min_agents.csv"):
        a, target = float(row["traffic_erlang"]), float(row["target_blocking"])
        n = np.arange(1, 2000)
        n_min = int(n[np.argmax(erlang.erlang_b(a, n) <= target)])
        assert abs(n_min - int(row["min_agents_published"])) <= 1, row


def test_erlang_c_calculator_example():
    """600 calls/h of 120 s: 26 agents for P(wait) <= 15 %, ASA ~3 s; 30 agents: 2.5 %."""
    n = np.arange(21, 40)
    assert int(n[np.argmax(erlang.erlang_c(20.0, n) <= 0.15)]) == 26
    assert erlang.asa(20.0, 26, 120.0) == pytest.approx(3.0, abs=0.5)
    assert erlang.erlang_c(20.0, 30) == pytest.approx(0.025, abs=0.0005)
    carried = brentq(lambda a: erlang.erlang_c(a, 30) - 0.15, 1.0, 29.9)
    assert carried == pytest.approx(23.6, abs=0.05)


def test_erlang_c_textbook_mmm():
    """lambda=9, mu=5: Lq and response time for m=2 and m=4 (ETH ASL 2017 slides)."""
    for m, lq, resp in ((2, 7.674, 1.053), (4, 0.105, 0.212)):
        assert erlang.mean_queue(1.8, m) == pytest.approx(lq, abs=0.0005)
        assert erlang.asa(1.8, m, 0.2) + 0.2 == pytest.approx(resp, abs=0.0005)


def test_erlang_a_mandelbaum_zeltyn_example():
    """48 calls/min, 1 min handle, 2 min patience, 50 agents (secondary citation)."""
    r = erlang_a(48.0, 1.0, 2.0, 50)
    assert r.p_abandon == pytest.approx(0.031, abs=0.0005)
    assert r.mean_wait * 60 == pytest.approx(3.7, abs=0.05)
    assert r.occupancy == pytest.approx(0.93, abs=0.005)


def test_solver_matches_pyworkforce_peer():
    """pyworkforce (a peer, Erlang C) staffs the same intervals identically.

    Needs the ``bench`` extra (``make test`` installs it); skipped without it.
    """
    ErlangC = pytest.importorskip("pyworkforce.queuing").ErlangC

    calls = np.array([10, 100, 250, 800, 2000, 5000])
    aht = np.array([120, 240, 300, 600, 180, 900])
    ours = required_agents(Workload.build(calls, 1800, aht), Targets(0.8, 20))
    theirs = [ErlangC(transactions=c, aht=a / 60, asa=20 / 60, interval=30)
              .required_positions(0.8)["raw_positions"] for c, a in zip(calls, aht, strict=True)]
    assert ours.tolist() == theirs
