"""Contact-centre KPIs defined once, as ratios of additive counts and sums.

Every KPI the monitor reports is a ratio of two sums taken over the contacts
of one row (vendor x queue x channel x period). Because only the sums are
stored, a month's figure is computed from the month's contacts, never as a
mean of interval percentages (the bug class of Apache SkyWalking issue 11055),
and any rollup (a week, all queues, all channels) is exact: sum the counts,
then divide.

The same definitions are evaluated on NumPy arrays (:func:`evaluate`) and on
Ibis column expressions by the analytics pipeline
(:mod:`outsource.data.analytics.kpis`), which passes its own null-safe
division: a ratio whose denominator is 0 has no value (``None``/NaN).

Service level has no single formula; the five below are those contact-centre
platforms use, with "within T" meaning a wait ``<= T`` seconds:

* ``sl_answered``: answered within T / answered (Cisco UCCE "service level
  on answered"; ICMI's "X % of contacts answered in Y seconds" when only
  answered calls are counted).
* ``sl_offered``: answered within T / offered (Cisco UCCE "abandoned calls
  negatively affect service level"; Vonage: answered within target over
  answered + abandoned + breakouts).
* ``sl_excl_short``: answered within T / (offered - short abandons)
  (Talkdesk: answered within T over inbound minus short abandons; Genesys
  Cloud with its short-abandon switch on).
* ``sl_abandon_met``: (answered + abandoned within T) / offered (Cisco UCCE
  "abandoned calls positively affect service level"; Amazon Connect: contacts
  removed from the queue within T over contacts queued).
* ``sl_ignore_abandons``: answered within T / (offered - abandoned within T)
  (Cisco UCCE "abandoned calls ignored").

Cisco's documented example: 70 answered within T, 10 abandoned within T and
20 past T give 77.8 % (ignore), 70 % (negative) and 80 % (positive).

References
----------
.. [1] Cisco, "Unified Contact Center Enterprise reporting guide: service
   level" (service level types: ignore, negative, positive).
.. [2] ICMI, "Service level and response time" definitions.
.. [3] Talkdesk, Genesys Cloud, Amazon Connect and Vonage service-level
   metric definitions, summarised in ``/work/shared/domain-notes.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Channels whose contacts wait in a queue in real time; service level,
#: ASA, short abandons and "within T" counts cover these only. E-mail and
#: social posts are deferred work, measured by business-hours response times.
QUEUED_CHANNELS: tuple[str, ...] = ("voice", "chat")
DEFERRED_CHANNELS: tuple[str, ...] = ("email", "social")
#: Outcomes that are load ("other" is not offered and is ignored).
OFFERED_OUTCOMES: tuple[str, ...] = ("answered", "abandoned", "blocked")

Term = tuple[int, str]


@dataclass(frozen=True)
class Ratio:
    """One KPI: ``sum(numerator) / sum(sign x denominator)``.

    Attributes
    ----------
    name : str
        Output column name (a public contract).
    numerator : tuple of str
        Additive counts or sums added up for the numerator.
    denominator : tuple of (int, str)
        Signed additive counts making up the denominator.
    scale : float
        Factor applied to the ratio (e.g. ``1/3600`` for seconds to hours).
    doc : str
        Meaning with unit.
    """

    name: str
    numerator: tuple[str, ...]
    denominator: tuple[Term, ...]
    doc: str
    scale: float = 1.0


SERVICE_LEVELS: tuple[Ratio, ...] = (
    Ratio("sl_answered", ("answered_within",), ((1, "queued_answered"),),
          "answered within T / answered (queued channels) [share]"),
    Ratio("sl_offered", ("answered_within",), ((1, "queued"),),
          "answered within T / offered (Cisco 'negative') [share]"),
    Ratio("sl_excl_short", ("answered_within",), ((1, "queued"), (-1, "short_abandoned")),
          "answered within T / (offered - short abandons) (Talkdesk) [share]"),
    Ratio("sl_abandon_met", ("answered_within", "abandoned_within"), ((1, "queued"),),
          "(answered + abandoned within T) / offered (Cisco 'positive') [share]"),
    Ratio("sl_ignore_abandons", ("answered_within",),
          ((1, "queued"), (-1, "abandoned_within")),
          "answered within T / (offered - abandoned within T) (Cisco 'ignore') [share]"),
)

OTHER_RATIOS: tuple[Ratio, ...] = (
    Ratio("asa_s", ("wait_answered_s",), ((1, "queued_answered_with_wait"),),
          "average speed of answer: mean wait of answered queued contacts [s]"),
    Ratio("abandon_rate", ("abandoned",), ((1, "offered"),), "abandoned / offered [share]"),
    Ratio("aht_s", ("handle_sum_s",), ((1, "handled"),),
          "average handle time (talk + hold + wrap-up) of answered contacts [s]"),
    Ratio("repeat_rate", ("repeats",), ((1, "repeat_eligible"),),
          "answered contacts followed by another contact of the same customer within "
          "the repeat window, any vendor or channel [share]"),
    Ratio("fcr", ("fcr_resolved",), ((1, "fcr_eligible"),),
          "first-contact resolution: the resolved flag where logged, else 1 - repeat [share]"),
    Ratio("transfer_rate", ("transferred",), ((1, "transfer_eligible"),),
          "answered contacts transferred [share]"),
    Ratio("csat", ("csat_sum",), ((1, "csat_responses"),),
          "mean customer-satisfaction score of the contacts that have one [score]"),
    Ratio("first_response_met_share", ("first_response_met",), ((1, "deferred"),),
          "deferred contacts (e-mail, social) first answered within the target business "
          "hours; no logged response counts as missed [share]"),
    Ratio("first_response_business_h", ("first_response_business_s",),
          ((1, "first_responded"),),
          "mean business time to first response of responded deferred contacts [h]",
          scale=1 / 3600),
    Ratio("resolution_met_share", ("resolution_met",), ((1, "deferred"),),
          "deferred contacts resolved within the target business hours; no logged "
          "resolution counts as missed [share]"),
    Ratio("resolution_business_h", ("resolution_business_s",), ((1, "resolutions"),),
          "mean business time to resolution of resolved deferred contacts [h]",
          scale=1 / 3600),
)

RATIOS: tuple[Ratio, ...] = SERVICE_LEVELS + OTHER_RATIOS
BY_NAME: dict[str, Ratio] = {r.name: r for r in RATIOS}


def _np_div(num: Any, den: Any) -> Any:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den != 0, num / np.where(den != 0, den, 1.0), np.nan)


def evaluate(ratio: Ratio, sums: Mapping[str, Any],
             div: Callable[[Any, Any], Any] = _np_div) -> Any:
    """Value of ``ratio`` from additive ``sums`` (arrays, scalars or column expressions).

    Parameters
    ----------
    ratio : Ratio
        The KPI definition.
    sums : mapping of str to array_like or expression
        The additive counts and sums named by the definition.
    div : callable
        ``div(numerator, denominator)`` returning "no value" where the
        denominator is 0; NumPy's version (NaN) by default.
    """
    num = sums[ratio.numerator[0]]
    for name in ratio.numerator[1:]:
        num = num + sums[name]
    sign, first = ratio.denominator[0]
    den = sums[first] if sign > 0 else -sums[first]
    for sign, name in ratio.denominator[1:]:
        den = den + sums[name] if sign > 0 else den - sums[name]
    value = div(num, den)
    return value * ratio.scale if ratio.scale != 1.0 else value


def service_levels(answered_within: Any, abandoned_within: Any, answered: Any, offered: Any,
                   short_abandoned: Any = 0) -> dict[str, Any]:
    """The five service-level formulas from counts of queued contacts [share].

    Parameters
    ----------
    answered_within : answered with wait <= T [contacts].
    abandoned_within : abandoned with wait <= T [contacts].
    answered : answered [contacts].
    offered : answered + abandoned + blocked [contacts].
    short_abandoned : abandoned with wait strictly below the short-abandon timer [contacts].

    Examples
    --------
    Cisco's example (70 answered within T, 10 abandoned within T, 20 answered
    beyond it):

    >>> sl = service_levels(70, 10, 90, 100)
    >>> round(float(sl["sl_ignore_abandons"]), 3), float(sl["sl_offered"])
    (0.778, 0.7)
    """
    sums = {"answered_within": answered_within, "abandoned_within": abandoned_within,
            "queued_answered": answered, "queued": offered, "short_abandoned": short_abandoned}
    return {r.name: evaluate(r, sums) for r in SERVICE_LEVELS}
