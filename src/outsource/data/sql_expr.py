"""Turn a :class:`~outsource.data.mapping.Mapping` into DuckDB SQL expressions.

For every field (canonical column, or the mapping's ``event_at``/``event_seq``)
we build up to four expressions, evaluated in nested projections so that each
source value is cleaned and parsed once:

* ``raw``: the input text over the (all VARCHAR) source row, NULL when missing;
* ``parts`` (timestamps only): the wall-clock time and the zone text written
  with it, over ``raw``;
* ``value``: the typed value, over ``raw`` and the parts;
* ``failure``: NULL when the value is acceptable, otherwise a one-line reason,
  over the raw text, the parts and the typed value. Reasons are built only for
  the rows that fail.

Row rules across columns (an answer before the arrival, ...) come after the
per-column failures (:func:`row_failures`). Rows with a failure go to the
rejects table, never silently away. The value rules are stated in
``docs/ingest.md`` ("Value rules").

**Timestamps.** An ISO 8601 value may end with ``Z``, an offset (``+05:30``,
``-0500``, ``+05``) or a zone name (an IANA name such as ``America/New_York``,
``UTC``/``GMT``, or one of the US abbreviations of
:data:`~outsource.data.mapping.US_ABBREVIATIONS`); that zone wins and is
checked (offsets beyond +-14:00, minutes over 59 and unknown names are
rejected). Only a value without one is read in the column's or mapping's
``timezone``. A local time the clocks skip (spring forward) or repeat (fall
back) in that zone is rejected unless the mapping says ``nonexistent:
shift_forward`` or ``ambiguous: earlier|later``. Detection: with the zone's
offsets a day before and a day after, the candidate instants ``wall - offset``
are those whose own wall-clock time is the written one: none means the time
does not exist, two that it is ambiguous (the rule of PEP 495, applied in SQL
with DuckDB's ICU time zones). Only days near a transition (found once per
zone and import) take that path; the rest convert with one ICU call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from outsource.data.mapping import US_ABBREVIATIONS, FieldSpec, Mapping, kind_of
from outsource.data.schema import BY_NAME, CHANNELS, DEFAULT_CHANNEL, OUTCOMES

_UNIT_FACTOR = {"s": 1.0, "ms": 0.001, "min": 60.0, "h": 3600.0}
_TRUE = ("true", "t", "1", "yes", "y")
_FALSE = ("false", "f", "0", "no", "n")
_DATE_DIRECTIVES = re.compile(r"%[dmyYjbBaA]")
#: The text of a zone written after a time: Z, an offset, or a name.
_ZONE = r"[Zz]|[+-]\d\d(?::?\d\d)?|[A-Za-z][A-Za-z0-9_/+-]*"
#: An ISO 8601 date, or date and time with an optional zone (the whole value).
ISO_RE = (r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:" + _ZONE + r")?)?")
_US = 1_000_000
_DAY_US = 86_400 * _US
#: Largest UTC offset in use (UTC+14, Line Islands; UTC-12 the other way) [min].
MAX_OFFSET_MIN = 14 * 60


def ident(name: str) -> str:
    """Quote a column name for SQL."""
    return '"' + name.replace('"', '""') + '"'


def lit(value: str) -> str:
    """Quote a string literal for SQL."""
    return "'" + value.replace("'", "''") + "'"


def raw_name(name: str) -> str:
    """SQL name of the raw-text column of field ``name``."""
    return ident("__raw " + name)


def _part(name: str, part: str) -> str:
    return ident(f"__{part} {name}")


@dataclass(frozen=True)
class ZoneInfo:
    """What the SQL needs to know of one time zone over the accepted dates.

    ``fixed_offset_s`` is its UTC offset [s] when it never changes there, else
    ``None`` and ``danger_days`` lists the days (UTC day numbers since
    1970-01-01, of wall-clock times) within a day of a change.
    """

    name: str
    fixed_offset_s: int | None
    danger_days: tuple[int, ...] = ()


@dataclass(frozen=True)
class TimeRules:
    """The import-wide facts timestamp SQL depends on (built by the loader, which asks
    DuckDB: the same ICU data then parses and checks).

    Attributes
    ----------
    earliest, latest : date
        Accepted dates, both included (UTC).
    zones : dict of str to ZoneInfo
        The zones naive values are read in (the mapping's and its columns').
    known : tuple of str
        IANA zone names a value may name.
    """

    earliest: date
    latest: date
    zones: dict[str, ZoneInfo] = field(default_factory=dict)
    known: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnSql:
    """SQL for one field: raw text, parts, typed value and failure reason.

    ``raw`` reads source columns; ``parts`` (unquoted name, expression over raw
    columns) are computed next, then ``parts2`` over those; ``value`` reads
    :func:`raw_name` and the parts (and, for ``from``/``to`` durations, source
    columns); ``failure`` reads the raw column, the parts and the typed value
    under the field's name.
    """

    name: str
    raw: str
    value: str
    failure: str
    parts: tuple[tuple[str, str], ...] = ()
    parts2: tuple[tuple[str, str], ...] = ()


def _in_list(values: list[str]) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")"


def _member(expr: str, values: list[str]) -> str:
    """SQL: ``expr`` is one of ``values``. (DuckDB's ``in_clause`` optimizer would plan a
    long list as a join, which does not keep the file order the stage needs: the loader
    turns it off while staging, see :data:`outsource.data.loader.STAGE_SETTINGS`.)"""
    return f"({expr} IN {_in_list(values)})"


def _text(col: str, nulls: list[str]) -> str:
    """Trimmed text of a source column, NULL for configured null markers."""
    t = f"trim({ident(col)})"
    return f"(CASE WHEN {_member(t, nulls or [''])} THEN NULL ELSE {t} END)"


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


# ---------------------------------------------------------------- timestamps


def _mk(us: str) -> str:
    return f"make_timestamptz({us})"


def _wall_us(zone: str, instant_us: str) -> str:
    """Epoch-as-UTC microseconds of the wall-clock time of an instant in ``zone`` (SQL)."""
    return f"epoch_us(timezone({zone}, {_mk(instant_us)}))"


def _candidates(w: str, zone: str) -> dict[str, str]:
    """SQL for the two candidate instants of wall time ``w`` in ``zone`` and their checks."""
    us = f"epoch_us({w})"
    off_a = f"({_wall_us(zone, f'({us} - {_DAY_US})')} - ({us} - {_DAY_US}))"
    off_b = f"({_wall_us(zone, f'({us} + {_DAY_US})')} - ({us} + {_DAY_US}))"
    c_a, c_b = f"({us} - {off_a})", f"({us} - {off_b})"
    return {"same": f"({off_a} = {off_b})", "a": c_a, "b": c_b,
            "va": f"({_wall_us(zone, c_a)} = {us})", "vb": f"({_wall_us(zone, c_b)} = {us})"}


def _resolve(w: str, zone: str, mapping: Mapping) -> str:
    """The instant of wall time ``w`` in ``zone``, by the mapping's rules (NULL: reject)."""
    c = _candidates(w, zone)
    both = {"earlier": _mk(f"least({c['a']}, {c['b']})"),
            "later": _mk(f"greatest({c['a']}, {c['b']})"), "reject": "NULL"}[mapping.ambiguous]
    gap = _mk(c["a"]) if mapping.nonexistent == "shift_forward" else "NULL"
    return (f"(CASE WHEN {c['same']} THEN {_mk(c['a'])} WHEN {c['va']} AND {c['vb']} THEN "
            f"{both} WHEN {c['va']} THEN {_mk(c['a'])} WHEN {c['vb']} THEN {_mk(c['b'])} "
            f"ELSE {gap} END)")


