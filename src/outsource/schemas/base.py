"""The base of every schema and the one JSON encoder.

Naming: a field's unit is its suffix (``_s`` seconds, ``_min`` minutes, ``_h``
hours, ``_usd`` US dollars, ``_share`` a share in [0, 1], ``_per_year``,
``_per_month``, ``_per_week`` rates); see ``docs/conventions.md``.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


class Schema(BaseModel):
    """Frozen, strict pydantic model: unknown keys are errors, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


def _default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="python")
    if hasattr(value, "to_pylist"):  # pyarrow arrays and tables
        return value.to_pylist()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(value: Any, *, indent: bool = False) -> bytes:
    """JSON bytes of schemas, dicts, NumPy arrays and scalars; NaN and inf become ``null``."""
    opts = _OPTIONS | (orjson.OPT_INDENT_2 if indent else 0)
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="python")
    return orjson.dumps(value, default=_default, option=opts)
