"""Mapping files (YAML): how a source file's columns become canonical columns.

The format is documented in ``docs/ingest.md``; examples ship in
``docs/examples/``. A file already in the canonical schema needs no mapping:
:func:`identity_mapping` builds one from its header.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from outsource.data import sources
from outsource.data.schema import BY_NAME, NAMES, REQUIRED
from outsource.data.sources import Source
from outsource.data.yaml_safe import load_yaml
from outsource.errors import InvalidInput, NotFound, from_validation_error


class FieldSpec(BaseModel):
    """How one canonical column is obtained from the source row.

    Exactly one origin: ``source`` (a column), ``concat`` (columns joined by
    ``sep``), ``value`` (a constant), ``date`` (+ ``time``: a date column and
    one or more time-of-day columns, the first present wins) or ``from``/``to``
    (seconds between two timestamp or time-of-day columns).
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    source: str | None = None
    concat: list[str] | None = None
    sep: str = "-"
    value: str | None = None
    date: str | None = None
    time: list[str] | None = None
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    format: str | None = None
    date_format: str = "%Y-%m-%d"
    time_format: str = "%H:%M:%S"
    timezone: str | None = None
    missing: list[str] = Field(default_factory=list)
    map: dict[str, str] | None = None
    default: str | None = None
    unit: Literal["s", "ms", "min", "h", "hms"] = "s"
    scale: tuple[float, float] | None = None

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"source": data}
        if isinstance(data, dict):
            data = dict(data)
            for key in ("time", "concat", "missing"):
                if isinstance(data.get(key), str):
                    data[key] = [data[key]]
            for key in ("value", "default"):
                if data.get(key) is not None:
                    data[key] = _text(data[key])
            for key in ("map",):
                if isinstance(data.get(key), dict):
                    data[key] = {_text(k): _text(v) for k, v in data[key].items()}
            if "missing" in data:
                data["missing"] = [_text(v) for v in data["missing"] or []]
        return data

    @model_validator(mode="after")
    def _one_origin(self) -> FieldSpec:
        origins = [self.source, self.concat, self.value, self.date, self.from_]
        if sum(o is not None for o in origins) != 1:
            raise ValueError("give exactly one of source, concat, value, date, from/to")
        if (self.from_ is None) != (self.to is None):
            raise ValueError("from and to go together")
        if self.scale is not None and not self.scale[0] < self.scale[1]:
            raise ValueError("scale is [lowest, highest] with lowest < highest")
        for fmt in (self.format, self.time_format):
            if fmt and ("%z" in fmt or "%Z" in fmt) and not fmt.rstrip().endswith(("%z", "%Z")):
                raise ValueError(f"format {fmt!r}: %z or %Z (the value's offset or zone) "
                                 "must come last")
        return self

    def sources(self) -> list[str]:
        """Source columns this field reads."""
        cols = [self.source, self.date, self.from_, self.to]
        return [c for c in cols if c] + list(self.concat or []) + list(self.time or [])


class DropRule(BaseModel):
    """Drop rows whose source columns all equal the given value(s); counted by reason."""

    model_config = ConfigDict(extra="forbid")

    reason: str
    when: dict[str, list[str]]

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("when"), dict):
            when = {}
            for col, vals in data["when"].items():
                vals = vals if isinstance(vals, list) else [vals]
                when[str(col)] = ["" if v is None else _text(v) for v in vals]
            data = {**data, "when": when}
        return data


class DateWindow(BaseModel):
    """Dates a timestamp may take: ``earliest`` (included) to ``latest`` (included, local
    to UTC); anything outside is rejected (a year 0001 or 9999 is a broken export)."""

    model_config = ConfigDict(extra="forbid")

    earliest: date = date(1990, 1, 1)
    latest: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DateWindow:
        if self.latest is not None and self.latest < self.earliest:
            raise ValueError("latest is before earliest")
        return self