def _local(w: str, zone: str, mapping: Mapping, rules: TimeRules) -> str:
    """The instant of naive wall time ``w`` read in the constant zone ``zone``."""
    info = rules.zones.get(zone)
    if info is not None and info.fixed_offset_s is not None:
        return _mk(f"epoch_us({w}) - {info.fixed_offset_s * _US}")
    days = info.danger_days if info is not None else ()
    fast = f"timezone({lit(zone)}, {w})"
    if info is not None and not days:
        return fast
    near = (f"(epoch_us({w}) // {_DAY_US}) IN ({', '.join(str(d) for d in days)})" if days
            else "true")
    return f"(CASE WHEN {near} THEN {_resolve(w, lit(zone), mapping)} ELSE {fast} END)"


def _dst_problem(w: str, zone: str) -> str:
    """'skip' or 'repeat' for a wall time the clocks skip or repeat in ``zone``, else NULL."""
    c = _candidates(w, zone)
    return (f"(CASE WHEN NOT {c['same']} AND NOT {c['va']} AND NOT {c['vb']} THEN 'skip' "
            f"WHEN NOT {c['same']} AND {c['va']} AND {c['vb']} THEN 'repeat' END)")


def _offset_parts(z: str) -> tuple[str, str, str]:
    """(ok, offset [us], minutes) SQL of an offset text ``z`` (``+05``, ``-0530``, ``+05:30``)."""
    hh = f"TRY_CAST(substr({z}, 2, 2) AS BIGINT)"
    mm = f"(CASE WHEN length({z}) > 3 THEN TRY_CAST(right({z}, 2) AS BIGINT) ELSE 0 END)"
    minutes = f"({hh} * 60 + {mm})"
    ok = f"({mm} < 60 AND {minutes} <= {MAX_OFFSET_MIN})"
    sign = f"(CASE WHEN left({z}, 1) = '-' THEN -1 ELSE 1 END)"
    return ok, f"({sign} * {minutes} * {60 * _US})", minutes


