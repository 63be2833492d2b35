"""Due diligence: a checklist per vendor whose missing items are listed, never assumed.

The playbook's step 4 ("Find and vet the call center": protect company assets
and prevent loss or theft of data; talk to US companies that used offshore
providers; know the labour laws of the provider's country and check
compliance) and "Choosing a provider" (research existing clients, test calls,
reviews, clear language, agent incentives, call recording) name what to
check. Each item is ``ok``, ``missing`` (not on file) or ``problem`` (on file
and failing: expired, too old, not covering the buyer's need).

Thresholds that are not in the playbook are marked as assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from outsource.core.testcalls import FEW_CALLS
from outsource.core.vendor_facts import BuyerNeeds, Cert, VendorFacts, cert_status, hours_coverage

#: Client references to contact before choosing (assumption: the playbook says
#: "talk to US companies that used offshore providers", plural).
MIN_REFERENCES = 2
#: A labour-law check older than this is stale [days] (assumption: yearly review).
LABOUR_CHECK_MAX_AGE_DAYS = 365
#: Attrition above this is a problem [share/year]: the top of the 30-45% a year
#: contact-centre benchmark used for in-house costs (``core.costs``).
ATTRITION_HIGH = 0.45
#: Certifications that show an information-security programme (either will do).
SECURITY_CERTS = ("soc2_type2", "iso27001")
CERT_LABELS = {"soc2_type2": "SOC 2 Type II", "iso27001": "ISO 27001", "pci_dss": "PCI DSS",
               "hipaa": "HIPAA", "gdpr_representative": "GDPR representative"}


@dataclass(frozen=True)
class Item:
    """One checklist line: ``status`` is ``ok``, ``missing`` or ``problem``."""

    key: str
    label: str
    status: str
    detail: str


@dataclass(frozen=True)
class Checklist:
    """A vendor's checklist as of ``as_of``."""

    vendor: str
    as_of: date
    items: tuple[Item, ...]

    @property
    def missing(self) -> list[str]:
        """Labels of the items not on file."""
        return [i.label for i in self.items if i.status == "missing"]

    @property
    def problems(self) -> list[str]:
        """Labels of the items with a problem."""
        return [i.label for i in self.items if i.status == "problem"]


def _item(key: str, label: str, status: str, detail: str) -> Item:
    return Item(key, label, status, detail)


def _listed(key: str, label: str, have: tuple[str, ...] | None,
            need: tuple[str, ...] | None) -> Item:
    if have is None:
        return _item(key, label, "missing", "not on file")
    lacking = [x for x in (need or ()) if x not in have]
    if lacking:
        return _item(key, label, "problem", f"{', '.join(have) or 'none'}; lacks "
                                            f"{', '.join(lacking)} the buyer needs")
    return _item(key, label, "ok", ", ".join(have) or "none")


def _cert_detail(c: Cert, as_of: date) -> tuple[str, str]:
    status = cert_status(c, as_of)
    if status == "current":
        return "ok", f"valid until {c.expires_on.isoformat()}"
    if status == "expired":
        return "problem", f"expired on {c.expires_on.isoformat()}"
    return "missing", "on file without an expiry date"


def _certs(f: VendorFacts, need: BuyerNeeds, as_of: date) -> list[Item]:
    by_kind = {c.kind: c for c in f.certs}
    items = []
    sec = [by_kind[k] for k in SECURITY_CERTS if k in by_kind]
    label = "Security certification (SOC 2 Type II or ISO 27001)"
    if not sec:
        items.append(_item("cert:security", label, "missing", "neither on file"))
    else:
        judged = [(c, *_cert_detail(c, as_of)) for c in sec]
        best = next((j for j in judged if j[1] == "ok"), judged[0])
        items.append(_item("cert:security", label, best[1],
                           f"{CERT_LABELS[best[0].kind]} {best[2]}"))
    for kind in need.required_certs:
        if kind in SECURITY_CERTS and sec:
            continue
        lab = f"{CERT_LABELS.get(kind, kind)} (the buyer's data rules require it)"
        if kind not in by_kind:
            items.append(_item(f"cert:{kind}", lab, "missing", "not on file"))
        else:
            items.append(_item(f"cert:{kind}", lab, *_cert_detail(by_kind[kind], as_of)))
    for c in f.certs:
        if c.kind in need.required_certs or c.kind in SECURITY_CERTS:
            continue
        status, detail = _cert_detail(c, as_of)
        items.append(_item(f"cert:{c.kind}", CERT_LABELS.get(c.kind, c.kind), status, detail))
    return items


def _data_protection(f: VendorFacts, need: BuyerNeeds) -> list[Item]:
    items = [_item("dp:recording", "How recordings with customer data are kept",
                   "missing" if f.dp_recording is None else "ok", f.dp_recording or "not on file")]
    if f.dp_retention_days is None:
        items.append(_item("dp:retention", "Retention of customer data", "missing",
                           "not on file"))
    else:
        too_long = f.dp_retention_days > need.max_retention_days
        items.append(_item("dp:retention", "Retention of customer data",
                           "problem" if too_long else "ok",
                           f"{f.dp_retention_days} days" + (
                               f", above the {need.max_retention_days:g}-day limit"
                               if too_long else "")))
    for key, label, value in (("dp:encryption_at_rest", "Encryption at rest",
                               f.dp_encryption_at_rest),
                              ("dp:encryption_in_transit", "Encryption in transit",
                               f.dp_encryption_in_transit)):
        items.append(_item(key, label, "missing" if value is None else
                           ("ok" if value else "problem"),
                           "not on file" if value is None else ("yes" if value else "no")))
    access = f.dp_data_access or ""
    if f.dp_access_need_to_know is None and not access:
        items.append(_item("dp:access", "Who may see customer data", "missing", "not on file"))
    elif f.dp_access_need_to_know is False:
        items.append(_item("dp:access", "Who may see customer data", "problem",
                           (access + "; " if access else "") + "not limited to need-to-know"))
    else:
        items.append(_item("dp:access", "Who may see customer data", "ok",
                           access or "limited to need-to-know"))
    return items


