"""The one JSON encoder and columnar tables: both encoding paths agree, NaN is null."""

from __future__ import annotations

import numpy as np
import orjson
import pytest
from pydantic import Field

from outsource.schemas import base
from outsource.schemas.base import Column, Rows, Schema, dumps


class _Table(Rows):
    a: Column = Field(description="a number")
    b: Column = Field(description="a text")
    c: Column = Field(description="a flag")
    d: Column = Field(description="24 numbers per row")


class _Doc(Schema):
    rows: _Table = Field(description="the table")
    total: float = Field(description="a total")


def _table(n: int) -> _Table:
    rng = np.random.default_rng(1)
    a = rng.random(n)
    a[::7] = np.nan
    b = np.array([f"r{i}" + ("," if i % 5 == 0 else "") + ('"' if i % 11 == 0 else "")
                  for i in range(n)], dtype=object)
    return _Table(a=a, b=b, c=np.arange(n) % 2 == 0, d=np.arange(24.0 * n).reshape(n, 24))


@pytest.mark.parametrize("n", [1, 10, 3000])
def test_columnar_and_plain_paths_give_the_same_json(monkeypatch, n):
    t = _table(n)
    plain = base.rows_json(t.columns())
    monkeypatch.setattr(base, "SMALL_TABLE", 0)
    columnar = base.rows_json(t.columns())
    assert plain == columnar
    rows = orjson.loads(columnar)
    assert rows[0]["a"] is None and rows[0]["b"] == 'r0,"' and rows[0]["c"] is True
    assert rows[-1] == t.row(n - 1)


def test_dumps_embeds_tables_as_row_lists_and_nan_as_null():
    doc = orjson.loads(dumps(_Doc(rows=_table(3), total=float("nan")), indent=True))
    assert doc["total"] is None and len(doc["rows"]) == 3 and len(doc["rows"][1]["d"]) == 24


def test_rows_need_equal_lengths_and_read_like_mappings():
    with pytest.raises(ValueError):
        _Table(a=np.ones(2), b=np.ones(3), c=np.ones(2), d=np.ones((2, 24)))
    t = _table(4)
    assert len(t) == 4 and t[2].b == "r2" and list(t)[3]["c"] is False
    assert t["a"] is t.a and "a" in t and t.keys() == ["a", "b", "c", "d"]
    arrow = t.to_arrow()
    assert arrow.num_rows == 4 and arrow.column("a").null_count == 1