def _us_offsets(z: str) -> str:
    whens = " ".join(f"WHEN {lit(k)} THEN {int(v * 3600 * _US)}"
                     for k, v in US_ABBREVIATIONS.items())
    return f"(CASE {z} {whens} END)"


_UTC_NAMES = ("Z", "z", "UTC", "GMT")


def _zone_value(w: str, z: str, q: str, local: str, mapping: Mapping) -> str:
    """The instant of wall time ``w`` with written zone ``z`` ('' = none: ``local``);
    ``q`` is ``z`` when it is a known IANA name, else NULL."""
    ok, off_us, _ = _offset_parts(z)
    return (f"(CASE WHEN {w} IS NULL THEN NULL WHEN {z} = '' THEN {local} "
            f"WHEN {_member(z, list(_UTC_NAMES))} THEN {_mk(f'epoch_us({w})')} "
            f"WHEN left({z}, 1) IN ('+', '-') THEN (CASE WHEN {ok} THEN "
            f"{_mk(f'epoch_us({w}) - {off_us}')} END) "
            f"WHEN {_member(z, list(US_ABBREVIATIONS))} THEN "
            f"{_mk(f'epoch_us({w}) - {_us_offsets(z)}')} "
            f"WHEN {q} IS NOT NULL THEN {_resolve(w, q, mapping)} END)")


def _when_text(col: str) -> str:
    return f"strftime({col}, '%Y-%m-%dT%H:%M:%SZ')"