def _labour(f: VendorFacts, as_of: date) -> list[Item]:
    countries = list(dict.fromkeys(f.site_countries)) or sorted({c.country for c in f.labour})
    if not countries:
        return [_item("labour_check", "Labour-law check of the provider's country", "missing",
                      "no check on file (and no site country on file)")]
    items = []
    for country in countries:
        label = f"Labour-law check ({country})"
        checks = sorted((c for c in f.labour if c.country == country),
                        key=lambda c: c.checked_on)
        if not checks:
            items.append(_item(f"labour_check:{country}", label, "missing",
                               "no check on file"))
            continue
        last = checks[-1]
        age = (as_of - last.checked_on).days
        detail = f"{last.finding.replace('_', ' ')} on {last.checked_on.isoformat()}"
        bad = last.finding != "compliant" or age > LABOUR_CHECK_MAX_AGE_DAYS
        if age > LABOUR_CHECK_MAX_AGE_DAYS:
            detail += f" ({age} days ago: older than {LABOUR_CHECK_MAX_AGE_DAYS})"
        items.append(_item(f"labour_check:{country}", label, "problem" if bad else "ok", detail))
    return items


def checklist(f: VendorFacts, need: BuyerNeeds, as_of: date) -> Checklist:
    """The due-diligence checklist of vendor ``f`` for buyer ``need`` as of ``as_of``."""
    items = [
        _item("sites", "Delivery sites (region, country)",
              "ok" if f.site_countries else "missing",
              ", ".join(f.site_countries) if f.site_countries else "no site with a country"),
        _listed("channels", "Channels served", f.channels, need.channels),
        _listed("languages", "Languages", f.languages, need.languages),
    ]
    if f.seats is None:
        items.append(_item("seats", "Seats", "missing", "not on file"))
    elif need.fte is not None and f.seats < need.fte:
        items.append(_item("seats", "Seats", "problem",
                           f"{f.seats} seats for {need.fte:.1f} FTE needed"))
    else:
        items.append(_item("seats", "Seats", "ok", f"{f.seats} seats"))
    if f.hours_offered is None:
        items.append(_item("hours", "Hours offered", "missing", "not on file"))
    elif need.business_hours:
        cov = hours_coverage(f.hours_offered, need.business_hours)
        items.append(_item("hours", "Hours offered", "ok" if cov >= 1 - 1e-9 else "problem",
                           f"{f.hours_offered}: covers {cov:.0%} of the buyer's hours"))
    else:
        items.append(_item("hours", "Hours offered", "ok", f.hours_offered))
    items += _certs(f, need, as_of)
    items += _data_protection(f, need)
    items += _labour(f, as_of)
    inc = (f.incentive_tiered_bonuses, f.incentive_target_bonuses, f.incentive_competition)
    names = ("tiered bonuses", "target bonuses", "friendly competition")
    items.append(_item("incentives", "Agent incentive scheme",
                       "missing" if all(v is None for v in inc) else "ok",
                       "not on file" if all(v is None for v in inc) else "; ".join(
                           f"{n}: {'?' if v is None else ('yes' if v else 'no')}"
                           for n, v in zip(names, inc, strict=True))))
    qa_known = f.recording is not None or f.qa_reviews_per_agent_per_month is not None
    items.append(_item("recording_qa", "Call recording and QA practice",
                       "ok" if qa_known else "missing",
                       f"recording: {f.recording or '?'}; QA reviews per agent-month: "
                       f"{'?' if f.qa_reviews_per_agent_per_month is None else f'{f.qa_reviews_per_agent_per_month:g}'}"  # noqa: E501
                       if qa_known else "not on file"))
    if f.attrition_per_year is None:
        items.append(_item("attrition", "Agent attrition", "missing", "not on file"))
    else:
        high = f.attrition_per_year > ATTRITION_HIGH
        items.append(_item("attrition", "Agent attrition", "problem" if high else "ok",
                           f"{f.attrition_per_year:.0%} a year" + (
                               f", above the {ATTRITION_HIGH:.0%} benchmark top" if high
                               else "")))
    n_ref = len(f.reference_ratings)
    items.append(_item("references", "Client references contacted",
                       "ok" if n_ref >= MIN_REFERENCES else "missing",
                       f"{n_ref} of {MIN_REFERENCES}"))
    items.append(_item("reviews", "Public reviews read", "ok" if f.review_shares else "missing",
                       f"{len(f.review_shares)} on file"))
    n_calls = f.calls.n
    items.append(_item("test_calls", "Test calls placed", "ok" if n_calls else "missing",
                       f"{n_calls} on file" + (" (few calls)" if 0 < n_calls < FEW_CALLS
                                               else "")))
    if f.current_quotes:
        items.append(_item("quotes", "A current quote", "ok", f"{f.current_quotes} current"))
    elif f.quotes:
        items.append(_item("quotes", "A current quote", "problem",
                           f"all {f.quotes} quotes expired"))
    else:
        items.append(_item("quotes", "A current quote", "missing", "no quote on file"))
    return Checklist(f.name, as_of, tuple(items))
