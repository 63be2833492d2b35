"""Contract files: the issue's example reads; each bad file gives one error naming the key."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from outsource.data.contract_file import check_vendor, load_contract
from outsource.errors import InvalidInput, NotFound

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "contract.yaml"
BASE = yaml.safe_load(EXAMPLE.read_text())


def _bytes(mutate) -> bytes:
    data = copy.deepcopy(BASE)
    mutate(data)
    return yaml.safe_dump(data).encode()


def test_the_issue_example_reads_without_warnings():
    check = load_contract(EXAMPLE)
    c = check.contract
    assert (c.vendor, c.term_months, c.at_risk_pct) == ("acme-manila", 24, 12)
    assert str(check.end) == "2028-06-30"
    assert check.allocation_total_pct == 100
    assert [m.metric for m in c.metrics] == ["service_level", "abandon_rate", "repeat_rate",
                                             "email_response"]
    assert c.metrics[2].window_days == 7
    assert c.metrics[3].calendar.holidays == "us"
    assert check.warnings == []


def test_bytes_and_path_read_alike():
    assert load_contract(EXAMPLE.read_bytes(), source="up.yaml").contract == \
        load_contract(EXAMPLE).contract


def _set(path: tuple, value):
    def mutate(d):
        node = d
        for p in path[:-1]:
            node = node[p]
        node[path[-1]] = value
    return mutate


def _drop(path: tuple):
    def mutate(d):
        node = d
        for p in path[:-1]:
            node = node[p]
        del node[path[-1]]
    return mutate


BAD = [
    ("unknown metric", _set(("metrics", 0, "metric"), "speed"), "metrics[0].metric",
     "unknown metric 'speed'"),
    ("unknown formula", _set(("metrics", 0, "formula"), "offered_minus"), "metrics[0].formula",
     "unknown formula 'offered_minus'"),
    ("allocation below 0", _set(("metrics", 1, "allocation_pct"), -5),
     "metrics[1].allocation_pct", "greater than or equal to 0"),
    ("at_risk above 100", _set(("at_risk_pct",), 120), "at_risk_pct", "less than or equal"),
    ("rate target above 1", _set(("metrics", 1, "target"), 5), "metrics[1].target",
     "between 0 and 1"),
    ("rate target below 0", _set(("metrics", 2, "target"), -0.1), "metrics[2].target",
     "between 0 and 1"),
    ("start after the end", _set(("term_months",), 0), "term_months", "before its start"),
    ("negative term", _set(("term_months",), -12), "term_months", "before its start"),
    ("unknown key", _set(("penalty",), 1), "penalty", "unknown key"),
    ("missing vendor", _drop(("vendor",)), "vendor", "is required"),
    ("bad date", _set(("start",), "2026-13-01"), "start", "valid date"),
    ("formula on another metric", _set(("metrics", 1, "formula"), "offered"),
     "metrics[1].formula", "only to service_level"),
    ("service level without a formula", _drop(("metrics", 0, "formula")), "metrics[0].formula",
     "is required"),
    ("short abandons without their formula", _set(("metrics", 0, "formula"), "offered"),
     "metrics[0].short_abandon_s", "offered_excl_short"),
    ("minimum above target", _set(("metrics", 0, "minimum"), 0.9), "metrics[0].minimum",
     "must not exceed the target"),
    ("bad business hours", _set(("metrics", 3, "calendar", "hours"), "Mon-Fry 08:00-18:00"),
     "metrics[3].calendar.hours", "unknown day"),
    ("unknown holidays", _set(("metrics", 3, "calendar", "holidays"), "atlantis"),
     "metrics[3].calendar.holidays", "unknown holiday country"),
    ("e-mail without a calendar", _drop(("metrics", 3, "calendar")), "metrics[3].calendar",
     "is required"),
    ("boolean as a number", _set(("at_risk_pct",), True), "at_risk_pct", "valid number"),
    ("fee above 100 in year 2", _set(("termination_for_convenience", "fee_pct_of_remaining"),
                                     [20, 150]),
     "termination_for_convenience.fee_pct_of_remaining", "year 2"),
    ("chronic window shorter than misses", _set(("chronic_failure", "of_months"), 2),
     "chronic_failure.of_months", "at least misses"),
    ("duplicate metric", lambda d: d["metrics"].append(dict(d["metrics"][1])), "metrics",
     "listed twice"),
    ("no metrics", _set(("metrics",), []), "metrics", "at least 1"),
    ("bad cadence", _set(("governance", "meetings", "operational"), "hourly"),
     "governance.meetings.operational", "'weekly'"),
    ("renewal", _set(("renewal",), "yes"), "renewal", "'auto'"),
]


@pytest.mark.parametrize(("mutate", "key", "words"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_bad_contract_file_names_the_key(mutate, key, words):
    with pytest.raises(InvalidInput) as exc:
        load_contract(_bytes(mutate), source="bad.yaml")
    err = exc.value
    assert err.field == key, str(err)
    assert words in err.message, str(err)
    assert str(err).startswith(f"bad.yaml {key}: ")


def test_vendor_not_in_the_registry():
    with pytest.raises(InvalidInput) as exc:
        load_contract(EXAMPLE, known_vendors={"andes-bogota", "prairie-ohio"})
    assert exc.value.field == "vendor" and "unknown vendor 'acme-manila'" in str(exc.value)
    check = load_contract(EXAMPLE, known_vendors={"acme-manila"})
    check_vendor(check.contract, ["acme-manila"])


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(InvalidInput) as exc:
        load_contract(b"vendor: a\nstart: [2026\n", source="broken.yaml")
    assert exc.value.source == "broken.yaml" and exc.value.line is not None
    with pytest.raises(InvalidInput, match="mapping"):
        load_contract(b"- just a list\n")


def test_missing_file_and_binary_content():
    with pytest.raises(NotFound):
        load_contract(Path("/nonexistent/contract.yaml"))
    with pytest.raises(InvalidInput, match="UTF-8"):
        load_contract(b"\xff\xfe\x00bad")


def test_sliding_scale_and_fixed_fee_are_both_accepted():
    c = load_contract(_bytes(_set(("termination_for_convenience", "fee_pct_of_remaining"),
                                  [20, 10, 5]))).contract
    assert c.termination_for_convenience.fee_pct_of_remaining == [20, 10, 5]
    no_fee = load_contract(_bytes(_drop(("fees_usd_per_month",)))).contract
    assert no_fee.fees_usd_per_month is None


def _warnings(mutate) -> dict[str, str]:
    return {w.key: w.message for w in load_contract(_bytes(mutate)).warnings}


def test_warning_on_a_handle_time_target():
    w = _warnings(lambda d: d["metrics"].append({"metric": "aht_s", "target": 300,
                                                  "allocation_pct": 10}))
    assert "rushed agent" in w["metrics[4].target"]


def test_warning_without_a_quality_metric():
    w = _warnings(lambda d: d["metrics"].pop(2))
    assert "no quality metric" in w["metrics"]


def test_other_warnings():
    def mutate(d):
        d.pop("termination_for_convenience")
        d.pop("governance")
        d["start"] = "2026-07-15"
        d["baseline_months"] = 24
    w = _warnings(mutate)
    assert set(w) == {"termination_for_convenience", "governance.liaison", "start",
                      "baseline_months"}
