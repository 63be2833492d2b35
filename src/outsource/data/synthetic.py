"""Synthetic canonical interactions for several vendors over months, vectorised.

Used by the monitoring benchmark and the demo. Every draw comes from the
``numpy.random.Generator`` passed in (no global RNG), whole arrays at a time;
ids are built by Arrow string kernels, so 10 million rows take seconds.

The model, per vendor and month ``m`` (0 for the first month):

* **Arrivals** of voice and chat fall on open days and hours of the buyer's
  hours of operation (local time, Beta(2, 2) within each window so the
  middle of the day is busiest); e-mail arrives around the clock. Local times
  become UTC instants with the zone's offset of each day.
* **Queue.** Wait ~ Exponential(mean ``mean_wait_s x (1 + wait_drift)^m``),
  patience ~ Exponential(``patience_s``); a contact whose patience runs out
  first abandons at its patience (the M/M/n+M picture of Garnett, Mandelbaum
  and Reiman 2002, without the queue's dependence between callers). A share
  ``blocked_share`` is refused. Raising ``wait_drift`` makes service levels
  fall month after month.
* **Handle time** ~ lognormal with mean ``aht_s x (1 + aht_change)^m`` and
  coefficient of variation ``aht_cv``; a share ``near_zero_handle_share`` of
  answered contacts lasts 1-5 s (agent hang-ups).
* **Repeats.** Each answered contact is followed, with probability
  ``repeat_share + repeat_change x m``, by another contact of the same
  customer after an exponential gap (mean ``repeat_gap_days``), itself
  possibly repeated (two generations). Handle-time gaming is a falling AHT
  (``aht_change < 0``) with rising repeats and transfers.
* **Threshold drops.** A share ``threshold_drop_share`` of the contacts that
  would wait past T is disconnected just before it (wait in [T - 4, T) s).
* **E-mail** first response after a lognormal clock delay (median
  ``email_response_h``), resolution a lognormal delay after that.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from outsource.core.hours import HoursOfOperation
from outsource.data.schema import COLUMNS

NORTHWIND_HOURS = "Mon-Fri 08:00-20:00; Sat 09:00-17:00 America/New_York"
_US = 1_000_000


@dataclass(frozen=True)
class VendorProfile:
    """How one vendor's synthetic log behaves; ``*_change`` and ``*_drift`` are per month.

    Attributes
    ----------
    name : vendor key.
    contacts_per_month : contacts of the first month [contacts] (follow-ups included, about).
    channel_mix : share of contacts per channel.
    queues : queue names, drawn with ``queue_mix`` (uniform when empty).
    mean_wait_s : mean queue wait of the first month [s].
    wait_drift : relative growth of the mean wait per month (0.15 = +15 %/month).
    patience_s : mean patience [s].
    aht_s : mean handle time of the first month [s]; chat x1.5.
    aht_cv : coefficient of variation of handle time.
    aht_change : relative change of mean handle time per month (-0.06 = -6 %/month).
    repeat_share : probability an answered contact is followed by a repeat, first month.
    repeat_change : change of that probability per month (absolute).
    repeat_gap_days : mean gap before a repeat [days].
    transfer_share, transfer_change : transfer probability of answered contacts, its change.
    near_zero_handle_share : answered contacts lasting 1-5 s.
    threshold_drop_share : contacts waiting past T dropped just before it.
    answer_within_s : the threshold T used for drops [s].
    blocked_share : contacts refused.
    csat_share : answered contacts with a satisfaction score (1-5).
    logs_resolved : whether the log carries a resolved flag.
    agents : agents in the vendor's pool (agent ids).
    email_response_h : median first-response delay of e-mail [h].
    """

    name: str
    contacts_per_month: int = 20_000
    channel_mix: dict[str, float] = field(
        default_factory=lambda: {"voice": 0.7, "chat": 0.2, "email": 0.1})
    queues: tuple[str, ...] = ("orders", "returns", "billing")
    queue_mix: tuple[float, ...] = (0.5, 0.3, 0.2)
    mean_wait_s: float = 10.0
    wait_drift: float = 0.0
    patience_s: float = 150.0
    aht_s: float = 360.0
    aht_cv: float = 0.6
    aht_change: float = 0.0
    repeat_share: float = 0.10
    repeat_change: float = 0.0
    repeat_gap_days: float = 1.5
    transfer_share: float = 0.06
    transfer_change: float = 0.0
    near_zero_handle_share: float = 0.0
    threshold_drop_share: float = 0.0
    answer_within_s: float = 20.0
    blocked_share: float = 0.002
    csat_share: float = 0.2
    logs_resolved: bool = False
    agents: int = 60
    email_response_h: float = 6.0


#: The demo's vendors (TEAM.md): steady, drifting out of SLA, gaming handle time.
DEMO_VENDORS: tuple[VendorProfile, ...] = (
    VendorProfile("acme-manila", contacts_per_month=24_000, mean_wait_s=9.0, aht_s=420.0,
                  aht_change=-0.07, repeat_share=0.09, repeat_change=0.035,
                  transfer_share=0.05, transfer_change=0.015, near_zero_handle_share=0.03,
                  threshold_drop_share=0.25),
    VendorProfile("andes-bogota", contacts_per_month=18_000, mean_wait_s=8.0, wait_drift=0.22,
                  aht_s=390.0, repeat_share=0.10),
    VendorProfile("prairie-ohio", contacts_per_month=12_000, mean_wait_s=7.0, aht_s=360.0,
                  repeat_share=0.07, logs_resolved=True, csat_share=0.3),
)


def _month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return [first + timedelta(days=k) for k in range((nxt - first).days)]


def _midnights_us(days: list[date], zone: ZoneInfo) -> np.ndarray:
    return np.array([int(datetime(d.year, d.month, d.day, tzinfo=zone).timestamp()) * _US
                     for d in days], dtype=np.int64)


def _arrivals(rng: np.random.Generator, n: int, days: list[date], hours: HoursOfOperation,
              around_the_clock: bool) -> np.ndarray:
    """UTC arrival instants [us] of ``n`` contacts over ``days`` (local hours)."""
    zone = ZoneInfo(hours.tz)
    midnight = _midnights_us(days, zone)
    if around_the_clock:
        day = rng.integers(0, len(days), n)
        sec = rng.random(n) * 86_400.0
        return midnight[day] + (sec * _US).astype(np.int64)
    windows = [(j, s, e) for j, d in enumerate(days) for s, e in hours.days[d.weekday()]]
    if not windows:
        windows = [(j, 0.0, 24.0) for j in range(len(days))]
    w_day = np.array([w[0] for w in windows])
    w_start = np.array([w[1] for w in windows])
    w_len = np.array([w[2] - w[1] for w in windows])
    pick = rng.choice(len(windows), size=n, p=w_len / w_len.sum())
    hour = w_start[pick] + rng.beta(2.0, 2.0, n) * w_len[pick]
    # wall-clock hour -> instant: offset of that day's midnight (DST days are off by <= 1 h)
    return midnight[w_day[pick]] + (hour * 3600.0 * _US).astype(np.int64)


def _lognormal(rng: np.random.Generator, mean: float, cv: float, n: int) -> np.ndarray:
    sigma2 = np.log1p(cv * cv)
    return rng.lognormal(np.log(mean) - sigma2 / 2.0, np.sqrt(sigma2), n)


def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(pa.scalar(prefix), pc.cast(pa.array(numbers), pa.string()),
                                       "")


def _contacts(rng: np.random.Generator, p: VendorProfile, m: int, arrived: np.ndarray,
              channel: np.ndarray) -> dict[str, np.ndarray]:
    """Outcome, wait, handle, transfer and e-mail times of contacts of month ``m``."""
    n = arrived.size
    is_email = channel == "email"
    wait = rng.exponential(p.mean_wait_s * (1.0 + p.wait_drift) ** m, n)
    patience = rng.exponential(p.patience_s, n)
    abandoned = patience < wait
    wait = np.where(abandoned, patience, wait)
    t = p.answer_within_s
    drop = (~abandoned) & (wait > t) & (rng.random(n) < p.threshold_drop_share)
    wait = np.where(drop, t - 4.0 + 4.0 * rng.random(n) - 1e-3, wait)
    abandoned |= drop
    blocked = rng.random(n) < p.blocked_share
    outcome = np.where(blocked, "blocked", np.where(abandoned, "abandoned", "answered"))
    outcome = np.where(is_email, "answered", outcome)
    answered = outcome == "answered"
    aht = p.aht_s * (1.0 + p.aht_change) ** m
    handle = _lognormal(rng, aht, p.aht_cv, n) * np.where(channel == "chat", 1.5, 1.0)
    tiny = answered & (rng.random(n) < p.near_zero_handle_share) & ~is_email
    handle = np.where(tiny, 1.0 + 4.0 * rng.random(n), handle)
    transfer_p = max(0.0, p.transfer_share + p.transfer_change * m)
    transferred = answered & (rng.random(n) < transfer_p)
    first = arrived + (_lognormal(rng, p.email_response_h * 1.3, 0.8, n) * 3600 * _US
                       ).astype(np.int64)
    resolved = first + (_lognormal(rng, 20.0, 0.9, n) * 3600 * _US).astype(np.int64)
    csat = np.where(answered & (rng.random(n) < p.csat_share),
                    np.clip(np.round(rng.normal(4.2 - wait / 300.0, 0.9)), 1, 5), np.nan)
    return {"outcome": outcome, "wait": np.where(is_email | blocked, np.nan, wait),
            "handle": np.where(answered, handle, np.nan), "transferred": transferred,
            "first": np.where(is_email, first, -1), "resolved_at": np.where(is_email, resolved, -1),
            "csat": csat, "answered": answered}


def vendor_month(rng: np.random.Generator, p: VendorProfile, year: int, month: int, m: int,
                 hours: HoursOfOperation, id_offset: int = 0, scale: float = 1.0) -> pa.Table:
    """One vendor's contacts arriving in one month (and their follow-ups) as Arrow."""
    days = _month_days(year, month)
    repeat_p = float(np.clip(p.repeat_share + p.repeat_change * m, 0.0, 0.95))
    target = max(1, round(p.contacts_per_month * scale))
    n0 = max(1, round(target / (1.0 + repeat_p + repeat_p ** 2)))
    names = np.array(list(p.channel_mix))
    shares = np.array([p.channel_mix[c] for c in names], dtype=float)
    channel = names[rng.choice(names.size, size=n0, p=shares / shares.sum())]
    arrived = np.empty(n0, dtype=np.int64)
    email = channel == "email"
    arrived[email] = _arrivals(rng, int(email.sum()), days, hours, True)
    arrived[~email] = _arrivals(rng, int((~email).sum()), days, hours, False)
    customer = np.arange(n0, dtype=np.int64) + id_offset
    parts = [(arrived, channel, customer)]
    gen = _contacts(rng, p, m, arrived, channel)
    outs = [gen]
    for _ in range(2):  # two generations of repeat contacts
        a, c, k = parts[-1]
        follow = outs[-1]["answered"] & (rng.random(a.size) < repeat_p)
        gap = (rng.exponential(p.repeat_gap_days, int(follow.sum())) * 86_400 * _US)
        a2 = a[follow] + gap.astype(np.int64) + _US
        c2 = np.where(rng.random(a2.size) < 0.8, c[follow], "voice")
        parts.append((a2, c2, k[follow]))
        outs.append(_contacts(rng, p, m, a2, c2))
    arrived = np.concatenate([x[0] for x in parts])
    channel = np.concatenate([x[1] for x in parts])
    customer = np.concatenate([x[2] for x in parts])
    cols = {key: np.concatenate([o[key] for o in outs]) for key in outs[0]}
    n = arrived.size
    if p.queues:
        qmix = np.array(p.queue_mix or [1.0] * len(p.queues), dtype=float)
        queue = np.array(p.queues)[rng.choice(len(p.queues), size=n, p=qmix / qmix.sum())]
    else:
        queue = np.full(n, None)
    ts = pa.timestamp("us", tz="UTC")
    answered = cols["outcome"] == "answered"
    wait_us = np.nan_to_num(cols["wait"], nan=0.0) * _US
    answered_at = np.where(answered & ~np.isnan(cols["wait"]), arrived + wait_us.astype(np.int64),
                           -1)
    if p.logs_resolved:
        # the vendor's own flag: right for most contacts, optimistic for some
        resolved_flag = pa.array(np.where(answered, rng.random(n) < 1.0 - repeat_p * 0.8, False),
                                 mask=~answered)
    else:
        resolved_flag = pa.nulls(n, pa.bool_())
    agent = rng.integers(0, p.agents, n)
    month_id = f"{p.name}-{year:04d}{month:02d}-"
    table = {
        "id": _ids(month_id, np.arange(n)),
        "channel": pa.array(channel, pa.string()),
        "queue": pa.array(queue, pa.string()),
        "vendor": pa.array(np.full(n, p.name), pa.string()),
        "arrived_at": pa.array(arrived, pa.int64()).cast(ts),
        "answered_at": pa.array(answered_at, pa.int64(), mask=answered_at < 0).cast(ts),
        "wait_s": pa.array(cols["wait"], pa.float64(), from_pandas=True),
        "handle_s": pa.array(cols["handle"], pa.float64(), from_pandas=True),
        "outcome": pa.array(cols["outcome"], pa.string()),
        "customer_id": _ids("k", customer),
        "agent_id": pc.if_else(pa.array(answered), _ids(f"{p.name}-a", agent),
                               pa.scalar(None, pa.string())),
        "transferred": pa.array(cols["transferred"], pa.bool_(), mask=~answered),
        "resolved": resolved_flag,
        "csat": pa.array(cols["csat"], pa.float64(), from_pandas=True),
        "first_response_at": pa.array(cols["first"], pa.int64(), mask=cols["first"] < 0).cast(ts),
        "resolved_at": pa.array(cols["resolved_at"], pa.int64(),
                                mask=cols["resolved_at"] < 0).cast(ts),
    }
    return pa.table({c.name: table[c.name] for c in COLUMNS})