#: The US time-zone abbreviations a value may carry, with their fixed UTC offsets [h]
#: (others are refused: IST is India, Ireland and Israel; BST is London and Bangladesh).
US_ABBREVIATIONS: dict[str, float] = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10}


class Mapping(BaseModel):
    """A whole mapping file."""

    model_config = ConfigDict(extra="forbid")

    name: str = "mapping"
    format: Literal["csv", "parquet"] | None = None
    delimiter: str | None = None
    quote: str | None = None
    header: bool = True
    timezone: str = "UTC"
    missing_values: list[str] = Field(default_factory=lambda: [""])
    keep: Literal["first", "last"] = "first"
    nonexistent: Literal["reject", "shift_forward"] = "reject"
    ambiguous: Literal["reject", "earlier", "later"] = "reject"
    dates: DateWindow = Field(default_factory=DateWindow)
    event_at: FieldSpec | None = None
    event_seq: FieldSpec | None = None
    columns: dict[str, FieldSpec]
    drop: list[DropRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Mapping:
        unknown = sorted(set(self.columns) - set(NAMES))
        if unknown:
            raise ValueError(f"unknown canonical column(s) {unknown}; known: {list(NAMES)}")
        missing = [c for c in REQUIRED if c not in self.columns]
        if missing:
            raise ValueError(f"required column(s) {missing} not mapped")
        for name, spec in self.columns.items():
            _check_kind(name, spec)
        for name, spec in (("event_at", self.event_at), ("event_seq", self.event_seq)):
            if spec is not None:
                _check_kind(name, spec)
        for zone in [self.timezone] + [s.timezone for s in self.columns.values() if s.timezone]:
            _check_zone(zone)
        return self

    def extra_fields(self) -> dict[str, FieldSpec]:
        """The non-canonical fields the mapping reads: ``event_at``, ``event_seq``."""
        return {n: s for n, s in (("event_at", self.event_at), ("event_seq", self.event_seq))
                if s is not None}

    def source_columns(self) -> set[str]:
        """Every source column the mapping reads (fields, event keys and drop rules)."""
        specs = [*self.columns.values(), *self.extra_fields().values()]
        cols = {c for spec in specs for c in spec.sources()}
        return cols | {c for rule in self.drop for c in rule.when}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: Kinds of the non-canonical fields a mapping may give.
EXTRA_KINDS = {"event_at": "timestamp", "event_seq": "number"}


def kind_of(name: str) -> str:
    """How a field is parsed: its canonical column's kind, or :data:`EXTRA_KINDS`."""
    return EXTRA_KINDS[name] if name in EXTRA_KINDS else BY_NAME[name].kind


def _check_kind(name: str, spec: FieldSpec) -> None:
    kind = kind_of(name)
    if spec.date is not None and kind != "timestamp":
        raise ValueError(f"columns.{name}: date/time only for timestamp columns")
    if spec.from_ is not None and kind != "seconds":
        raise ValueError(f"columns.{name}: from/to only for duration columns")
    if spec.scale is not None and kind != "number":
        raise ValueError(f"columns.{name}: scale only for scores (csat)")


def _check_zone(zone: str) -> None:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {zone!r}") from exc


def load_mapping(src: Source, name: str | None = None) -> Mapping:
    """Read and validate a YAML mapping file (a path, or the bytes of an upload)."""
    if not sources.is_bytes(src) and not Path(src).exists():
        raise NotFound(f"mapping file {src} does not exist")
    f = sources.load(src, name, what="mapping file")
    data = load_yaml(f.data, f.full)
    if not isinstance(data, dict):
        raise InvalidInput("a mapping file is a YAML mapping with 'columns'", source=f.full)
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc, source=f.full) from exc


def identity_mapping(header: list[str]) -> Mapping:
    """Mapping for a file whose header already uses canonical column names."""
    cols = {h: FieldSpec(source=h) for h in header if h in BY_NAME}
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise InvalidInput(
            f"no mapping given and canonical column(s) {missing} missing from the header; "
            "pass --mapping MAP.yaml",
        )
    return Mapping(name="canonical", columns=cols)
