"""Mapping files: validation, coercions, the shipped examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsource.data.mapping import identity_mapping, load_mapping
from outsource.data.sql_expr import drop_case, select_list
from outsource.errors import InvalidInput, NotFound


def test_examples_load(examples: Path) -> None:
    bank = load_mapping(examples / "anonymous-bank-1999.yaml")
    assert bank.timezone == "Asia/Jerusalem" and bank.delimiter == "\t"
    assert bank.columns["arrived_at"].time == ["q_start", "vru_exit"]
    assert bank.columns["customer_id"].missing == ["0"]
    assert len(bank.drop) == 2
    snow = load_mapping(examples / "servicenow-incidents.yaml")
    assert snow.keep == "last"
    for m in (bank, snow):
        assert {c.name for c in select_list(m)} >= {"id", "arrived_at", "outcome", "channel"}
        assert drop_case(m)


@pytest.mark.parametrize(
    "body, needle",
    [
        ("columns: {id: a, arrived_at: b}", "outcome"),
        ("columns: {id: a, arrived_at: b, outcome: c, colour: d}", "unknown canonical"),
        ("timezone: Mars/Base\ncolumns: {id: a, arrived_at: b, outcome: c}", "time zone"),
        ("columns: {id: {source: a, value: x}, arrived_at: b, outcome: c}", "exactly one"),
        ("columns: {id: a, arrived_at: b, outcome: c, queue: {date: d}}", "timestamp"),
        ("[1, 2]", "YAML mapping"),
        ("columns: {id: [", "YAML"),
    ],
)
def test_bad_mappings(tmp_path: Path, body: str, needle: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(body)
    with pytest.raises(InvalidInput, match=needle):
        load_mapping(path)


def test_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        load_mapping(tmp_path / "none.yaml")


def test_identity_mapping_needs_required_columns() -> None:
    assert set(identity_mapping(["id", "arrived_at", "outcome", "x"]).columns) == {
        "id", "arrived_at", "outcome"}
    with pytest.raises(InvalidInput, match="--mapping"):
        identity_mapping(["call", "time"])
