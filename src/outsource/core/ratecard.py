"""Rate cards in memory: regions, price rows and the lookup of a region's price.

Pure data and logic (parsing TOML cards is :mod:`outsource.data.ratecard`).
A price for a region and pricing model is looked up region first, then the
region's group (see :data:`MODEL_KINDS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from outsource.core.uncertainty import Range
from outsource.errors import InvalidInput

KINDS = {
    "hourly": "USD/h",
    "dedicated_hourly": "USD/h",
    "per_minute": "USD/min",
    "outbound_hourly": "USD/h",
    "monthly_per_agent": "USD/agent-month",
}
#: Rate kinds tried, in order, for each pricing model (monthly falls back to
#: the dedicated hourly rate x paid hours, done by the caller).
MODEL_KINDS = {
    "shared_per_minute": ("per_minute",),
    "dedicated_hourly": ("dedicated_hourly", "hourly"),
    "monthly_per_agent": ("monthly_per_agent",),
    "outbound_hourly": ("outbound_hourly",),
    "commission_only": ("outbound_hourly", "hourly"),
    "hourly_plus_commission": ("outbound_hourly", "hourly"),
}


@dataclass(frozen=True)
class Region:
    """A location: id, display name, and the group whose rows it inherits."""

    id: str
    name: str
    group: str


@dataclass(frozen=True)
class RateRow:
    """One price on a card: a range in the kind's unit, with where it came from."""

    region: str
    kind: str
    tier: str
    range: Range
    source: str
    date: str
    note: str = ""
    card: str = ""

    @property
    def unit(self) -> str:
        """Unit of the price, e.g. ``USD/h``."""
        return KINDS[self.kind]

    @property
    def key(self) -> str:
        """Parameter name of this price, e.g. ``rate.india.hourly``."""
        tier = "" if self.tier == "regular" else f".{self.tier}"
        return f"rate.{self.region}.{self.kind}{tier}"


@dataclass(frozen=True)
class RateCard:
    """Regions and price rows, keyed by (region, kind, tier)."""

    regions: dict[str, Region] = field(default_factory=dict)
    rows: dict[tuple[str, str, str], RateRow] = field(default_factory=dict)

    def merged(self, other: RateCard) -> RateCard:
        """This card overridden row by row (and region by region) by ``other``."""
        return RateCard({**self.regions, **other.regions}, {**self.rows, **other.rows})

    def lookup(self, region: str, model: str, tier: str = "regular") -> RateRow | None:
        """Price row for ``region`` and pricing ``model``: region first, then its group."""
        if region not in self.regions:
            raise InvalidInput(f"unknown region '{region}' (known: {', '.join(self.regions)})")
        group = self.regions[region].group
        for where in (region, group):
            for kind in MODEL_KINDS[model]:
                row = self.rows.get((where, kind, tier))
                if row is not None:
                    return row
        return None
