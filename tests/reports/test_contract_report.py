"""The rendered schedule: every section, formulas in words, the worked example, valid HTML."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from outsource.errors import InvalidInput
from outsource.reports.contract import definition, render_contract
from outsource.schemas.contracts import Contract, MetricTerm

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "contract.yaml"
BASE = yaml.safe_load(EXAMPLE.read_text())


@pytest.fixture(scope="module")
def example() -> Contract:
    return Contract.model_validate(BASE)


def test_markdown_has_every_section(example):
    md = render_contract(example)
    for heading in ("Term and fees", "Service levels", "Service credits", "Worked example",
                    "Critical and chronic failure", "Governance", "Termination and exit",
                    "Where the figures come from"):
        assert heading in md
    assert "2026-07-01 to 2028-06-30" in md and "no later than 2028-04-02" in md
    # The worked example on the contract's own numbers.
    assert "$100,000 x 12 % x 50 % = $6,000" in md
    assert "the $6,000 is returned to the vendor in month 7" in md
    # Termination example: notice 2027-04-02 takes effect 2027-07-01, 12 months left.
    assert "10 % x $1,200,000 = $120,000" in md
    assert "team leads -> account managers -> operations directors" in md
    assert "Review notes" not in md  # the example has no warnings


def test_schedule_says_which_figures_are_entered_by_hand():
    data = copy.deepcopy(BASE)
    data["metrics"].append({"metric": "csat", "target": 4.2, "allocation_pct": 10})
    data.pop("fees_usd_per_month")
    md = render_contract(Contract.model_validate(data))
    assert "entered by hand each month" in md
    assert "entered from each month's invoice total" in md
    assert "On an assumed invoice of $100,000" in md


@pytest.mark.parametrize(("formula", "words"), [
    ("answered", "contacts answered within 20 s / contacts answered"),
    ("offered", "contacts answered within 20 s / contacts offered"),
    ("offered_excl_short", "(contacts offered - short abandons)"),
    ("abandons_met", "(contacts answered within 20 s + contacts abandoned within 20 s) / "
                     "contacts offered"),
    ("ignore_abandons", "/ (contacts offered - contacts abandoned within 20 s)"),
])
def test_each_service_level_formula_in_words(formula, words):
    m = MetricTerm(metric="service_level", formula=formula, answer_within_s=20,
                   short_abandon_s=5 if formula == "offered_excl_short" else None,
                   target=0.8, allocation_pct=50)
    text = definition(m)
    assert words in text and "a wait of at most 20 s" in text


def test_caps_above_100_and_warnings_are_explained():
    data = copy.deepcopy(BASE)
    data["metrics"][1]["allocation_pct"] = 80
    data["metrics"].append({"metric": "aht_s", "target": 300, "allocation_pct": 10})
    md = render_contract(Contract.model_validate(data))
    assert "more than 100 %" in md and "cuts every credit by the same factor" in md
    assert "## Review notes" in md and "rushed agent" in md


class _Checker(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_well_formed_and_escaped():
    data = copy.deepcopy(BASE)
    data["governance"]["liaison"] = "Ops <Liaison> & Co"
    html = render_contract(Contract.model_validate(data), "html")
    assert html.startswith("<!DOCTYPE html>")
    checker = _Checker()
    checker.feed(html)
    assert checker.stack == []
    text = "".join(checker.text)
    assert "Ops <Liaison> & Co" in text and "&lt;Liaison&gt;" in html
    assert "$100,000 x 12 % x 50 % = $6,000" in text
    assert "http" not in html.lower().replace("http-equiv", "")  # nothing fetched from a CDN


def test_unknown_format(example):
    with pytest.raises(InvalidInput):
        render_contract(example, "pdf")
