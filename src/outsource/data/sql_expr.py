"""Turn a :class:`~outsource.data.mapping.Mapping` into DuckDB SQL expressions.

For every canonical column we build three expressions, evaluated in three
nested projections so that each source value is cleaned and parsed once:

* ``raw``: the input text over the (all VARCHAR) source row, NULL when missing;
* ``value``: the typed value, over ``raw`` (referenced as :func:`raw_name`);
* ``failure``: NULL when the value is acceptable, otherwise a one-line reason,
  over ``raw`` and the typed value (referenced by the canonical name). Reasons
  are built only for the rows that fail.

Rows with a failure go to the rejects table, never silently away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from outsource.data.mapping import FieldSpec, Mapping
from outsource.data.schema import BY_NAME, CHANNELS, DEFAULT_CHANNEL, OUTCOMES

_UNIT_FACTOR = {"s": 1.0, "ms": 0.001, "min": 60.0, "h": 3600.0}
_TRUE = ("true", "t", "1", "yes", "y")
_FALSE = ("false", "f", "0", "no", "n")
_OFFSET_RE = r"\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|[+-]\d\d(:?\d\d)?)$"
_DATE_DIRECTIVES = re.compile(r"%[dmyYjbBaA]")


def ident(name: str) -> str:
    """Quote a column name for SQL."""
    return '"' + name.replace('"', '""') + '"'


def lit(value: str) -> str:
    """Quote a string literal for SQL."""
    return "'" + value.replace("'", "''") + "'"


def raw_name(name: str) -> str:
    """SQL name of the raw-text column of canonical column ``name``."""
    return ident("__raw " + name)


@dataclass(frozen=True)
class ColumnSql:
    """SQL for one canonical column: raw text, typed value and failure reason.

    ``raw`` reads source columns; ``value`` reads :func:`raw_name` (and, for
    ``from``/``to`` durations, source columns); ``failure`` reads the raw
    column and the typed value under the canonical name.
    """

    name: str
    raw: str
    value: str
    failure: str

def _in_list(values: list[str]) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")"


def _text(col: str, nulls: list[str]) -> str:
    """Trimmed text of a source column, NULL for configured null markers."""
    t = f"trim({ident(col)})"
    return f"(CASE WHEN {t} IN {_in_list(nulls or [''])} THEN NULL ELSE {t} END)"


def _raw_text(spec: FieldSpec, nulls: list[str]) -> str:
    """The input text of a field (before typing), NULL when missing."""
    if spec.value is not None:
        return lit(spec.value)
    if spec.concat:
        parts = [_text(c, nulls) for c in spec.concat]
        return f"concat_ws({lit(spec.sep)}, {', '.join(parts)})" if len(parts) > 1 else parts[0]
    if spec.date:
        times = [_text(c, nulls) for c in spec.time or []]
        if not times:
            return _text(spec.date, nulls)
        return f"({_text(spec.date, nulls)} || ' ' || coalesce({', '.join(times)}))"
    return _text(spec.source or "", nulls)


def _mapped(spec: FieldSpec, raw: str) -> str:
    """Apply the field's code map (and default) to its raw text."""
    if not spec.map:
        return raw
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in spec.map.items())
    other = raw
    if spec.default is not None:
        other = f"(CASE WHEN {raw} IS NOT NULL THEN {lit(spec.default)} END)"
    return f"(CASE {raw} {whens} ELSE {other} END)"


def _timestamp(text: str, fmt: str | None, zone: str) -> str:
    """Parse text as an instant; naive values are local to ``zone``."""
    if fmt is None:
        aware = f"TRY_CAST({text} AS TIMESTAMPTZ)"
        naive = f"timezone({lit(zone)}, TRY_CAST({text} AS TIMESTAMP))"
        has_offset = f"regexp_matches({text}, {lit(_OFFSET_RE)})"
        return f"(CASE WHEN {has_offset} THEN {aware} ELSE {naive} END)"
    parsed = f"TRY_STRPTIME({text}, {lit(fmt)})"
    if "%z" in fmt or "%Z" in fmt:
        return parsed
    return f"timezone({lit(zone)}, {parsed})"


def _seconds(text: str, unit: str) -> str:
    if unit == "hms":
        parts = [f"TRY_CAST(split_part({text}, ':', {i}) AS DOUBLE)" for i in (1, 2, 3)]
        ok = f"regexp_matches({text}, '^\\d+:\\d{{1,2}}:\\d{{1,2}}(\\.\\d+)?$')"
        return f"(CASE WHEN {ok} THEN {parts[0]} * 3600 + {parts[1]} * 60 + {parts[2]} END)"
    return f"(TRY_CAST({text} AS DOUBLE) * {_UNIT_FACTOR[unit]})"


def _between(spec: FieldSpec, nulls: list[str], zone: str) -> tuple[str, str]:
    """Seconds from ``spec.from_`` to ``spec.to`` (time-of-day wraps at midnight)."""
    fmt = spec.format or spec.time_format
    a, b = _text(spec.from_ or "", nulls), _text(spec.to or "", nulls)
    diff = f"(epoch(TRY_STRPTIME({b}, {lit(fmt)})) - epoch(TRY_STRPTIME({a}, {lit(fmt)})))"
    if not _DATE_DIRECTIVES.search(fmt):
        diff = f"(CASE WHEN {diff} < 0 THEN {diff} + 86400 ELSE {diff} END)"
    raw = f"(CASE WHEN {a} IS NULL OR {b} IS NULL THEN NULL ELSE {a} || ' -> ' || {b} END)"
    return diff, raw


