"""The rule table of ``outsource advise``: rules, default thresholds, region data.

Every rule encodes one sentence of the playbook (/work/shared/playbook.md) and
names its section. A rule is data: the named fact it tests, the comparison,
the threshold's name (its value comes from :data:`DEFAULT_THRESHOLDS`,
overridable per scenario under ``advice.thresholds``) or a literal, the scope
it acts on (a channel, a time segment, the method, or every scope) and its
effect. :mod:`outsource.core.advice` evaluates the table; docs/advice.md
prints it.

Region data (:data:`REGIONS`) is not in the playbook: the languages agents
commonly serve customers in and one representative IANA time zone per rate-
card region are this project's assumptions, overridable per scenario under
``advice.regions``. "Onshore / nearshore / offshore" is relative to the
playbook's buyer, a US business ("Who it is for").
"""

from __future__ import annotations

from dataclasses import dataclass

DECIDE = "Decide whether to outsource at all"
STEPS = "The seven steps"
COSTS = "What it costs (US pricing guidance)"
WAYS = "Four ways to outsource"
PROVIDER = "Choosing a provider"
CONTRACT = "Contract and oversight"

#: Default thresholds: name -> (value, unit and meaning).
DEFAULT_THRESHOLDS: dict[str, tuple[float, str]] = {
    "complex_share_high": (0.5, "share of complex or technical contacts at or above which "
                                "live channels stay in-house"),
    "long_share_high": (0.25, "share of long contacts (handle time above the profile's "
                              "long-contact cut, 15 min by default) that calls for a hybrid"),
    "transfer_share_high": (0.2, "share of transferred contacts (front line cannot decide) "
                                 "that calls for a hybrid"),
    "after_hours_share_min": (0.01, "share of contacts outside business hours at or above "
                                    "which there is a real after-hours need (low night "
                                    "volume is the case the playbook makes: too dear in-house)"),
    "capacity_ratio_max": (1.0, "peak agents required / agents the current staff can put on "
                                "the phones at once, above which volume exceeds capacity"),
    "small_need_fte": (1.0, "FTE at or below which a need is 'small' (freelance marketplace)"),
    "dedicated_min_fte": (5.0, "FTE at or above which volume is 'large' enough for a "
                               "dedicated team"),
    "volatility_cv_max": (0.5, "coefficient of variation of hourly contacts (open hours) at or "
                               "below which volume is 'predictable'"),
    "p_cheaper_min": (0.5, "probability that an eligible option costs less than in-house "
                           "below which outsourcing for cost does not pay"),
    "overlap_hours_needed": (2.0, "hours a day the region's working day must overlap the "
                                  "buyer's business hours (liaison, escalations)"),
    "region_day_start_h": (9.0, "start of a region's working day, local time [h]"),
    "region_day_end_h": (18.0, "end of a region's working day, local time [h]"),
}


@dataclass(frozen=True)
class Cond:
    """``fact op threshold`` (a named threshold) or ``fact op value`` (a literal)."""

    fact: str
    op: str
    threshold: str | None = None
    value: object = None


@dataclass(frozen=True)
class Rule:
    """One playbook sentence as a test over named facts.

    Attributes
    ----------
    id : short identifier, cited in every conclusion.
    section : the playbook section it encodes (with the step, where one applies).
    when : conditions that must all hold (ops ``>=``, ``>``, ``<=``, ``<``, ``==``).
    scope : ``"all"``, ``"channel:voice,chat"``, ``"segment:after_hours"``, ``"method"``
        or ``"region"``.
    effect : ``"keep!"`` (forces in-house), ``"keep"``, ``"hybrid"``, ``"outsource"``,
        ``"gate"`` (outsourcing does not pay), ``"method:<method>"``, ``"region:out"``
        or ``"region:condition"``.
    says : the playbook's argument in one line.
    """

    id: str
    section: str
    when: tuple[Cond, ...]
    scope: str
    effect: str
    says: str


