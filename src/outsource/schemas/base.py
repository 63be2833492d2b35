"""The base of every schema, columnar tables, and the one JSON encoder.

Naming: a field's unit is its suffix (``_s`` seconds, ``_min`` minutes, ``_h``
hours, ``_usd`` US dollars, ``_share`` a share in [0, 1], ``_per_year``,
``_per_month``, ``_per_week`` rates); see ``docs/conventions.md``.

Interval-level results are :class:`Rows`: one NumPy array per field (never
one Python object per interval). Their JSON is a list of row objects, built
column by column with Arrow's vectorised string kernels and embedded in the
document as an :class:`orjson.Fragment`; :meth:`Rows.to_arrow` hands the same
columns to Arrow's CSV and Parquet writers (:mod:`outsource.data.export`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
import orjson
from pydantic import BaseModel, ConfigDict, PlainValidator, model_validator

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


class Schema(BaseModel):
    """Frozen, strict pydantic model: unknown keys are errors, values never change.

    Fields read as attributes or by name (``result["totals"]``), as the JSON
    document names them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True,
                              defer_build=True)

    def __getitem__(self, key: str) -> Any:
        if isinstance(key, str) and key in type(self).model_fields:
            return getattr(self, key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in type(self).model_fields

    def keys(self) -> list[str]:
        """Field names, in order."""
        return list(type(self).model_fields)


def _column(value: Any) -> np.ndarray:
    arr = np.asarray(value)
    if arr.ndim < 1:
        raise ValueError("a column is an array with one entry per row")
    return arr


#: One column of a :class:`Rows` table: a NumPy array, one entry per row along its
#: first axis (a 2-D column holds a fixed-length list per row, e.g. 24 hourly values).
Column = Annotated[np.ndarray, PlainValidator(_column)]


class Row(dict):
    """One row of a :class:`Rows` table: a dict whose keys also read as attributes."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Rows(Schema):
    """A columnar table: every field is a :data:`Column`, all of one length.

    Its JSON is a list of row objects (``[{"field": value, ...}, ...]``);
    NaN and infinities become ``null``.
    """

    @model_validator(mode="after")
    def _same_length(self) -> Rows:
        sizes = {name: getattr(self, name).shape[0] for name in type(self).model_fields}
        if len(set(sizes.values())) > 1:
            raise ValueError(f"columns of unequal length: {sizes}")
        return self

    def __len__(self) -> int:
        names = list(type(self).model_fields)
        return int(getattr(self, names[0]).shape[0]) if names else 0

    def __getitem__(self, key: int | str) -> Any:  # type: ignore[override]
        """A row (``table[i]``, as a dict) or a column (``table["agents"]``)."""
        if isinstance(key, str):
            return super().__getitem__(key)
        return self.row(key)

    def __iter__(self):  # type: ignore[no-untyped-def,override]
        """Rows as dicts, for display and tests of small tables (one dict per row)."""
        return (self.row(i) for i in range(len(self)))

    def columns(self) -> dict[str, np.ndarray]:
        """The columns by name, in field order."""
        return {name: getattr(self, name) for name in type(self).model_fields}

    def row(self, i: int) -> Row:
        """Row ``i`` as plain Python values (for display; never loop over all rows)."""
        out = Row()
        for k, v in self.columns().items():
            x = v[i]
            x = x.tolist() if isinstance(x, np.ndarray) else (x.item() if hasattr(x, "item")
                                                               else x)
            out[k] = None if isinstance(x, float) and not np.isfinite(x) else x
        return out

    def to_arrow(self) -> pa.Table:
        """The table as an Arrow table; NaN and infinities become nulls (built from the
        NumPy buffers: no pandas import)."""
        import pyarrow as pa

        from outsource import _arrow

        cols = self.columns()
        return pa.Table.from_arrays([_arrow.from_numpy(v) for v in cols.values()],
                                    names=list(cols))

    def to_json_fragment(self) -> orjson.Fragment:
        """The JSON list of row objects, pre-encoded."""
        return orjson.Fragment(rows_json(self.columns()))


def _column_json(values: np.ndarray) -> bytes:
    """One orjson call for a whole column: ``[v0,v1,...]`` (NaN, inf, None -> ``null``)."""
    if values.dtype.kind in "fciub":
        if values.dtype.kind == "f":
            values = np.where(np.isfinite(values), values, np.nan)
        return orjson.dumps(values, option=_OPTIONS)
    items = values.tolist()
    return orjson.dumps([v.item() if isinstance(v, np.generic) else v for v in items]
                        if values.dtype.kind == "O" else items, option=_OPTIONS)


def _json_texts(values: np.ndarray, comma: bool) -> pa.Array:
    """JSON text of every value of one column as an Arrow string array, each value
    followed by ``,`` when ``comma`` is set.

    The column is encoded by one orjson call; the values are cut apart at the
    separating commas (found with NumPy) when their count shows that no value
    holds a comma itself, else each value is encoded on its own.
    """
    import pyarrow as pa

    n = values.shape[0]
    text = _column_json(values)
    body = np.frombuffer(text, dtype=np.uint8)[1:-1]
    cuts = np.flatnonzero(body == 44)  # b","
    if cuts.size == n - 1 and values.ndim == 1:
        ends = np.append(cuts, body.size)
        if comma:
            data = text[1:-1] + b","
            offsets = np.concatenate([[0], ends + 1])
        else:
            data = text[1:-1].replace(b",", b"")
            offsets = np.concatenate([[0], ends - np.arange(n)])
        return pa.Array.from_buffers(pa.large_string(), n, [
            None, pa.py_buffer(offsets.astype(np.int64)), pa.py_buffer(data)])
    from outsource import _arrow

    tail = "," if comma else ""
    return _arrow.strings([orjson.dumps(v, option=_OPTIONS).decode() + tail for v in values])


#: Tables up to this many rows are encoded through plain lists (no Arrow import for
#: a few hundred intervals); the output is the same as the columnar path's.
SMALL_TABLE = 2_000


def _plain_column(values: np.ndarray) -> list:
    if values.dtype.kind == "f":
        values = np.where(np.isfinite(values), values, np.nan)
    return values.tolist()


def rows_json(columns: dict[str, np.ndarray]) -> bytes:
    """``[{"a": 1, "b": "x"}, ...]`` from equal-length columns, without a Python object per row.

    Each column is one orjson call; Arrow's element-wise join then interleaves
    keys and values row by row.
    """
    names = list(columns)
    n = len(columns[names[0]]) if names else 0
    if n == 0:
        return b"[]"
    if n <= SMALL_TABLE:
        return orjson.dumps([dict(zip(names, row, strict=True)) for row in zip(
            *(_plain_column(np.asarray(columns[k])) for k in names), strict=True)],
            option=_OPTIONS)
    import pyarrow.compute as pc

    from outsource._arrow import lit

    pieces: list[Any] = []
    for k, name in enumerate(names):
        key = ("{" if k == 0 else "") + orjson.dumps(str(name)).decode() + ":"
        pieces += [lit(key, large=True),
                   _json_texts(np.asarray(columns[name]), comma=k < len(names) - 1)]
    pieces.append(lit("},", large=True))
    rows = pc.binary_join_element_wise(*pieces, lit("", large=True))
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64, count=n + 1, offset=rows.offset * 8)
    data = memoryview(rows.buffers()[2])[int(offsets[0]):int(offsets[-1]) - 1]
    return b"".join((b"[", data, b"]"))  # one copy of the rows


def _plain(value: Any) -> Any:
    """Schemas as dicts (by field name), tables as pre-encoded fragments; the rest unchanged."""
    if isinstance(value, Rows):
        return value.to_json_fragment()
    if isinstance(value, BaseModel):
        cls = type(value)
        return {name: _plain(getattr(value, name))
                for name in (*cls.model_fields, *cls.model_computed_fields)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _plain(value)
    if hasattr(value, "to_pylist"):  # pyarrow arrays and tables
        return value.to_pylist()
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(value: Any, *, indent: bool = False) -> bytes:
    """JSON bytes of schemas, dicts, NumPy arrays and scalars; NaN and inf become ``null``."""
    opts = _OPTIONS | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(_plain(value), default=_default, option=opts)