def _reason(prefix: str, raw: str) -> str:
    return f"({lit(prefix + ' ')} || '''' || left({raw}, 60) || '''')"


def column_sql(name: str, spec: FieldSpec, mapping: Mapping) -> ColumnSql:
    """Raw, value and failure expressions of one canonical column."""
    col = BY_NAME[name]
    nulls = list(mapping.missing_values) + list(spec.missing)
    zone = spec.timezone or mapping.timezone
    r, v = raw_name(name), ident(name)
    if spec.from_ is not None:
        value, raw = _between(spec, nulls, zone)
        fail = f"CASE WHEN {r} IS NOT NULL AND {v} IS NULL THEN {_reason('bad times', r)}"
        fail += f" WHEN {v} < 0 THEN 'negative duration' END"
        return ColumnSql(name, raw, value, fail)
    raw = _mapped(spec, _raw_text(spec, nulls))
    fmt = spec.format
    if spec.date and spec.time:
        fmt = f"{spec.date_format} {spec.time_format}"
    elif spec.date:
        fmt = spec.date_format
    value, check = _typed(col.kind, r, v, fmt, zone, spec.unit)
    missing = f"WHEN {r} IS NULL THEN 'missing value' " if col.required else ""
    return ColumnSql(name, raw, value, f"CASE {missing}{check} END")


def _typed(
    kind: str, r: str, v: str, fmt: str | None, zone: str, unit: str
) -> tuple[str, str]:
    """(value over raw ``r``, 'WHEN ... THEN reason' clauses over ``r`` and value ``v``)."""
    bad = f"WHEN {r} IS NOT NULL AND {v} IS NULL THEN "
    if kind in ("outcome", "channel"):
        allowed = OUTCOMES if kind == "outcome" else CHANNELS
        check = f"WHEN {v} NOT IN {_in_list(list(allowed))} THEN {_reason('unknown ' + kind, r)}"
        return f"lower({r})", check
    if kind == "timestamp":
        what = f"as a timestamp ({fmt})" if fmt else "as an ISO 8601 timestamp"
        reason = _reason("cannot parse", r) + " || " + lit(" " + what)
        return _timestamp(r, fmt, zone), bad + reason
    if kind == "seconds":
        check = bad + _reason("not a duration:", r)
        return _seconds(r, unit), check + f" WHEN {v} < 0 THEN 'negative duration'"
    if kind == "number":
        return f"TRY_CAST({r} AS DOUBLE)", bad + _reason("not a number:", r)
    if kind == "bool":
        low = f"lower({r})"
        value = f"(CASE WHEN {low} IN {_in_list(list(_TRUE))} THEN true "
        value += f"WHEN {low} IN {_in_list(list(_FALSE))} THEN false END)"
        return value, bad + _reason("not true/false:", r)
    return r, "WHEN false THEN NULL"


def vendor_column(mapping: Mapping, vendor: str) -> ColumnSql:
    """The ``vendor`` column of an upload restricted to ``vendor``.

    A row with no vendor gets ``vendor``; a row naming another vendor is
    rejected (a vendor uploads only its own rows, docs/web.md).
    """
    spec = mapping.columns.get("vendor")
    r = raw_name("vendor")
    if spec is None:
        return ColumnSql("vendor", lit(vendor), r, "NULL")
    base = column_sql("vendor", spec, mapping)
    raw = f"coalesce({base.raw}, {lit(vendor)})"
    reason = (f"{_reason('vendor', r)} || {lit(' is not ' + vendor)} || "
              f"{lit(': a vendor uploads only its own rows')}")
    return ColumnSql("vendor", raw, base.value, f"CASE WHEN {r} <> {lit(vendor)} THEN {reason} END")


def select_list(mapping: Mapping, vendor: str | None = None) -> list[ColumnSql]:
    """SQL for every mapped canonical column, plus the channel default.

    With ``vendor``, the ``vendor`` column is forced to it (:func:`vendor_column`).
    """
    out = [column_sql(n, s, mapping) for n, s in mapping.columns.items()
           if vendor is None or n != "vendor"]
    if vendor is not None:
        out.append(vendor_column(mapping, vendor))
    if "channel" not in mapping.columns:
        out.append(ColumnSql("channel", lit(DEFAULT_CHANNEL), raw_name("channel"), "NULL"))
    return out


def drop_case(mapping: Mapping) -> str:
    """CASE giving the reason of the first drop rule a row matches, else NULL."""
    if not mapping.drop:
        return "CAST(NULL AS VARCHAR)"
    whens = []
    for rule in mapping.drop:
        conds = []
        for col, vals in rule.when.items():
            t = f"coalesce(trim({ident(col)}), '')"
            conds.append(f"{t} IN {_in_list(vals)}")
        whens.append(f"WHEN {' AND '.join(conds)} THEN {lit(rule.reason)}")
    return f"(CASE {' '.join(whens)} END)"
