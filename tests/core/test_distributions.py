"""Distribution specs: parsing, analytic means, sampling, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from outsource.core.distributions import make, parse_spec, with_samples
from outsource.errors import InvalidInput

N = 400_000


@pytest.mark.parametrize(
    ("text", "family", "mean", "cv"),
    [
        ("exponential:mean=180", "exponential", 180.0, 1.0),
        ("lognormal:mean=240,cv=1.2", "lognormal", 240.0, 1.2),
        ("gamma:mean=240,cv=0.5", "gamma", 240.0, 0.5),
        ("erlang:mean=300,k=4", "gamma", 300.0, 0.5),
        ("deterministic:mean=30", "deterministic", 30.0, 0.0),
        (" Lognormal : mean = 60 , cv = 0.3 ", "lognormal", 60.0, 0.3),
    ],
)
def test_parse_and_sample_moments(text, family, mean, cv):
    dist = parse_spec(text)
    assert (dist.family, dist.mean, dist.cv) == (family, mean, pytest.approx(cv))
    assert dist.analytic_mean == mean
    x = dist.sample(np.random.default_rng(7), N)
    se = max(cv, 1e-9) * mean / math.sqrt(N)
    assert abs(x.mean() - mean) < 5 * se + 1e-9
    assert np.std(x) / np.mean(x) == pytest.approx(cv, rel=0.03, abs=1e-12)


def test_scale_family_takes_mean_per_call():
    dist = parse_spec("gamma:cv=0.5")
    assert dist.mean is None
    means = np.repeat([10.0, 1000.0], N // 2)
    x = dist.sample(np.random.default_rng(1), N, means)
    assert x[: N // 2].mean() == pytest.approx(10.0, rel=0.01)
    assert x[N // 2 :].mean() == pytest.approx(1000.0, rel=0.01)


def test_infinite_mean_means_never():
    x = parse_spec("exponential").sample(np.random.default_rng(1), 3, np.array([1.0, np.inf, 2]))
    assert np.isinf(x[1]) and np.all(np.isfinite(x[[0, 2]]))


def test_empirical_resamples_and_rescales():
    spec = parse_spec("empirical:file=handle.csv")
    assert spec.file == "handle.csv" and spec.samples is None
    dist = with_samples(spec, [100.0, 200.0, 300.0])
    assert dist.analytic_mean == 200.0
    x = dist.sample(np.random.default_rng(3), 1000)
    assert set(np.unique(x)) == {100.0, 200.0, 300.0}
    scaled = with_samples(parse_spec("empirical:file=h.csv,mean=100"), [100.0, 300.0])
    assert set(np.unique(scaled.sample(np.random.default_rng(3), 100))) == {50.0, 150.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("weibull:mean=3", "unknown distribution 'weibull'"),
        ("lognormal:mean=-1,cv=1", "mean must be > 0"),
        ("lognormal:mean", "malformed 'mean', expected key=value"),
        ("lognormal:mean=x,cv=1", "mean='x' is not a number"),
        ("exponential:mean=1,cv=2", "unknown key 'cv' for exponential"),
        ("gamma:mean=3", "needs cv=VALUE"),
        ("gamma:mean=3,cv=-1", "needs cv >= 0"),
        ("erlang:mean=3,k=2.5", "k = a whole number"),
        ("empirical:mean=3", "needs file=PATH"),
        ("lognormal:mean=inf,cv=1", "mean must be finite"),
    ],
)
def test_bad_specs_give_one_line_errors(text, message):
    with pytest.raises(InvalidInput) as err:
        parse_spec(text, field="--handle")
    text_of = str(err.value)
    assert text_of.startswith("--handle: ") and message in text_of and "\n" not in text_of


def test_make_rejects_cv_for_fixed_families_and_bad_samples():
    with pytest.raises(InvalidInput, match="takes no cv"):
        make("deterministic", 1.0, cv=0.5)
    with pytest.raises(InvalidInput, match="finite numbers >= 0"):
        make("empirical", samples=[1.0, -2.0])
    with pytest.raises(InvalidInput, match="no mean given"):
        make("lognormal", cv=1.0).sample(np.random.default_rng(1), 3)
