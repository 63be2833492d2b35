"""Rendering helpers shared by CLI commands."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import typer


def jsonable(value: Any) -> Any:
    """Plain JSON types: NaN and infinities become ``None``, NumPy values Python ones."""
    if is_dataclass(value) and not isinstance(value, type):
        return jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON on standard output."""
    typer.echo(json.dumps(jsonable(value), indent=2, allow_nan=False))


_SHORT_MODELS = {"dedicated_hourly": "dedicated/h", "shared_per_minute": "shared/min",
                 "monthly_per_agent": "monthly/agent", "outbound_hourly": "outbound/h",
                 "commission_only": "commission", "hourly_plus_commission": "hourly+commission"}


def option_label(name: str, pricing_model: str) -> str:
    """An option's name with its pricing model, short: ``India dedicated/h``."""
    for long, short in _SHORT_MODELS.items():
        name = name.replace(long, short)
    model = _SHORT_MODELS.get(pricing_model, pricing_model)
    return name if model in name or pricing_model == "in_house" else f"{name} ({model})"


def money_k(value: float) -> str:
    """Money in thousands, e.g. ``1,466k``."""
    return f"{value / 1000:,.0f}k"
