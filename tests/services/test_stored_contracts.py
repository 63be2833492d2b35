"""Contracts stored with their version history, on SQLite and PostgreSQL: versions, no-op
re-adds, the registry check, nothing stored from a bad file, the version in force."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from outsource.data.db.models.vendors import Vendor
from outsource.data.db.repositories import ContractRepository, VendorRepository
from outsource.errors import InvalidInput, NotFound
from outsource.services.stored_contracts import (
    add_contract,
    changed_keys,
    contract_for_month,
    list_contracts,
    show_contract,
    terms_hash,
)
from outsource.services.workspace import open_workspace

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "contract.yaml"  # acme, 2026-07-01
TEXT = EXAMPLE.read_text()


@pytest.fixture
def ws(migrated_db_url, tmp_path):
    w = open_workspace(tmp_path / "ws", url=migrated_db_url)
    with w.transaction() as s:
        VendorRepository(s).add(Vendor(name="acme-manila", regions=["asia_philippines"]))
        VendorRepository(s).add(Vendor(name="prairie-ohio", regions=["us_canada"]))
    return w


def _file(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _versions(ws) -> int:
    with ws.transaction() as s:
        return ContractRepository(s).count_versions()


def test_first_version_keeps_the_text_and_the_parsed_terms(ws):
    r = add_contract(ws, EXAMPLE)
    assert r.stored and r.version == 1 and r.previous_version is None
    assert r.effective_from == date(2026, 7, 1)  # a first version governs from the start
    assert r.end == date(2028, 6, 30) and r.changed == [] and r.warnings == []
    shown = show_contract(ws, "acme-manila", as_of=date(2026, 12, 1))
    assert shown.yaml == TEXT  # as given, comments included
    assert shown.contract.at_risk_pct == 12 and shown.contract.metrics[2].window_days == 7
    assert shown.version == shown.current_version == 1
    assert shown.term_status.notice_deadline == date(2028, 4, 2)
    assert shown.term_status.term_number == 1 and shown.term_status.renews


def test_identical_terms_are_a_no_op_reported_as_such(ws, db_snapshot, tmp_path):
    add_contract(ws, EXAMPLE)
    before = db_snapshot(ws)
    again = add_contract(ws, EXAMPLE)
    assert not again.stored and again.version == 1 and "unchanged" in again.message
    # the same terms written differently (comments, spacing, key order) are the same terms
    reworded = _file(tmp_path, "# a comment\n" + TEXT.replace("renewal: auto",
                                                              "renewal:   auto   # renews"))
    assert not add_contract(ws, reworded).stored
    assert db_snapshot(ws) == before


def test_a_change_is_a_new_dated_version_and_history_stays(ws, tmp_path):
    add_contract(ws, EXAMPLE)
    v2 = _file(tmp_path, TEXT.replace("at_risk_pct: 12", "at_risk_pct: 10")
               .replace("target: 0.05", "target: 0.06"))
    r = add_contract(ws, v2, today=date(2026, 9, 15))
    assert r.stored and r.version == 2 and r.previous_version == 1
    assert r.effective_from == date(2026, 9, 15)  # from the day it is made
    assert r.changed == ["at_risk_pct", "metrics[1].target"]
    back = add_contract(ws, EXAMPLE, effective_from=date(2026, 7, 1))  # a revert is a change
    assert back.stored and back.version == 3 and back.effective_from == date(2026, 7, 1)
    shown = show_contract(ws, "acme-manila")
    assert [v.version for v in shown.versions] == [1, 2, 3]
    assert shown.versions[0].terms_sha256 == shown.versions[2].terms_sha256
    assert show_contract(ws, "acme-manila", version=1).yaml == TEXT
    assert show_contract(ws, "acme-manila", version=2).contract.at_risk_pct == 10
    with pytest.raises(NotFound) as err:
        show_contract(ws, "acme-manila", version=9)
    assert err.value.field == "version" and "versions 1 to 3" in err.value.message


def test_a_version_added_before_the_start_governs_from_the_start(ws, tmp_path):
    add_contract(ws, EXAMPLE)
    v2 = _file(tmp_path, TEXT.replace("notice_days: 90", "notice_days: 60"))
    assert add_contract(ws, v2, today=date(2026, 3, 1)).effective_from == date(2026, 7, 1)
    with pytest.raises(InvalidInput) as err:
        add_contract(ws, _file(tmp_path, TEXT.replace("notice_days: 90", "notice_days: 30")),
                     effective_from=date(2026, 6, 30))
    assert err.value.field == "effective_from"


def test_unknown_vendor_is_refused_and_nothing_is_stored(ws, db_snapshot, tmp_path):
    before = db_snapshot(ws)
    with pytest.raises(InvalidInput) as err:
        add_contract(ws, _file(tmp_path, TEXT.replace("vendor: acme-manila", "vendor: nobody")))
    assert err.value.field == "vendor" and err.value.source.endswith("c.yaml")
    assert "unknown vendor 'nobody' (known: acme-manila, prairie-ohio)" in err.value.message
    assert db_snapshot(ws) == before


@pytest.mark.parametrize(("old", "new", "key"), [
    ("at_risk_pct: 12", "at_risk_pct: 120", "at_risk_pct"),
    ("metric: abandon_rate, target: 0.05", "metric: abandon_rate, target: 5", "metrics[1].target"),
    ("formula: offered_excl_short", "formula: sometimes", "metrics[0].formula"),
    ("allocation_pct: 30", "allocation_pct: -1", "metrics[1].allocation_pct"),
    ("term_months: 24", "term_months: 0", "term_months"),
    ("start: 2026-07-01", "start: [oops", None),  # YAML syntax: the line is named
])
def test_a_bad_file_stores_nothing(ws, db_snapshot, tmp_path, old, new, key):
    add_contract(ws, EXAMPLE)
    before = db_snapshot(ws)
    with pytest.raises(InvalidInput) as err:
        add_contract(ws, _file(tmp_path, TEXT.replace(old, new)))
    if key is None:
        assert err.value.line is not None
    else:
        assert err.value.field == key, err.value.where
    assert db_snapshot(ws) == before and _versions(ws) == 1


def test_the_version_in_force_for_a_month(ws, tmp_path):
    add_contract(ws, EXAMPLE)
    add_contract(ws, _file(tmp_path, TEXT.replace("at_risk_pct: 12", "at_risk_pct: 10")),
                 today=date(2026, 9, 15))
    july = contract_for_month(ws, "acme-manila", "2026-07")
    assert (july.version, july.contract_month, july.contract.at_risk_pct) == (1, 1, 12)
    assert contract_for_month(ws, "acme-manila", "2026-08").version == 1
    # a version effective mid-month governs that whole month
    sept = contract_for_month(ws, "acme-manila", date(2026, 9, 3))
    assert (sept.version, sept.contract_month, sept.month) == (2, 3, "2026-09")
    with pytest.raises(NotFound) as err:
        contract_for_month(ws, "acme-manila", "2026-06")
    assert err.value.field == "month"
    with pytest.raises(NotFound):
        contract_for_month(ws, "prairie-ohio", "2026-07")  # no contract
    with pytest.raises(InvalidInput):
        contract_for_month(ws, "acme-manila", "2026-13")


def test_no_contract_after_the_end_of_one_that_does_not_renew(ws, tmp_path):
    add_contract(ws, _file(tmp_path, TEXT.replace("renewal: auto", "renewal: none")))
    assert contract_for_month(ws, "acme-manila", "2028-06").contract_month == 24
    with pytest.raises(NotFound, match="ended 2028-06-30"):
        contract_for_month(ws, "acme-manila", "2028-07")


def test_list_and_unknown_names(ws):
    assert list_contracts(ws).contracts == []
    add_contract(ws, EXAMPLE)
    listed = list_contracts(ws)
    assert [c.vendor for c in listed.contracts] == ["acme-manila"]
    assert listed.versions == {"acme-manila": 1}
    with pytest.raises(NotFound, match="no vendor 'x'"):
        show_contract(ws, "x")
    with pytest.raises(NotFound, match="no contract stored"):
        show_contract(ws, "prairie-ohio")


def test_changed_keys_and_hash():
    assert changed_keys({"a": 1, "m": [{"t": 1}, {"t": 2}]},
                        {"a": 1, "m": [{"t": 1}, {"t": 3}]}) == ["m[1].t"]
    assert changed_keys({"m": [1]}, {"m": [1, 2]}) == ["m"]
    assert changed_keys({"a": 1}, {"a": 1, "b": None}) == ["b"]
    assert terms_hash({"a": 1, "b": [1, 2]}) == terms_hash({"b": [1, 2], "a": 1})
    assert terms_hash({"a": 1}) != terms_hash({"a": 2})
