"""Use case: profile the workload held in the workspace, export a workload file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from outsource.core import profile as core
from outsource.core.hours import check_timezone
from outsource.data import profile_sql, store
from outsource.data.workload import write_rows
from outsource.errors import InvalidInput
from outsource.schemas.ingest import WorkloadProfile


@dataclass(frozen=True)
class ProfileOptions:
    """What to profile and how (``business_hours`` like "Mon-Fri 08:00-20:00 Europe/Paris")."""

    interval: int = 30
    business_hours: str | None = None
    timezone: str | None = None
    percentile: float | None = None
    channel: str | None = None
    long_contact_s: float = 900.0
    min_calls_for_aht: int = 5


def _zone(opts: ProfileOptions, hours: core.BusinessHours | None, known: list[str]) -> str:
    if opts.timezone:
        check_timezone(opts.timezone, "timezone")
        return opts.timezone
    if hours is not None:
        return hours.timezone
    return known[0] if len(known) == 1 else "UTC"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _grids(rows: list[profile_sql.Cell], first, last, opts: ProfileOptions, mean_handle: float):
    day_counts = {(c.day, int(c.slot)): int(c.offered) for c in rows}
    calls = core.volume_grid(day_counts, first, last, opts.interval)
    high = core.volume_grid(day_counts, first, last, opts.interval, opts.percentile or 90.0)
    slots = 1440 // opts.interval
    sums, served = np.zeros((7, slots)), np.zeros((7, slots))
    for c in rows:
        sums[c.day.weekday(), int(c.slot)] += c.handle_s
        served[c.day.weekday(), int(c.slot)] += c.served_with_handle
    aht = core.interval_aht(sums, served, mean_handle, opts.min_calls_for_aht)
    return calls, high, aht


def _km_median(con, channel: str | None) -> float | None:
    rows = profile_sql.waits(con, channel)
    if not rows or not any(e for _, e, _ in rows):
        return None
    t, e, w = (np.array(x) for x in zip(*rows, strict=True))
    return core.km_median(*core.kaplan_meier(t, e, w))


def build_profile(workspace: Path, opts: ProfileOptions) -> WorkloadProfile:
    """Profile the interactions in ``workspace``."""
    if opts.interval not in core.INTERVALS:
        raise InvalidInput(f"interval must be one of {core.INTERVALS}", loc=("interval",))
    if opts.percentile is not None and not 0 < opts.percentile < 100:
        raise InvalidInput("percentile must be between 0 and 100", loc=("percentile",))
    hours = core.parse_business_hours(opts.business_hours) if opts.business_hours else None
    with store.connect(workspace, create=False) as con:
        zone = _zone(opts, hours, store.timezones(con))
        rows = profile_sql.cells(con, zone, opts.interval, opts.channel, opts.long_contact_s)
        tot = profile_sql.totals(rows)
        if tot.offered == 0:
            raise InvalidInput("no offered contacts in the workspace", loc=("workspace",))
        minutes = profile_sql.by_weekday_minute(con, zone, opts.channel) if hours else {}
        mix = profile_sql.channel_mix(con)
        n_known, n_repeat = profile_sql.repeats(con, opts.channel)
        km = _km_median(con, opts.channel)
    mean_handle = float(tot.mean_handle_s) if tot.mean_handle_s is not None else 0.0
    calls, high, aht = _grids(rows, tot.first_day, tot.last_day, opts, mean_handle)
    by_hour = core.hourly(calls, opts.interval)
    n_mix = sum(mix.values())
    return WorkloadProfile(
        interval=opts.interval,
        timezone=zone,
        first_day=tot.first_day.isoformat(),
        last_day=tot.last_day.isoformat(),
        offered=tot.offered,
        answered=tot.answered,
        abandoned=tot.abandoned,
        abandon_rate=tot.abandoned / tot.offered,
        mean_handle_s=tot.mean_handle_s,
        patience_s=core.brown_patience(tot.queued_wait_s, tot.abandoned_with_wait),
        patience_km_median_s=km,
        after_hours_share=core.after_hours_share(minutes, hours) if hours else None,
        long_contact_share=_share(tot.long_contacts, tot.served_with_handle),
        transfer_share=_share(tot.transferred, tot.with_transfer_flag),
        repeat_7d_share=_share(n_repeat, n_known),
        channel_mix={c: n / n_mix for c, n in mix.items()},
        calls_by_hour={core.DAYS[d]: [round(float(x), 4) for x in by_hour[d]] for d in range(7)},
        calls=calls.tolist(),
        aht_s=aht.tolist(),
        planning_percentile=opts.percentile,
        calls_high=high.tolist(),
    )


def export_workload(prof: WorkloadProfile, out: Path, channel: str | None = None) -> int:
    """Write the typical week as a workload CSV; return the number of rows."""
    calls = np.array(prof.calls_high if prof.planning_percentile else prof.calls)
    rows = core.workload_rows(
        calls, np.array(prof.aht_s), prof.interval, prof.timezone, prof.patience_s, channel
    )
    write_rows(out, rows)
    return len(rows)