def months_from(start: str, months: int) -> list[tuple[int, int]]:
    """``months`` consecutive (year, month) pairs from ``start`` (``YYYY-MM``)."""
    y, m = (int(x) for x in start.split("-"))
    out = []
    for _ in range(months):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def generate(rng: np.random.Generator, vendors: tuple[VendorProfile, ...] = DEMO_VENDORS,
             start: str = "2026-05", months: int = 6, hours: str = NORTHWIND_HOURS,
             total: int | None = None) -> Iterator[pa.Table]:
    """Vendor-month chunks of synthetic interactions (Arrow tables, canonical columns).

    Parameters
    ----------
    rng : numpy.random.Generator
        The only source of randomness.
    vendors : profiles of the vendors.
    start : first month, ``YYYY-MM``.
    months : number of months.
    hours : hours of operation of voice and chat (e-mail arrives around the clock).
        Follow-ups arriving after the last month are left out (the log ends there).
    total : scale every vendor's volume so the whole log has about this many contacts.
    """
    opening = HoursOfOperation.parse(hours)
    span = months_from(start, months + 1)
    y_end, m_end = span[-1]
    end_us = int(datetime(y_end, m_end, 1, tzinfo=ZoneInfo(opening.tz)).timestamp()) * _US
    scale = 1.0
    if total is not None:
        scale = total / (months * sum(p.contacts_per_month for p in vendors))
    offset = 0
    for m, (year, month) in enumerate(months_from(start, months)):
        for p in vendors:
            chunk = vendor_month(rng, p, year, month, m, opening, offset, scale)
            offset += chunk.num_rows
            # the log ends with its last month: later follow-ups are not in it
            late = pc.greater_equal(chunk["arrived_at"].cast(pa.int64()), end_us)
            yield chunk.filter(pc.invert(late)) if pc.any(late).as_py() else chunk