def _timestamp(name: str, r: str, fmt: str | None, zone: str, mapping: Mapping,
               rules: TimeRules, required: bool) -> ColumnSql:
    """Parts, value and failure of a timestamp field (see the module docstring)."""
    w, z, q, v = _part(name, "w"), _part(name, "z"), _part(name, "q"), ident(name)
    zone_at_end = fmt is not None and fmt.rstrip().endswith(("%z", "%Z"))
    if fmt is None:
        wall = (f"(CASE WHEN regexp_full_match({r}, {lit(ISO_RE)}) THEN "
                f"TRY_CAST({r} AS TIMESTAMP) END)")
        last = f"right({r}, 1)"
        zone_text = (f"(CASE WHEN {r} IS NULL THEN NULL WHEN {last} IN ('Z', 'z') THEN 'Z' "
                     f"WHEN {last} BETWEEN '0' AND '9' AND NOT (strpos({r}, ':') > 0 AND "
                     f"regexp_matches(substr({r}, strpos({r}, ':')), '[+-]')) THEN '' "
                     f"ELSE regexp_extract({r}, {lit('(' + _ZONE + ')$')}, 1) END)")
        what = "an ISO 8601 timestamp"
    elif zone_at_end:
        local_fmt = fmt.rstrip()[:-2].rstrip()
        tail = r"\s*(" + _ZONE + r")$"
        wall = f"TRY_STRPTIME(regexp_replace({r}, {lit(tail)}, ''), {lit(local_fmt)})"
        zone_text = f"regexp_extract({r}, {lit(tail)}, 1)"
        what = f"a timestamp ({fmt})"
    else:
        wall = f"TRY_STRPTIME({r}, {lit(fmt)})"
        zone_text = "''"
        what = f"a timestamp ({fmt})"
    local = _local(w, zone, mapping, rules)
    value = _zone_value(w, z, q, local, mapping)
    known = (f"(CASE WHEN strpos({z}, '/') > 0 AND {_member(z, list(rules.known))} "
             f"THEN {z} END)")
    ok, _, _ = _offset_parts(z)
    quoted = f"'''' || left({r}, 60) || ''''"
    lo = f"TIMESTAMPTZ '{rules.earliest.isoformat()} 00:00:00+00'"
    hi = f"(TIMESTAMPTZ '{rules.latest.isoformat()} 00:00:00+00' + INTERVAL 1 DAY)"
    problem = _dst_problem(w, f"coalesce({q}, {lit(zone)})")
    zone_named = f"(CASE WHEN {z} = '' THEN {lit(zone)} ELSE {z} END)"
    window = (f" is outside the accepted dates {rules.earliest.isoformat()} to "
              f"{rules.latest.isoformat()} (dates: earliest, latest in the mapping)")
    fail = "CASE "
    if required:
        fail += f"WHEN {r} IS NULL THEN 'missing value' "
    fail += (f"WHEN {r} IS NOT NULL AND {w} IS NULL THEN 'cannot parse ' || {quoted} || "
             f"{lit(' as ' + what)} ")
    if zone_at_end:
        fail += (f"WHEN {r} IS NOT NULL AND {z} = '' THEN 'no UTC offset or zone at the end "
                 f"of ' || {quoted} || {lit(' (the format ends with %z/%Z)')} ")
    fail += (f"WHEN {r} IS NOT NULL AND left({z}, 1) IN ('+', '-') AND NOT {ok} THEN "
             f"'UTC offset ' || {z} || ' in ' || {quoted} || ' is not one in use (-14:00 to "
             "+14:00, minutes below 60)' "
             f"WHEN {r} IS NOT NULL AND {v} IS NULL AND {z} <> '' AND {q} IS NULL AND NOT "
             f"{_member(z, list(_UTC_NAMES) + list(US_ABBREVIATIONS))} THEN "
             f"'unknown time zone ' || '''' || {z} || '''' || ' in ' || {quoted} || "
             "' (write an offset such as -05:00, Z, or an IANA name such as "
             "America/New_York)' "
             f"WHEN {r} IS NOT NULL AND {v} IS NULL AND {problem} = 'skip' THEN "
             f"{quoted} || ' does not exist in ' || {zone_named} || ' (the clocks skip that "
             "time); the mapping''s nonexistent: shift_forward would read it with the offset "
             "before the change' "
             f"WHEN {r} IS NOT NULL AND {v} IS NULL AND {problem} = 'repeat' THEN "
             f"{quoted} || ' happens twice in ' || {zone_named} || ' (the clocks go back); "
             "say which in the mapping: ambiguous: earlier or later' "
             f"WHEN {r} IS NOT NULL AND {v} IS NULL THEN 'cannot parse ' || {quoted} || "
             f"{lit(' as ' + what)} "
             f"WHEN {v} < {lo} OR {v} >= {hi} THEN {_when_text(v)} || {lit(window)} END")
    return ColumnSql(name, "", value, fail, ((w[1:-1], wall), (z[1:-1], zone_text)),
                     ((q[1:-1], known),))


