"""Rendering helpers shared by CLI commands (standard library only)."""

from __future__ import annotations

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
