"""Rate cards: vendor prices by region and kind, each row with its source and date.

A rate card is a TOML file (see ``data/ratecards/playbook.toml``, the default,
built from the playbook's "What it costs (US pricing guidance)")::

    [regions]
    india = { name = "India", group = "international" }

    [[rate]]
    region = "india"          # a region id or a group id
    kind = "hourly"           # see KINDS
    tier = "regular"          # optional; e.g. "specialised"
    low = 5.0
    high = 9.0
    mode = 7.0                # optional
    source = "..."            # required
    date = "2026-11-23"       # required
    note = "..."              # optional

Cards given later override earlier ones row by row (same region, kind and
tier) and may add regions. A price for a region and pricing model is looked up
region first, then the region's group (see :data:`MODEL_KINDS`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from outsource.core.uncertainty import Range
from outsource.errors import InvalidInput, NotFound

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
DEFAULT_CARD = "playbook.toml"


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


def _text(raw: dict, key: str, where: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("must be a non-empty string", field=f"{where}.{key}")
    return value


def _row(raw: dict, where: str, card: str) -> RateRow:
    kind = _text(raw, "kind", where)
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind '{kind}' (known: {', '.join(KINDS)})",
                           field=f"{where}.kind")
    try:
        low, high = float(raw["low"]), float(raw["high"])
        mode = float(raw["mode"]) if "mode" in raw else None
    except KeyError as exc:
        raise InvalidInput("is required", field=f"{where}.{exc.args[0]}") from None
    except (TypeError, ValueError):
        raise InvalidInput("low, high and mode must be numbers", field=where) from None
    if low < 0:
        raise InvalidInput("must be >= 0", field=f"{where}.low")
    try:
        rng = Range(low, high, mode)
    except InvalidInput as exc:
        raise InvalidInput(str(exc), field=where) from None
    return RateRow(_text(raw, "region", where), kind, _text(raw, "tier", where, "regular"), rng,
                   _text(raw, "source", where), str(raw.get("date", "")).strip()
                   or _text(raw, "date", where), str(raw.get("note", "")), card)


def parse_card(data: dict, name: str) -> RateCard:
    """Build a card from parsed TOML; errors name ``<card>:rate[i].<key>``."""
    regions = {}
    for rid, reg in (data.get("regions") or {}).items():
        where = f"{name}:regions.{rid}"
        if not isinstance(reg, dict):
            raise InvalidInput("must be a table with name and group", field=where)
        regions[rid] = Region(rid, str(reg.get("name", rid)), str(reg.get("group", rid)))
    rows = {}
    for i, raw in enumerate(data.get("rate") or []):
        row = _row(raw, f"{name}:rate[{i}]", name)
        rows[(row.region, row.kind, row.tier)] = row
    return RateCard(regions, rows)


def load_card(path: str | Path) -> RateCard:
    """Read one rate card file."""
    p = Path(path)
    if not p.is_file():
        raise NotFound(f"rate card not found: {p}")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"not valid TOML: {exc}", field=str(p)) from None
    return parse_card(data, p.name)


def default_card() -> RateCard:
    """The bundled card from the playbook."""
    text = resources.files("outsource.data").joinpath("ratecards", DEFAULT_CARD).read_text("utf-8")
    return parse_card(tomllib.loads(text), DEFAULT_CARD)


def load_cards(paths: list[str | Path]) -> RateCard:
    """The default card overridden by each user card in turn."""
    card = default_card()
    for path in paths:
        card = card.merged(load_card(path))
    for row in card.rows.values():
        if row.region not in card.regions and row.region not in {
                r.group for r in card.regions.values()}:
            raise InvalidInput(f"region '{row.region}' is not declared under [regions]",
                               field=f"{row.card}:rate")
    return card