# ---------------------------------------------------------------- other kinds


def _seconds(text: str, unit: str) -> str:
    if unit == "hms":
        parts = [f"TRY_CAST(split_part({text}, ':', {i}) AS DOUBLE)" for i in (1, 2, 3)]
        ok = f"regexp_matches({text}, '^\\d+:\\d{{1,2}}:\\d{{1,2}}(\\.\\d+)?$')"
        return f"(CASE WHEN {ok} THEN {parts[0]} * 3600 + {parts[1]} * 60 + {parts[2]} END)"
    return f"(TRY_CAST({text} AS DOUBLE) * {_UNIT_FACTOR[unit]})"


def _between(spec: FieldSpec, nulls: list[str]) -> tuple[str, str]:
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


#: The scale a CSAT score is on when the mapping declares none (1 to 5, the usual survey).
DEFAULT_CSAT_SCALE = (1.0, 5.0)


def column_sql(name: str, spec: FieldSpec, mapping: Mapping,
               rules: TimeRules | None = None) -> ColumnSql:
    """Raw, parts, value and failure expressions of one field."""
    rules = rules or default_rules(mapping)
    kind = kind_of(name)
    required = name in BY_NAME and BY_NAME[name].required
    nulls = list(mapping.missing_values) + list(spec.missing)
    zone = spec.timezone or mapping.timezone
    r, v = raw_name(name), ident(name)
    if spec.from_ is not None:
        value, raw = _between(spec, nulls)
        fail = f"CASE WHEN {r} IS NOT NULL AND {v} IS NULL THEN {_reason('bad times', r)}"
        fail += f" WHEN {v} < 0 THEN 'negative duration' END"
        return ColumnSql(name, raw, value, fail)
    raw = _mapped(spec, _raw_text(spec, nulls))
    fmt = spec.format
    if spec.date and spec.time:
        fmt = f"{spec.date_format} {spec.time_format}"
    elif spec.date:
        fmt = spec.date_format
    if kind == "timestamp":
        t = _timestamp(name, r, fmt, zone, mapping, rules, required)
        return ColumnSql(name, raw, t.value, t.failure, t.parts, t.parts2)
    value, check = _typed(name, kind, r, v, spec)
    missing = f"WHEN {r} IS NULL THEN 'missing value' " if required else ""
    return ColumnSql(name, raw, value, f"CASE {missing}{check} END")


def _typed(name: str, kind: str, r: str, v: str, spec: FieldSpec) -> tuple[str, str]:
    """(value over raw ``r``, 'WHEN ... THEN reason' clauses over ``r`` and value ``v``)."""
    bad = f"WHEN {r} IS NOT NULL AND {v} IS NULL THEN "
    if kind in ("outcome", "channel"):
        allowed = OUTCOMES if kind == "outcome" else CHANNELS
        check = f"WHEN NOT {_member(v, list(allowed))} THEN {_reason('unknown ' + kind, r)}"
        return f"lower({r})", check
    if kind == "seconds":
        check = bad + _reason("not a duration:", r)
        check += f" WHEN NOT isfinite({v}) THEN {_reason('not a finite duration:', r)}"
        return _seconds(r, spec.unit), check + f" WHEN {v} < 0 THEN 'negative duration'"
    if kind == "number":
        check = bad + _reason("not a number:", r)
        check += f" WHEN NOT isfinite({v}) THEN {_reason('not a finite number:', r)}"
        if name == "csat":
            lo, hi = spec.scale or DEFAULT_CSAT_SCALE
            why = (f" is outside the scale {lo:g} to {hi:g} (scale: [low, high] on the csat "
                   "column)")
            check += f" WHEN {v} < {lo!r} OR {v} > {hi!r} THEN {_reason('score', r)} || {lit(why)}"
        return f"TRY_CAST({r} AS DOUBLE)", check
    if kind == "bool":
        low = f"lower({r})"
        value = f"(CASE WHEN {_member(low, list(_TRUE))} THEN true "
        value += f"WHEN {_member(low, list(_FALSE))} THEN false END)"
        return value, bad + _reason("not true/false:", r)
    return r, "WHEN false THEN NULL"


