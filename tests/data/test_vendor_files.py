"""Vendor files, weights files, decision rights and test-call CSVs: errors name the key, line
and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsource.data.testcall_csv import read_test_calls
from outsource.data.vendor_files import (
    load_decision_rights,
    load_vendor_file,
    load_weights_file,
    parse_vendor,
)
from outsource.errors import InvalidInput, NotFound

EXAMPLES = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "vendors"


@pytest.mark.parametrize("name", ["acme-manila", "andes-bogota", "prairie-ohio"])
def test_bundled_vendor_files_are_valid(name):
    v = load_vendor_file(EXAMPLES / f"{name}.yaml")
    assert v.name == name and v.all_regions and v.quotes


def _err(data, **kw) -> InvalidInput:
    with pytest.raises(InvalidInput) as err:
        parse_vendor(data, "v.yaml", **kw)
    return err.value


def test_errors_name_the_key_path():
    e = _err({"name": "x", "certifications": [{"kind": "pci_dss"},
                                              {"kind": "soc2_type2", "expires_on": "soon"}]})
    assert e.field == "certifications[1].expires_on" and e.source == "v.yaml"
    assert _err({"name": "x", "colour": "red"}).message == "unknown key"
    assert _err({"name": "x", "languages": ["english"]}).field == "languages"
    assert _err({"name": "x", "certifications": [{"kind": "soc3"}]}).field == \
        "certifications[0].kind"
    assert "expires_on is before" in _err({"name": "x", "certifications": [
        {"kind": "pci_dss", "issued_on": "2026-01-01", "expires_on": "2025-01-01"}]}).message
    assert _err({"name": "x", "hours_offered": "Mon-Fri 25:00-26:00"}).field == "hours_offered"
    assert _err({"name": "x", "quotes": [{"pricing_model": "dedicated_hourly", "rate": -2}]}
                ).field == "quotes[0].rate"
    assert "twice" in _err({"name": "x", "certifications": [{"kind": "pci_dss"},
                                                            {"kind": "pci_dss"}]}).message


def test_the_command_name_fills_or_must_match():
    assert parse_vendor({}, None, "x").name == "x"
    e = _err({"name": "y"}, name="x")
    assert e.field == "name" and "'y'" in e.message


def test_yaml_problems(tmp_path):
    with pytest.raises(NotFound):
        load_vendor_file(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [x\n")
    with pytest.raises(InvalidInput, match="not valid YAML") as err:
        load_vendor_file(bad)
    assert err.value.source == str(bad)
    raw = tmp_path / "latin1.yaml"
    raw.write_bytes("name: Bogot\xe1\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match="UTF-8"):
        load_vendor_file(raw)


def test_weights_file_shapes(tmp_path):
    p = tmp_path / "w.yaml"
    p.write_text("weights: {cost: 1, data_protection: 2}\n")
    assert load_weights_file(p) == {"cost": 1, "data_protection": 2}
    p.write_text("- cost\n")
    with pytest.raises(InvalidInput, match="mapping"):
        load_weights_file(p)


def test_decision_rights_file(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("rights:\n  - {action: refund, agent_decides: true, limit_usd: -5}\n")
    with pytest.raises(InvalidInput) as err:
        load_decision_rights(p)
    assert err.value.field == "rights[0].limit_usd"


HEADER = "vendor,date,scenario,channel,wait_s,handled,resolved,clarity,courtesy,accuracy,notes\n"


def _csv(tmp_path, body: str, header: str = HEADER) -> Path:
    p = tmp_path / "calls.csv"
    p.write_text(header + body)
    return p


def test_csv_reads_and_hashes(tmp_path):
    p = _csv(tmp_path, "acme,2026-03-02,where is my order,voice,25,yes,yes,4,5,4,ok\n"
                       'acme,2026-03-03,"refund, partial",chat,,no,,,,,"two\nlines"\n')
    f = read_test_calls(p)
    assert [r.line for r in f.rows] == [2, 3] and len(f.sha256) == 64
    assert f.rows[1].call.handled is False and f.rows[1].call.wait_s is None
    assert f.rows[1].call.notes == "two\nlines"


def test_csv_clarity_seven_names_line_and_column(tmp_path):
    p = _csv(tmp_path, "acme,2026-03-02,a,voice,25,yes,yes,4,5,4,\n"
                       "acme,2026-03-03,b,voice,25,yes,yes,7,5,4,\n"
                       "acme,2026-03-04,c,voice,25,yes,yes,4,9,4,\n")
    with pytest.raises(InvalidInput) as err:
        read_test_calls(p)
    e = err.value
    assert (e.line, e.column, e.source) == (3, "clarity", str(p))
    assert "less than or equal to 5" in e.message and "1 more rows with errors" in e.message


@pytest.mark.parametrize(("header", "body", "line", "column", "match"), [
    (HEADER.replace("notes", "remarks"), "", 1, "remarks", "unknown column"),
    ("vendor,date,handled\n", "acme,2026-03-02,yes\n", 1, "scenario", "required column"),
    (HEADER, "acme,03/02/2026,a,voice,1,yes,yes,4,5,4,\n", 2, "date", "date"),
    (HEADER, "acme,2026-03-02,a,phone,1,yes,yes,4,5,4,\n", 2, "channel", "voice"),
    (HEADER, "acme,2026-03-02,a,voice,1,maybe,yes,4,5,4,\n", 2, "handled", "boolean"),
    (HEADER, "acme,2026-03-02,a,voice,-1,yes,yes,4,5,4,\n", 2, "wait_s", "greater than"),
    (HEADER, "acme,2026-03-02,a,voice\n", 2, None, "expected 11 fields"),
    (HEADER, ",2026-03-02,a,voice,1,yes,yes,4,5,4,\n", 2, "vendor", "required"),
])
def test_csv_errors(tmp_path, header, body, line, column, match):
    with pytest.raises(InvalidInput, match=match) as err:
        read_test_calls(_csv(tmp_path, body, header))
    assert (err.value.line, err.value.column) == (line, column)


def test_csv_without_vendor_column_takes_the_given_vendor(tmp_path):
    p = _csv(tmp_path, "2026-03-02,a,yes\n", "date,scenario,handled\n")
    assert read_test_calls(p, "acme").rows[0].vendor == "acme"
    with pytest.raises(InvalidInput, match="vendor"):
        read_test_calls(p)
