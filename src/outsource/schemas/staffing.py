"""Results of ``outsource staff``: one interval, or every interval of a workload.

Shares are in [0, 1]; ``asa_s`` and other ``_s`` fields are seconds. Queue
measures follow Erlang C, or Erlang A with a patience (docs/staffing.md).
"""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.base import Column, Rows, Schema


class IntervalStaffing(Schema):
    """Staffing of one interval: agents, scheduled staff and the queue measures."""

    agents: float = Field(description="Agents on the phones: the least meeting every target, "
                                      "or the staffing given with --agents [agents].")
    scheduled_agents: float = Field(description="Agents to schedule, agents / (1 - shrinkage) "
                                                "[people].")
    traffic_erlangs: float = Field(description="Offered load, calls x AHT / period [Erlang].")
    p_wait: float = Field(description="Share of entering calls that wait [share].")
    p_block: float = Field(description="Share of calls refused by a full waiting room [share].")
    abandon_rate: float = Field(description="Share of entering calls that hang up [share].")
    service_level: float = Field(description="Share of entering calls answered within the "
                                             "threshold [share].")
    service_level_answered: float = Field(description="Share of answered calls answered "
                                                      "within the threshold [share].")
    asa_s: float = Field(description="Average speed of answer: mean wait of answered calls "
                                     "[s].")
    mean_wait_abandoned_s: float = Field(description="Mean time to hang up of abandoned "
                                                     "calls [s].")
    mean_queue: float = Field(description="Mean number of calls waiting [calls].")
    occupancy: float = Field(description="Share of agent time busy with calls [share].")


class StaffingIntervals(Rows):
    """Per workload interval (columnar; JSON: one object per interval)."""

    interval_start: Column = Field(description="Interval start, ISO 8601 with the workload "
                                               "file's UTC offset.")
    channel: Column = Field(description="voice, chat, email or social.")
    calls: Column = Field(description="Contacts arriving in the interval [contacts].")
    aht_s: Column = Field(description="Mean handle time [s].")
    period_minutes: Column = Field(description="Interval length [min].")
    open: Column = Field(description="Whether the interval is inside the hours of operation "
                                     "(closed intervals are not staffed).")
    agents: Column = Field(description="Agents on the phones [agents] (for e-mail and social: "
                                       "the constant team working the backlog).")
    scheduled_agents: Column = Field(description="Agents to schedule, rounded up, agents / "
                                                 "(1 - shrinkage) [people].")
    traffic_erlangs: Column = Field(description="Offered load, calls x AHT / period [Erlang].")
    p_wait: Column = Field(description="Share of entering calls that wait [share] (null for "
                                       "e-mail and social).")
    p_block: Column = Field(description="Share of calls refused by a full waiting room "
                                        "[share] (null for e-mail and social).")
    abandon_rate: Column = Field(description="Share of entering calls that hang up [share] "
                                             "(null for e-mail and social).")
    service_level: Column = Field(description="Share of entering calls answered within the "
                                              "threshold [share] (null for e-mail and social).")
    service_level_answered: Column = Field(description="Share of answered calls answered "
                                                       "within the threshold [share].")
    asa_s: Column = Field(description="Mean wait of answered calls [s].")
    mean_wait_abandoned_s: Column = Field(description="Mean time to hang up of abandoned "
                                                      "calls [s].")
    mean_queue: Column = Field(description="Mean number of calls waiting [calls].")
    occupancy: Column = Field(description="Share of agent time busy with calls [share].")


class StaffTotals(Schema):
    """Hours and people of the whole staffing plan."""

    calls: float = Field(description="Contacts in the workload [contacts].")
    calls_outside_hours: float = Field(description="Voice and chat contacts arriving outside "
                                                   "the hours of operation, not staffed "
                                                   "[contacts] (e-mail and social items "
                                                   "arriving then wait for the next opening).")
    agent_hours: float = Field(description="Hours agents must be available for contacts [h].")
    scheduled_hours: float = Field(description="Paid hours including shrinkage [h].")
    weeks: float = Field(description="Length of time the workload covers [weeks].")
    fte: float = Field(description="Average full-time equivalents: scheduled hours per week / "
                                   "paid hours per FTE per week [FTE].")
    paid_hours_per_week: float = Field(description="Paid hours of the whole team per week [h].")
    paid_hours_per_month: float = Field(description="Paid hours of the whole team per month "
                                                    "[h].")
    paid_hours_per_year: float = Field(description="Paid hours of the whole team per year [h].")


class QueuedChannel(Schema):
    """Summary of a queued channel (voice, chat)."""

    calls: float = Field(description="Contacts [contacts].")
    peak_agents: float = Field(description="Most agents in one interval [agents].")
    service_level: float = Field(description="Call-weighted service level [share].")
    abandon_rate: float = Field(description="Call-weighted abandonment [share].")
    asa_s: float = Field(description="Mean wait of answered calls [s].")
    agent_hours: float = Field(description="Agent hours on the channel [h].")


class DeferredChannel(Schema):
    """Summary of a deferred channel (e-mail, social): a backlog worked first in, first out."""

    calls: float = Field(description="Items [contacts].")
    peak_agents: float = Field(description="Team size working the backlog [agents].")
    share_within_target: float = Field(description="Share of items replied to within the "
                                                   "response target [share].")
    mean_response_h: float = Field(description="Mean response time, on the target's clock "
                                               "(response_clock) [h].")
    p90_response_h: float = Field(description="90th percentile of response time, on the "
                                              "target's clock [h].")
    max_backlog: float = Field(description="Largest backlog at an interval boundary [items].")
    agent_hours: float = Field(description="Agent hours on the channel [h].")
    best_share: float = Field(default=1.0, description="Largest share of items any team could "
                                                       "answer within the target inside the "
                                                       "hours (unlimited agents: each item "
                                                       "answered at the first open instant) "
                                                       "[share].")
    response_clock: str = Field(default="clock", description="clock: response time counts "
                                                             "every hour; business: only the "
                                                             "hours of operation.")


class DayStaffing(Rows):
    """Per local day and channel (columnar; days in the workload file's own UTC offset)."""

    day: Column = Field(description="Local date, YYYY-MM-DD.")
    channel: Column = Field(description="voice, chat, email or social.")
    calls: Column = Field(description="Contacts that day [contacts].")
    peak_agents: Column = Field(description="Most agents in one interval that day [agents].")
    agent_hours: Column = Field(description="Agent hours that day [h].")
    service_level: Column = Field(description="Call-weighted service level of the open "
                                              "intervals [share]; null without calls or for "
                                              "e-mail and social.")
    agents_by_hour: Column = Field(description="Most agents in each local clock hour, 0 to "
                                               "23 (24 values) [agents].")


class WorkloadStaffing(Schema):
    """Staffing of a workload file: per interval, per day, per channel, and in total."""

    intervals: StaffingIntervals = Field(description="Per interval (columnar).")
    totals: StaffTotals = Field(description="Hours and FTE of the whole plan.")
    channels: dict[str, QueuedChannel | DeferredChannel] = Field(
        description="Summary per channel.")
    days: DayStaffing = Field(description="Per day and channel, in date order (columnar).")
