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

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

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
    if arr.ndim != 1:
        raise ValueError(f"a column is one-dimensional, got shape {arr.shape}")
    return arr


#: One column of a :class:`Rows` table: a one-dimensional NumPy array.
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
        sizes = {name: getattr(self, name).size for name in type(self).model_fields}
        if len(set(sizes.values())) > 1:
            raise ValueError(f"columns of unequal length: {sizes}")
        return self

    def __len__(self) -> int:
        names = list(type(self).model_fields)
        return int(getattr(self, names[0]).size) if names else 0

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
            x = x.item() if hasattr(x, "item") else x
            out[k] = None if isinstance(x, float) and not np.isfinite(x) else x
        return out

    def to_arrow(self) -> pa.Table:
        """The table as an Arrow table; NaN and infinities become nulls."""
        import pyarrow as pa

        return pa.table({k: pa.array(np.where(np.isfinite(v), v, np.nan) if v.dtype.kind == "f"
                                     else v, from_pandas=True)
                         for k, v in self.columns().items()})

    def to_json_fragment(self) -> orjson.Fragment:
        """The JSON list of row objects, pre-encoded."""
        return orjson.Fragment(rows_json(self.columns()))


def _json_texts(values: np.ndarray) -> pa.Array:
    """JSON text of every value of one column (NaN, inf and None -> ``null``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.dtype.kind
    if kind in "fc":
        arr = pa.array(values.astype(float))
        text = pc.cast(arr, pa.large_string())
        return pc.if_else(pc.is_finite(arr), text, pa.scalar("null", pa.large_string()))
    if kind in "iub":
        return pc.cast(pa.array(values), pa.large_string())
    arr = pa.array(values.tolist() if kind == "O" else values, type=pa.large_string())
    if pc.any(pc.match_substring_regex(arr, r'["\\\x00-\x1f]')).as_py():
        return pa.array([None if v is None else orjson.dumps(v).decode()
                         for v in arr.to_pylist()], type=pa.large_string()).fill_null("null")
    q = pa.scalar('"', pa.large_string())
    quoted = pc.binary_join_element_wise(q, arr, q, pa.scalar("", pa.large_string()))
    return quoted.fill_null("null")


def rows_json(columns: dict[str, np.ndarray]) -> bytes:
    """``[{"a": 1, "b": "x"}, ...]`` from equal-length columns, without a Python object per row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = list(columns)
    n = len(columns[names[0]]) if names else 0
    if n == 0:
        return b"[]"
    pieces: list[Any] = []
    for k, name in enumerate(names):
        key = ("{" if k == 0 else ",") + orjson.dumps(str(name)).decode() + ":"
        pieces += [pa.scalar(key, pa.large_string()), _json_texts(np.asarray(columns[name]))]
    pieces.append(pa.scalar("},", pa.large_string()))
    rows = pc.binary_join_element_wise(*pieces, pa.scalar("", pa.large_string()))
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64, count=n + 1, offset=rows.offset * 8)
    data = memoryview(rows.buffers()[2])[int(offsets[0]):int(offsets[-1]) - 1]
    return b"[" + bytes(data) + b"]"


def _plain(value: Any) -> Any:
    """Schemas as dicts (by field name), tables as pre-encoded fragments; the rest unchanged."""
    if isinstance(value, Rows):
        return value.to_json_fragment()
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
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