def _r(rid: str, section: str, when: Cond | tuple[Cond, ...], scope: str, effect: str,
       says: str) -> Rule:
    return Rule(rid, section, when if isinstance(when, tuple) else (when,), scope, effect, says)


LIVE = "channel:voice,chat"

#: Verdict rules: keep in-house / hybrid / outsource, per scope.
VERDICT_RULES: tuple[Rule, ...] = (
    _r("face_to_face", f"{STEPS} (step 1)", Cond("face_to_face", "==", value="frequent"),
       "all", "keep!", "frequent in-person contact makes outsourcing infeasible"),
    _r("complex_live", DECIDE, Cond("complex_share", ">=", "complex_share_high"), LIVE, "keep",
       "complex or technical calls argue for keeping service in-house (expert, correct answers)"),
    _r("complex_email", f"{DECIDE}; {WAYS} (4. Email)",
       Cond("complex_share", ">=", "complex_share_high"), "channel:email", "hybrid",
       "e-mail is safe to outsource, but complex questions need in-house experts: routine "
       "e-mail to the vendor, complex e-mail escalated in-house"),
    _r("long_contacts", DECIDE, Cond("long_contact_share", ">=", "long_share_high"), LIVE,
       "hybrid", "many long contacts signal complex work: keep those in-house, hand over the "
       "routine"),
    _r("transfers", f"{STEPS} (step 5)", Cond("transfer_share", ">=", "transfer_share_high"),
       LIVE, "hybrid", "many transfers: front-line representatives do not decide; keep the "
       "deciders in-house"),
    _r("after_hours", DECIDE, Cond("after_hours_share", ">=", "after_hours_share_min"),
       "segment:after_hours", "outsource",
       "help outside your staff's hours argues for outsourcing (24/7 is too dear in-house)"),
    _r("over_capacity", DECIDE, Cond("capacity_ratio", ">", "capacity_ratio_max"),
       "segment:business_hours", "hybrid",
       "volume your current staff cannot handle argues for outsourcing (the overflow)"),
    _r("email_safe", f"{WAYS} (4. Email)", Cond("email_share", ">", value=0.0),
       "channel:email", "outsource",
       "e-mail is safe to outsource; 24 hours is the standard response time"),
    _r("social_easy", f"{WAYS} (3. Social media)", Cond("social_share", ">", value=0.0),
       "channel:social", "outsource", "social media answers are easily done by a third party"),
    _r("no_region", PROVIDER, Cond("eligible_regions", "==", value=0), "all", "gate",
       "no region passes the provider checks (language, customers, data, hours): there is "
       "no one to hand the work to"),
    _r("not_cost_effective", f"{STEPS} (steps 2 and 3)",
       (Cond("goal", "==", value="cost"), Cond("best_p_cheaper", "<", "p_cheaper_min")),
       "all", "gate",
       "outsourcing for cost pays only if its fees are below the in-house department's cost"),
)

#: Method rules, tried in order on each scope; the first that holds names the method.
METHOD_RULES: tuple[Rule, ...] = (
    _r("email_team", f"{WAYS} (4. Email)", Cond("channel", "==", value="email"), "method",
       "method:email_team", "e-mail is safe to hand to a third party"),
    _r("social_team", f"{WAYS} (3. Social media)", Cond("channel", "==", value="social"),
       "method", "method:social_media_team", "social media is easily done by a third party"),
    _r("remote_team", DECIDE, (Cond("complex", "==", value=True),
                               Cond("capacity_short", "==", value=True)), "method",
       "method:remote_team_direct", "complex work your staff cannot cover: hire a remote "
       "team of global agents yourself, the 'best of both worlds'"),
    _r("small_need", f"{WAYS} (1. Freelance marketplaces)", Cond("fte", "<=", "small_need_fte"),
       "method", "method:freelance_marketplace", "freelance marketplaces suit small needs"),
    _r("complex_dedicated", f"{COSTS} (dedicated inbound)", Cond("complex", "==", value=True),
       "method", "method:dedicated_call_center", "dedicated inbound suits complex applications"),
    _r("large_predictable", f"{COSTS} (dedicated inbound)",
       (Cond("fte", ">=", "dedicated_min_fte"), Cond("volatility_cv", "<=", "volatility_cv_max")),
       "method", "method:dedicated_call_center",
       "dedicated inbound suits large, predictable volume"),
    _r("low_activity", f"{COSTS} (shared inbound)", Cond("fte", "<", "dedicated_min_fte"),
       "method", "method:shared_call_center", "shared inbound suits low overall activity"),
    _r("swinging", f"{COSTS} (shared inbound)", Cond("volatility_cv", ">", "volatility_cv_max"),
       "method", "method:shared_call_center", "shared inbound suits large volume swings"),
)

