"""Vendor use cases: register, list, show, quote, test calls (one transaction per call).

Each takes the ``actor`` it acts for (default: the CLI operator, an admin):
reading needs ``vendors.read`` (a vendor user sees only its own vendor, and
not the buyer's pricing of its quotes), changing needs ``vendors.manage``;
every change writes its audit row in the same transaction.

Regions are checked against the rate card's region keys
(``data/ratecards/playbook.toml`` via :mod:`outsource.data.ratecard`). Every
failing call leaves the database as it was: checks and pricing run inside the
transaction, before the commit.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from outsource.core.diligence import Checklist, checklist
from outsource.core.testcalls import FEW_CALLS, summarise
from outsource.core.vendor_facts import BuyerNeeds, Calls, Cert, LabourFinding
from outsource.core.vendor_facts import VendorFacts as CoreFacts
from outsource.data.db.models import vendors as m
from outsource.data.db.repositories import VendorRepository
from outsource.data.ratecard import default_card
from outsource.data.testcall_csv import read_test_calls
from outsource.errors import InvalidInput, NotFound
from outsource.schemas.users import Principal
from outsource.schemas.vendors import (
    AddedQuote,
    AddedTestCall,
    AddedVendor,
    DiligenceItem,
    DueDiligence,
    MeanEstimate,
    QuoteIn,
    QuotePricing,
    ShareEstimate,
    TestCallImportResult,
    TestCallIn,
    TestCallSummary,
    VendorDetail,
    VendorFacts,
    VendorIn,
    VendorList,
    VendorSummary,
)
from outsource.services import audit
from outsource.services.authz import authorize, check_vendor, visible
from outsource.services.quote_pricing import DEFAULT_DRAWS, QuoteRow, price_quotes
from outsource.services.scenarios import LoadedScenario, current_scenario
from outsource.services.users import cli_principal
from outsource.services.workspace import Workspace

#: Words in a scenario's ``advice.answers.data_rules`` -> certification kinds they call for.
DATA_RULE_CERTS = {"pcidss": "pci_dss", "pci": "pci_dss", "hipaa": "hipaa",
                   "gdpr": "gdpr_representative", "soc2": "soc2_type2",
                   "iso27001": "iso27001"}


def _today(today: date | None) -> date:
    return today or date.today()


# ---------------------------------------------------------------- checks and mapping


def check_regions(v: VendorIn) -> None:
    """Every region (vendor's and sites') is a region key of the rate card."""
    known = default_card().regions

    def bad(region: str, loc: tuple) -> None:
        if region not in known:
            raise InvalidInput(f"region '{region}' is not on the rate card (known: "
                               f"{', '.join(known)})", loc=loc)

    for i, r in enumerate(v.regions):
        bad(r, ("regions", i))
    for i, s in enumerate(v.sites):
        bad(s.region, ("sites", i, "region"))
    if not v.all_regions:
        raise InvalidInput("give at least one region (a region key of the rate card)",
                           loc=("regions",))


def _quote_model(q: QuoteIn, regions: list[str], today: date, loc: tuple) -> m.Quote:
    region = q.region or regions[0]
    if region not in regions:
        raise InvalidInput(f"region '{region}' is not one of the vendor's regions "
                           f"({', '.join(regions)})", loc=(*loc, "region"))
    return m.Quote(pricing_model=q.pricing_model, region=region, tier=q.tier, rate=q.rate,
                   billing_increment_s=q.billing_increment_s, bill_on=q.bill_on,
                   paid_hours_per_month=q.paid_hours_per_month,
                   vendor_shrinkage=q.vendor_shrinkage, base_share=q.base_share,
                   commission_usd_per_sale=q.commission_usd_per_sale,
                   conversion_rate=q.conversion_rate, valid_from=q.valid_from,
                   valid_until=q.valid_until, received_on=q.received_on or today,
                   source=q.source)


def call_model(c: TestCallIn, **extra) -> m.TestCall:  # type: ignore[no-untyped-def]
    return m.TestCall(**c.model_dump(), **extra)


def to_model(v: VendorIn, today: date) -> m.Vendor:
    """The ORM vendor (with children) for a validated vendor document."""
    regions = v.all_regions
    dp, inc, qa = v.data_protection, v.incentives, v.recording_qa
    return m.Vendor(
        name=v.name, regions=regions, channels=v.channels, languages=v.languages,
        seats=v.seats, hours_offered=v.hours_offered, dp_recording=dp.recording,
        dp_retention_days=dp.retention_days, dp_encryption_at_rest=dp.encryption_at_rest,
        dp_encryption_in_transit=dp.encryption_in_transit, dp_data_access=dp.data_access,
        dp_access_need_to_know=dp.access_need_to_know,
        incentive_tiered_bonuses=inc.tiered_bonuses, incentive_target_bonuses=inc.target_bonuses,
        incentive_competition=inc.friendly_competition, incentive_note=inc.note,
        recording=qa.recording, qa_reviews_per_agent_per_month=qa.qa_reviews_per_agent_per_month,
        qa_feedback_to_agents=qa.feedback_to_agents, qa_note=qa.note,
        attrition_per_year=v.attrition_per_year, notes=v.notes,
        sites=[m.VendorSite(**s.model_dump()) for s in v.sites],
        certifications=[m.Certification(**c.model_dump()) for c in v.certifications],
        labour_checks=[m.LabourCheck(**c.model_dump()) for c in v.labour_checks],
        references=[m.ClientReference(**r.model_dump()) for r in v.references],
        reviews=[m.PublicReview(**r.model_dump()) for r in v.reviews],
        quotes=[_quote_model(q, regions, today, ("quotes", i)) for i, q in enumerate(v.quotes)],
        test_calls=[call_model(c) for c in v.test_calls],
    )


def public_facts(v: m.Vendor) -> VendorFacts:
    """The stored vendor as its public schema (the vendor file's shape, with quote ids)."""
    return VendorFacts(
        name=v.name, regions=list(v.regions), channels=v.channels, languages=v.languages,
        seats=v.seats, hours_offered=v.hours_offered,
        sites=[{"name": s.name, "region": s.region, "country": s.country, "city": s.city,
                "seats": s.seats} for s in v.sites],
        certifications=[{"kind": c.kind, "issued_on": c.issued_on, "expires_on": c.expires_on,
                         "evidence": c.evidence} for c in v.certifications],
        data_protection={"recording": v.dp_recording, "retention_days": v.dp_retention_days,
                         "encryption_at_rest": v.dp_encryption_at_rest,
                         "encryption_in_transit": v.dp_encryption_in_transit,
                         "data_access": v.dp_data_access,
                         "access_need_to_know": v.dp_access_need_to_know},
        labour_checks=[{"country": c.country, "evidence": c.evidence,
                        "checked_on": c.checked_on, "reviewer": c.reviewer,
                        "finding": c.finding, "note": c.note} for c in v.labour_checks],
        incentives={"tiered_bonuses": v.incentive_tiered_bonuses,
                    "target_bonuses": v.incentive_target_bonuses,
                    "friendly_competition": v.incentive_competition, "note": v.incentive_note},
        recording_qa={"recording": v.recording,
                      "qa_reviews_per_agent_per_month": v.qa_reviews_per_agent_per_month,
                      "feedback_to_agents": v.qa_feedback_to_agents, "note": v.qa_note},
        attrition_per_year=v.attrition_per_year,
        references=[{"client": r.client, "contact": r.contact, "contacted_on": r.contacted_on,
                     "said": r.said, "rating": r.rating} for r in v.references],
        reviews=[{"source": r.source, "rating": r.rating, "scale": r.scale, "note": r.note,
                  "seen_on": r.seen_on} for r in v.reviews],
        quotes=[{k: getattr(q, k) for k in QuoteIn.model_fields} for q in v.quotes],
        quote_ids=[q.id for q in v.quotes],
        test_calls=[{k: getattr(c, k) for k in TestCallIn.model_fields} for c in v.test_calls],
        notes=v.notes)


def _nan(values: list) -> np.ndarray:
    return np.array([np.nan if x is None else float(x) for x in values], dtype=float)


def core_facts(v: m.Vendor, as_of: date) -> CoreFacts:
    """What core judges about the stored vendor."""
    calls = v.test_calls
    current = [q for q in v.quotes if q.valid_until is None or q.valid_until >= as_of]
    return CoreFacts(
        name=v.name, regions=tuple(v.regions),
        site_countries=tuple(s.country for s in v.sites if s.country),
        channels=None if v.channels is None else tuple(v.channels),
        languages=None if v.languages is None else tuple(v.languages), seats=v.seats,
        hours_offered=v.hours_offered,
        certs=tuple(Cert(c.kind, c.expires_on) for c in v.certifications),
        dp_recording=v.dp_recording, dp_retention_days=v.dp_retention_days,
        dp_encryption_at_rest=v.dp_encryption_at_rest,
        dp_encryption_in_transit=v.dp_encryption_in_transit, dp_data_access=v.dp_data_access,
        dp_access_need_to_know=v.dp_access_need_to_know,
        labour=tuple(LabourFinding(c.country, c.checked_on, c.finding) for c in v.labour_checks),
        incentive_tiered_bonuses=v.incentive_tiered_bonuses,
        incentive_target_bonuses=v.incentive_target_bonuses,
        incentive_competition=v.incentive_competition, recording=v.recording,
        qa_reviews_per_agent_per_month=v.qa_reviews_per_agent_per_month,
        qa_feedback_to_agents=v.qa_feedback_to_agents, attrition_per_year=v.attrition_per_year,
        reference_ratings=tuple(r.rating for r in v.references),
        review_shares=tuple(r.rating / r.scale for r in v.reviews),
        calls=Calls(_nan([c.handled for c in calls]), _nan([c.resolved for c in calls]),
                    _nan([c.wait_s for c in calls]), _nan([c.clarity for c in calls]),
                    _nan([c.courtesy for c in calls]), _nan([c.accuracy for c in calls]),
                    np.array([c.channel != "email" for c in calls], dtype=bool)),
        quotes=len(v.quotes), current_quotes=len(current))


def buyer_needs(loaded: LoadedScenario | None, fte: float | None = None) -> BuyerNeeds:
    """What the buyer needs, from its scenario (``BuyerNeeds()`` without one)."""
    if loaded is None:
        return BuyerNeeds(fte=fte)
    from outsource.data.scenario import scenario_workload

    s = loaded.scenario
    try:
        channels = tuple(sorted(set(scenario_workload(s, loaded.base_dir).channel)))
    except (InvalidInput, NotFound) as exc:
        raise exc.prefixed(source=loaded.source) if exc.source is None else exc from None
    answers = s.advice.answers if s.advice is not None else None
    certs: list[str] = []
    for rule in (answers.data_rules if answers else []):
        key = "".join(ch for ch in rule.lower() if ch.isalnum())
        kind = DATA_RULE_CERTS.get(key)
        if kind and kind not in certs:
            certs.append(kind)
    return BuyerNeeds(
        channels=channels, languages=None if answers is None or answers.languages is None
        else tuple(answers.languages),
        business_hours=None if answers is None else answers.business_hours,
        required_certs=tuple(certs), fte=fte, answer_within_s=s.targets.answer_within_s)


def diligence_schema(c: Checklist) -> DueDiligence:
    """The core checklist as its schema."""
    return DueDiligence(vendor=c.vendor, as_of=c.as_of,
                        items=[DiligenceItem(**asdict(i)) for i in c.items],
                        missing=c.missing, problems=c.problems)


def call_summary(v: m.Vendor, target_wait_s: float = 20.0) -> TestCallSummary:
    """The vendor's test calls with 95% intervals."""
    f = core_facts(v, date.today()).calls
    st = summarise(f.handled, f.resolved, f.wait_s, f.clarity, f.courtesy, f.accuracy,
                   target_wait_s, f.live)
    channels: dict[str, int] = {}
    for c in v.test_calls:
        channels[c.channel] = channels.get(c.channel, 0) + 1
    return TestCallSummary(
        vendor=v.name, n=st.n, few_calls=st.few_calls, few_calls_below=FEW_CALLS,
        target_wait_s=st.target_wait_s, handled=ShareEstimate(**asdict(st.handled)),
        resolved=ShareEstimate(**asdict(st.resolved)),
        within_target=ShareEstimate(**asdict(st.within_target)),
        wait_s=MeanEstimate(**asdict(st.wait_s)), clarity=MeanEstimate(**asdict(st.clarity)),
        courtesy=MeanEstimate(**asdict(st.courtesy)),
        accuracy=MeanEstimate(**asdict(st.accuracy)), channels=channels)


# ---------------------------------------------------------------- use cases


def add_vendor(ws: Workspace, data: VendorIn, *, today: date | None = None,
               actor: Principal | None = None) -> AddedVendor:
    """Register a vendor with everything its document holds (nothing on any error)."""
    actor = actor or cli_principal()
    authorize(actor, "vendors.manage")
    as_of = _today(today)
    check_regions(data)
    with ws.transaction() as session:
        loaded = current_scenario(session)
        vendor = VendorRepository(session).add(to_model(data, as_of))
        audit.record(session, actor, "vendor.create", "vendor", vendor.name, vendor=vendor.name,
                     after={"regions": list(vendor.regions), "quotes": len(vendor.quotes),
                            "test_calls": len(vendor.test_calls)})
        c = checklist(core_facts(vendor, as_of), _needs_or_empty(loaded), as_of)
        return AddedVendor(vendor=vendor.name, regions=list(vendor.regions),
                           quotes=len(vendor.quotes), test_calls=len(vendor.test_calls),
                           missing=c.missing, problems=c.problems)


def _needs_or_empty(loaded: LoadedScenario | None) -> BuyerNeeds:
    try:
        return buyer_needs(loaded)
    except (InvalidInput, NotFound):
        return BuyerNeeds()


def list_vendors(ws: Workspace, *, today: date | None = None,
                 actor: Principal | None = None) -> VendorList:
    """Every vendor with counts and its checklist's gaps (a vendor user: its own)."""
    actor = actor or cli_principal()
    authorize(actor, "vendors.read")
    as_of = _today(today)
    with ws.transaction() as session:
        needs = _needs_or_empty(current_scenario(session))
        rows = []
        for v in visible(actor, VendorRepository(session).list(), lambda v: v.name):
            f = core_facts(v, as_of)
            c = checklist(f, needs, as_of)
            rows.append(VendorSummary(name=v.name, regions=list(v.regions), channels=v.channels,
                                      languages=v.languages, seats=v.seats, quotes=f.quotes,
                                      current_quotes=f.current_quotes, test_calls=f.calls.n,
                                      missing=len(c.missing), problems=len(c.problems)))
        return VendorList(as_of=as_of, vendors=rows)


def _pricing(loaded: LoadedScenario | None, vendor: m.Vendor, as_of: date, draws: int,
             seed: int) -> QuotePricing | None:
    if loaded is None or not vendor.quotes:
        return None
    return price_quotes(loaded, [QuoteRow.of(q, vendor.name) for q in vendor.quotes], as_of,
                        draws, seed)


def show_vendor(ws: Workspace, name: str, *, scenario: Path | None = None,
                draws: int = DEFAULT_DRAWS, seed: int = 1, today: date | None = None,
                actor: Principal | None = None) -> VendorDetail:
    """Everything about one vendor: facts, checklist, test calls, quotes priced.

    A vendor user sees only its own vendor, without the pricing of its quotes
    against the buyer's in-house cost (the buyer's figures).
    """
    actor = actor or cli_principal()
    authorize(actor, "vendors.read")
    check_vendor(actor, name, f"vendor '{name}'")
    as_of = _today(today)
    with ws.transaction() as session:
        loaded = current_scenario(session, scenario)
        vendor = VendorRepository(session).require(name)
        pricing = None if actor.is_vendor else _pricing(loaded, vendor, as_of, draws, seed)
        current = [q for q in (pricing.quotes if pricing else []) if not q.expired]
        fte = current[0].fte if current else None
        needs = buyer_needs(loaded, fte) if loaded else BuyerNeeds()
        notes = []
        if actor.is_vendor:
            notes.append("the buyer prices quotes against its own costs on its pages only")
        elif loaded is None:
            notes.append("no scenario in the workspace: quotes are not priced and the "
                         "checklist does not compare with the buyer's needs")
        return VendorDetail(
            vendor=public_facts(vendor),
            diligence=diligence_schema(checklist(core_facts(vendor, as_of), needs, as_of)),
            test_calls=call_summary(vendor, needs.answer_within_s), pricing=pricing,
            notes=notes)


def add_quote(ws: Workspace, name: str, quote: QuoteIn, *, scenario: Path | None = None,
              draws: int = DEFAULT_DRAWS, seed: int = 1, today: date | None = None,
              actor: Principal | None = None) -> AddedQuote:
    """Store a quote and price all the vendor's quotes on the scenario.

    Pricing runs before the commit: if it fails nothing is written. Without a
    scenario in the workspace the quote is stored and ``pricing`` is ``None``.
    """
    actor = actor or cli_principal()
    authorize(actor, "vendors.manage")
    as_of = _today(today)
    with ws.transaction() as session:
        loaded = current_scenario(session, scenario)
        repo = VendorRepository(session)
        vendor = repo.require(name)
        row = repo.add_quote(vendor, _quote_model(quote, list(vendor.regions), as_of, ()))
        stored = quote.model_copy(update={"region": row.region, "received_on": row.received_on})
        audit.record(session, actor, "quote.create", "quote", row.id, vendor=vendor.name,
                     after=stored.model_dump(mode="json"))
        return AddedQuote(vendor=vendor.name, id=row.id, quote=stored,
                          pricing=_pricing(loaded, vendor, as_of, draws, seed))


def add_test_call(ws: Workspace, name: str, call: TestCallIn, *,
                  actor: Principal | None = None) -> AddedTestCall:
    """Record one test call."""
    actor = actor or cli_principal()
    authorize(actor, "vendors.manage")
    with ws.transaction() as session:
        loaded = current_scenario(session)
        target = loaded.scenario.targets.answer_within_s if loaded else 20.0
        repo = VendorRepository(session)
        vendor = repo.require(name)
        (row,) = repo.add_test_calls(vendor, [call_model(call)])
        audit.record(session, actor, "testcall.create", "test_call", row.id, vendor=vendor.name,
                     after=call.model_dump(mode="json"))
        return AddedTestCall(vendor=vendor.name, id=row.id,
                             summary=call_summary(vendor, target))


def import_test_calls(ws: Workspace, path: Path, vendor: str | None = None, *,
                      actor: Principal | None = None) -> TestCallImportResult:
    """Import a test-call CSV: all rows or none; the same file again changes nothing."""
    actor = actor or cli_principal()
    authorize(actor, "vendors.manage")
    data = read_test_calls(path, vendor)
    with ws.transaction() as session:
        repo = VendorRepository(session)
        if repo.find_import(data.sha256) is not None:
            return TestCallImportResult(file=str(path), sha256=data.sha256,
                                        already_imported=True, imported=0, by_vendor={})
        known = {}
        for row in data.rows:
            if row.vendor not in known:
                v = repo.get(row.vendor)
                if v is None:
                    raise NotFound(f"no vendor '{row.vendor}' (known: "
                                   f"{', '.join(repo.names()) or 'none yet'})",
                                   source=str(path), line=row.line, column="vendor")
                known[row.vendor] = v
        rec = repo.add_import(str(path), data.sha256, len(data.rows))
        counts: dict[str, int] = {}
        for name, v in known.items():
            calls = [call_model(r.call, import_id=rec.id, line=r.line) for r in data.rows
                     if r.vendor == name]
            repo.add_test_calls(v, calls)
            counts[name] = len(calls)
        audit.record(session, actor, "testcalls.import", "test_call_import", rec.id,
                     after={"file": Path(path).name, "sha256": data.sha256, "by_vendor": counts})
        return TestCallImportResult(file=str(path), sha256=data.sha256, already_imported=False,
                                    imported=len(data.rows), by_vendor=counts)


def vendor_from_upload(data: bytes, filename: str) -> VendorIn:
    """A vendor document from an uploaded ``VENDOR.yaml`` (errors name the upload and key)."""
    from outsource.data.vendor_files import load_vendor_bytes

    return load_vendor_bytes(data, filename)


def import_test_call_upload(ws: Workspace, filename: str, data: bytes,
                            vendor: str | None = None, *, actor: Principal | None = None
                            ) -> TestCallImportResult:
    """Import an uploaded test-call CSV (kept in ``WORKSPACE/uploads/test-calls/``).

    As :func:`import_test_calls`; messages and the result name the upload, not
    where the server keeps it.
    """
    import hashlib

    from outsource.services.imports import UPLOADS, safe_name

    actor = actor or cli_principal()
    authorize(actor, "vendors.manage")
    if not data:
        raise InvalidInput("the file is empty", field="file")
    name = safe_name(filename, "test-calls.csv")
    folder = ws.path / UPLOADS / "test-calls" / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    try:
        res = import_test_calls(ws, path, vendor or None, actor=actor)
    except (InvalidInput, NotFound) as exc:
        src = None if exc.source is None else exc.source.replace(str(path), filename)
        msg = exc.message.replace(str(path), filename)
        raise type(exc)(msg, loc=exc.loc, source=src, line=exc.line,
                        column=exc.column) from None
    return res.model_copy(update={"file": filename})


def vendors_for_scoring(session: Session) -> list[m.Vendor]:
    """Every vendor with its facts loaded (for the scorecard)."""
    return VendorRepository(session).list()