def default_rules(mapping: Mapping, today: date | None = None) -> TimeRules:
    """Rules without the zone facts DuckDB gives (every naive zone takes the careful path)."""
    from datetime import timedelta

    today = today or date.today()
    latest = mapping.dates.latest or today + timedelta(days=1)
    return TimeRules(mapping.dates.earliest, latest)


def vendor_column(mapping: Mapping, vendor: str, rules: TimeRules | None = None) -> ColumnSql:
    """The ``vendor`` column of an upload restricted to ``vendor``.

    A row with no vendor gets ``vendor``; a row naming another vendor is
    rejected (a vendor uploads only its own rows, docs/web.md).
    """
    spec = mapping.columns.get("vendor")
    r = raw_name("vendor")
    if spec is None:
        return ColumnSql("vendor", lit(vendor), r, "NULL")
    base = column_sql("vendor", spec, mapping, rules)
    raw = f"coalesce({base.raw}, {lit(vendor)})"
    reason = (f"{_reason('vendor', r)} || {lit(' is not ' + vendor)} || "
              f"{lit(': a vendor uploads only its own rows')}")
    return ColumnSql("vendor", raw, base.value,
                     f"CASE WHEN {r} <> {lit(vendor)} THEN {reason} END")


def select_list(mapping: Mapping, vendor: str | None = None,
                rules: TimeRules | None = None) -> list[ColumnSql]:
    """SQL for every mapped field (canonical columns, then ``event_at``/``event_seq``),
    plus the channel default.

    With ``vendor``, the ``vendor`` column is forced to it (:func:`vendor_column`).
    """
    rules = rules or default_rules(mapping)
    out = [column_sql(n, s, mapping, rules) for n, s in mapping.columns.items()
           if vendor is None or n != "vendor"]
    if vendor is not None:
        out.append(vendor_column(mapping, vendor, rules))
    if "channel" not in mapping.columns:
        out.append(ColumnSql("channel", lit(DEFAULT_CHANNEL), raw_name("channel"), "NULL"))
    out += [column_sql(n, s, mapping, rules) for n, s in mapping.extra_fields().items()]
    return out


#: Times that may not come before the arrival: (column, what it is).
_AFTER_ARRIVAL = (("answered_at", "answered"), ("first_response_at", "first responded to"),
                  ("resolved_at", "resolved"))


def row_failures(mapping: Mapping) -> list[tuple[str, str]]:
    """(column, reason SQL) of the rules across columns, over the typed values."""
    present = set(mapping.columns)
    out = []
    if "arrived_at" in present:
        for col, what in _AFTER_ARRIVAL:
            if col in present:
                a, t = ident("arrived_at"), ident(col)
                why = f": a contact cannot be {what} before it arrives"
                out.append((col, f"CASE WHEN {t} < {a} THEN {lit(col + ' ')} || "
                                 f"{_when_text(t)} || {lit(' is before arrived_at ')} || "
                                 f"{_when_text(a)} || {lit(why)} END"))
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
            conds.append(_member(t, vals))
        whens.append(f"WHEN {' AND '.join(conds)} THEN {lit(rule.reason)}")
    return f"(CASE {' '.join(whens)} END)"