#: Region rules: why a region is in or out.
REGION_RULES: tuple[Rule, ...] = (
    _r("language", PROVIDER, Cond("languages_served", "==", value=False), "region",
       "region:out", "agents must communicate clearly in your customers' languages"),
    _r("offshore_sensitive", f"{STEPS} (step 3)",
       (Cond("offshore_sensitivity", "==", value="high"), Cond("offshore", "==", value=True)),
       "region", "region:out", "some customers see offshoring as unpatriotic or the firm as "
       "unresponsive: onshore or nearshore only"),
    _r("data_offshore", f"{STEPS} (step 4)",
       (Cond("data_stays_onshore", "==", value=True), Cond("onshore", "==", value=False)),
       "region", "region:out", "the buyer states its data may not leave the country"),
    _r("data_evidence", f"{STEPS} (step 4)", Cond("data_rules_given", "==", value=True),
       "region", "region:condition", "the center must protect company assets and prevent "
       "loss or theft of data: require compliance evidence"),
    _r("time_overlap", f"{CONTRACT} (liaison); {STEPS} (step 5)",
       Cond("overlap_hours", "<", "overlap_hours_needed"), "region", "region:out",
       "the liaison needs working hours in common with the center"),
)

#: What each method is, and which priced pricing models of the cost model match it.
METHODS: dict[str, tuple[str, tuple[str, ...]]] = {
    "freelance_marketplace": ("freelance marketplace (e.g. Upwork)", ("dedicated_hourly",)),
    "shared_call_center": ("shared call center", ("shared_per_minute",)),
    "dedicated_call_center": ("dedicated call center", ("dedicated_hourly",
                                                        "monthly_per_agent")),
    "social_media_team": ("social-media team", ("dedicated_hourly",)),
    "email_team": ("e-mail team", ("dedicated_hourly",)),
    "remote_team_direct": ("remote team hired directly", ("dedicated_hourly",)),
}


@dataclass(frozen=True)
class RegionData:
    """Where a rate-card region is, for a US buyer: location class, languages, zone."""

    location: str
    languages: tuple[str, ...]
    zone: str


#: Assumed region data (see the module docstring); languages are ISO 639-1 codes.
REGIONS: dict[str, RegionData] = {
    "us_canada": RegionData("onshore", ("en", "fr", "es"), "America/Chicago"),
    "latin_america": RegionData("nearshore", ("es", "pt", "en"), "America/Mexico_City"),
    "western_europe": RegionData("offshore", ("en", "fr", "de", "es", "it", "nl", "pt"),
                                 "Europe/Paris"),
    "eastern_europe": RegionData("offshore", ("en", "pl", "ro", "uk", "ru", "de"),
                                 "Europe/Warsaw"),
    "australia": RegionData("offshore", ("en",), "Australia/Sydney"),
    "africa_middle_east": RegionData("offshore", ("en", "fr", "ar"), "Africa/Cairo"),
    "asia_philippines": RegionData("offshore", ("en", "tl"), "Asia/Manila"),
    "india": RegionData("offshore", ("en", "hi"), "Asia/Kolkata"),
    "pakistan": RegionData("offshore", ("en", "ur"), "Asia/Karachi"),
}