def with_volume(vendors: tuple[VendorProfile, ...], contacts_per_month: int
                ) -> tuple[VendorProfile, ...]:
    """The same profiles, each with ``contacts_per_month``."""
    return tuple(replace(p, contacts_per_month=contacts_per_month) for p in vendors)


def store(workspace: Path, chunks: Iterator[pa.Table], label: str,
          progress: Callable[[int], None] | None = None) -> int:
    """Store synthetic chunks as the workspace's ``interactions``; return the rows added.

    Written through the store's one writer (:func:`outsource.data.store.writer`):
    each chunk becomes a Parquet segment, all committed at once with an
    ``imports`` row under ``label`` (file ``synthetic:LABEL``), so storing the
    same label again adds nothing (idempotent, like a re-import) and a failure
    leaves nothing half-written.
    """
    from outsource.data import store as ws_store

    digest = hashlib.sha256(f"synthetic:{label}".encode()).hexdigest()
    names = ", ".join(c.name for c in COLUMNS)
    events = ", ".join(f"CAST(NULL AS {t}) AS {n}" for n, t in ws_store.EVENT_COLUMNS)
    with ws_store.writer(workspace) as w:
        if w.find_import(digest) is not None:
            return 0
        import_id = w.next_import_id()
        total = 0
        for chunk in chunks:
            w.con.register("__synthetic_chunk", chunk)
            try:
                n, rel = w.copy_to(f"SELECT {names}, CAST({import_id} AS INTEGER) AS import_id, "
                                   f"{events} FROM __synthetic_chunk", "segments", import_id)
            finally:
                w.con.unregister("__synthetic_chunk")
            if rel is not None:
                w.add_segment(rel, n, import_id)
            total += chunk.num_rows
            if progress is not None:
                progress(chunk.num_rows)
        w.add_import(ws_store.ImportRecord(import_id, f"synthetic:{label}", digest, total, total,
                                           0, 0, 0), "synthetic", "UTC")
        w.compact(import_id)
        w.commit()
    return total


def from_records(records: list[dict[str, object]]) -> pa.Table:
    """A canonical interactions table from dicts (missing keys are nulls).

    Timestamps may be ISO 8601 strings (with an offset; naive means UTC) or
    aware datetimes. Handy for small hand-made logs (tests, examples).
    """
    types = {"TIMESTAMPTZ": pa.timestamp("us", tz="UTC"), "DOUBLE": pa.float64(),
             "BOOLEAN": pa.bool_(), "VARCHAR": pa.string()}
    cols = {}
    for c in COLUMNS:
        values = [r.get(c.name) for r in records]
        if c.sql_type == "TIMESTAMPTZ":
            values = [_aware(v) for v in values]
        cols[c.name] = pa.array(values, types[c.sql_type])
    unknown = {k for r in records for k in r} - set(cols)
    if unknown:
        raise ValueError(f"unknown columns: {sorted(unknown)}")
    return pa.table(cols)


def _aware(value: object) -> datetime | None:
    if value is None:
        return None
    t = datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(t, datetime):
        raise ValueError(f"not a timestamp: {value!r}")
    return t if t.tzinfo is not None else t.replace(tzinfo=ZoneInfo("UTC"))
