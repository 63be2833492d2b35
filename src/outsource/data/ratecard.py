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

import math
import tomllib
from importlib import resources

from outsource.core.ratecard import KINDS, MODEL_KINDS, RateCard, RateRow, Region
from outsource.core.uncertainty import Range
from outsource.data import sources
from outsource.data.sources import Source
from outsource.errors import InvalidInput

__all__ = ["KINDS", "MODEL_KINDS", "RateCard", "RateRow", "Region", "default_card",
           "load_card", "load_cards", "parse_card"]

DEFAULT_CARD = "playbook.toml"


def _text(raw: dict, key: str, where: tuple, card: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("must be a non-empty string", source=card, loc=(*where, key))
    return value


def _row(raw: dict, where: tuple, card: str) -> RateRow:
    if not isinstance(raw, dict):
        raise InvalidInput("must be a table", source=card, loc=where)
    kind = _text(raw, "kind", where, card)
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind '{kind}' (known: {', '.join(KINDS)})", source=card,
                           loc=(*where, "kind"))
    try:
        if any(isinstance(raw.get(k), bool) for k in ("low", "high", "mode")):
            raise TypeError
        low, high = float(raw["low"]), float(raw["high"])
        mode = float(raw["mode"]) if "mode" in raw else None
    except KeyError as exc:
        raise InvalidInput("is required", source=card, loc=(*where, exc.args[0])) from None
    except (TypeError, ValueError):
        raise InvalidInput("low, high and mode must be numbers", source=card,
                           loc=where) from None
    if not all(math.isfinite(x) for x in (low, high, mode if mode is not None else 0.0)):
        raise InvalidInput("low, high and mode must be finite numbers", source=card, loc=where)
    if low < 0:
        raise InvalidInput("must be >= 0", source=card, loc=(*where, "low"))
    try:
        rng = Range(low, high, mode)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, source=card, loc=where) from None
    date = str(raw.get("date", "")).strip() or _text(raw, "date", where, card)
    return RateRow(_text(raw, "region", where, card), kind,
                   _text(raw, "tier", where, card, "regular"), rng,
                   _text(raw, "source", where, card), date, str(raw.get("note", "")), card)


def parse_card(data: dict, name: str) -> RateCard:
    """Build a card from parsed TOML; errors name the card and ``rate[i].<key>``."""
    if not isinstance(data, dict):
        raise InvalidInput("a rate card is a TOML document with [regions] and [[rate]]",
                           source=name)
    unknown = sorted(set(data) - {"meta", "regions", "rate"})
    if unknown:
        raise InvalidInput("unknown key (a rate card holds meta, regions and rate)", source=name,
                           loc=(str(unknown[0]),))
    raw_regions = data.get("regions") or {}
    if not isinstance(raw_regions, dict):
        raise InvalidInput("must be a table of regions ([regions])", source=name,
                           loc=("regions",))
    raw_rates = data.get("rate") or []
    if not isinstance(raw_rates, list):
        raise InvalidInput("must be an array of tables ([[rate]])", source=name, loc=("rate",))
    regions = {}
    for rid, reg in raw_regions.items():
        if not isinstance(reg, dict):
            raise InvalidInput("must be a table with name and group", source=name,
                               loc=("regions", rid))
        regions[rid] = Region(rid, str(reg.get("name", rid)), str(reg.get("group", rid)))
    rows = {}
    for i, raw in enumerate(raw_rates):
        row = _row(raw, ("rate", i), name)
        rows[(row.region, row.kind, row.tier)] = row
    return RateCard(regions, rows)


def load_card(src: Source, name: str | None = None) -> RateCard:
    """Read one rate card (a path, or the bytes of an upload)."""
    f = sources.load(src, name, what="rate card")
    text = sources.decode_utf8(f.data, f.full)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"not valid TOML: {exc}", source=f.full) from None
    return parse_card(data, f.name)


def default_card() -> RateCard:
    """The bundled card from the playbook."""
    text = resources.files("outsource.data").joinpath("ratecards", DEFAULT_CARD).read_text("utf-8")
    return parse_card(tomllib.loads(text), DEFAULT_CARD)


def merge_cards(cards: list[RateCard]) -> RateCard:
    """The default card overridden by each given card in turn (regions checked)."""
    card = default_card()
    for other in cards:
        card = card.merged(other)
    for row in card.rows.values():
        if row.region not in card.regions and row.region not in {
                r.group for r in card.regions.values()}:
            raise InvalidInput(f"region '{row.region}' is not declared under [regions]",
                               source=row.card, loc=("rate",))
    return card


def load_cards(srcs: list[Source]) -> RateCard:
    """The default card overridden by each user card in turn (each read once)."""
    return merge_cards([load_card(s) for s in srcs])
