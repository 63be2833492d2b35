"""Regions for ``outsource advise``: which are in or out, and why.

Each rate-card region is tested against the buyer's answers with the region
rules of :mod:`outsource.core.advice_rules` (languages, customers' sensitivity
to offshoring, data rules, time-zone overlap). The time-zone overlap is
computed, not assumed: the buyer's business hours and the region's working
day (``region_day_start_h``-``region_day_end_h`` local time, Monday to Friday,
in the region's representative zone) are laid on one week of 15-minute slots
starting at a fixed reference date (no clock), with the time-zone database
deciding offsets and daylight saving.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from outsource.core.advice_rules import REGION_RULES, RegionData
from outsource.core.hours import HoursOfOperation

SLOT_MIN = 15


@dataclass(frozen=True)
class Overlap:
    """Working time a region shares with the buyer, and buyer's closed time it covers.

    Attributes
    ----------
    hours_per_day : median over the buyer's open days of the hours both are working.
    after_hours_cover_h : hours a week the buyer is closed and the region working.
    """

    hours_per_day: float
    after_hours_cover_h: float


def _week(reference: date) -> list[datetime]:
    monday = reference - timedelta(days=reference.weekday())
    start = datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
    return [start + timedelta(minutes=SLOT_MIN * i) for i in range(7 * 24 * 60 // SLOT_MIN)]


def overlap(hours: HoursOfOperation, zone: str, day_start_h: float, day_end_h: float,
            reference: date) -> Overlap:
    """Overlap of the buyer's ``hours`` with a region's working day in ``zone``.

    Parameters
    ----------
    hours : the buyer's business hours.
    zone : the region's representative IANA time zone.
    day_start_h, day_end_h : the region's working day, local time [h], Monday to Friday.
    reference : any date of the week laid out (fixes daylight-saving offsets).
    """
    moments = _week(reference)
    buyer = hours.is_open(moments)
    tz = ZoneInfo(zone)
    local = [m.astimezone(tz) for m in moments]
    region = np.array([t.weekday() < 5 and day_start_h <= t.hour + t.minute / 60 < day_end_h
                       for t in local])
    buyer_tz = ZoneInfo(hours.tz)
    day = np.array([m.astimezone(buyer_tz).toordinal() for m in moments])
    per_day = [float(np.sum(buyer[day == d] & region[day == d])) * SLOT_MIN / 60
               for d in np.unique(day[buyer])]
    cover = float(np.sum(~buyer & region)) * SLOT_MIN / 60
    return Overlap(float(np.median(per_day)) if per_day else 0.0, cover)


@dataclass(frozen=True)
class RegionAdvice:
    """One region: in or out, why, and under which conditions.

    Attributes
    ----------
    region, name : rate-card id and display name.
    location : ``onshore``, ``nearshore``, ``offshore`` or ``unknown``.
    eligible : whether the region is in.
    fired : rules that fired (``core.advice.Firing``), each with its numbers.
    conditions : what must be shown before a contract (e.g. compliance evidence).
    overlap_hours_per_day, after_hours_cover_h : see :class:`Overlap` (None without hours).
    """

    region: str
    name: str
    location: str
    eligible: bool
    fired: tuple
    conditions: tuple[str, ...]
    overlap_hours_per_day: float | None
    after_hours_cover_h: float | None


def region_facts(data: RegionData, answers, ov: Overlap | None) -> dict[str, object]:
    """The named facts the region rules test, for one region."""
    langs = answers.languages
    return {
        "languages_served": None if langs is None else set(langs) <= set(data.languages),
        "offshore": data.location == "offshore",
        "onshore": data.location == "onshore",
        "offshore_sensitivity": answers.offshore_sensitivity,
        "data_stays_onshore": answers.data_stays_onshore,
        "data_rules_given": bool(answers.data_rules),
        "overlap_hours": None if ov is None else ov.hours_per_day,
    }


def _detail(f, data: RegionData, answers):
    """Add the region's side of the comparison to a firing's evidence."""
    extra = {"language": f"customers need {', '.join(answers.languages or ())}; agents "
                         f"there serve {', '.join(data.languages)}",
             "offshore_sensitive": f"location {data.location}",
             "data_offshore": f"location {data.location}",
             "time_overlap": f"zone {data.zone}",
             "data_evidence": f"data rules: {', '.join(answers.data_rules)}"}.get(f.rule)
    return f if extra is None else replace(f, evidence=(*f.evidence, extra))


def assess_region(rid: str, name: str, data: RegionData | None, ctx) -> RegionAdvice:
    """Apply the region rules to one region; ``ctx`` is the engine's evaluation context."""
    if data is None:
        fired = (ctx.note("region_data", "no location, language or time-zone data for this "
                                         "region (a pricing group, not a place): add it under "
                                         "advice.regions"),)
        return RegionAdvice(rid, name, "unknown", False, fired, (), None, None)
    ov = None
    if ctx.hours is not None:
        ov = overlap(ctx.hours, data.zone, ctx.thresholds["region_day_start_h"],
                     ctx.thresholds["region_day_end_h"], ctx.reference)
    facts = region_facts(data, ctx.answers, ov)
    fired = tuple(f for rule in REGION_RULES
                  if (f := ctx.fire(rule, facts, f"region:{rid}")) is not None)
    fired = tuple(_detail(f, data, ctx.answers) for f in fired)
    out = any(f.effect == "region:out" for f in fired)
    cond = tuple(f"compliance evidence for {', '.join(ctx.answers.data_rules)} from the vendor"
                 for f in fired if f.effect == "region:condition")
    return RegionAdvice(rid, name, data.location, not out, fired, cond,
                        None if ov is None else ov.hours_per_day,
                        None if ov is None else ov.after_hours_cover_h)
