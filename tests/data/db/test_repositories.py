"""Repositories on SQLite and PostgreSQL: add, find, conflicts, children, no commits."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from outsource.data.db.models.vendors import (
    Certification,
    ClientReference,
    LabourCheck,
    PublicReview,
    Quote,
    TestCall,
    Vendor,
    VendorSite,
)
from outsource.data.db.models.workspace import DecisionRight
from outsource.data.db.repositories import (
    DecisionRightRepository,
    ScenarioRepository,
    VendorRepository,
)
from outsource.errors import Conflict, NotFound


def _vendor(name: str = "acme-manila") -> Vendor:
    return Vendor(
        name=name, regions=["asia_philippines"], channels=["voice", "chat"], languages=["en"],
        seats=400, hours_offered="24/7", dp_encryption_at_rest=True, attrition_per_year=0.4,
        sites=[VendorSite(name="Makati", region="asia_philippines", country="PH", seats=400)],
        certifications=[Certification(kind="pci_dss", expires_on=date(2027, 3, 31))],
        labour_checks=[LabourCheck(country="PH", evidence="DOLE filing", reviewer="counsel",
                                   checked_on=date(2026, 3, 1), finding="compliant")],
        references=[ClientReference(client="Retail Co", contacted_on=date(2026, 3, 2),
                                    said="good", rating=4)],
        reviews=[PublicReview(source="forum", rating=3.5, scale=5)],
    )


def test_add_and_get_with_children(database):
    with database.transaction() as s:
        VendorRepository(s).add(_vendor())
    with database.transaction() as s:
        v = VendorRepository(s).require("acme-manila")
        assert v.regions == ["asia_philippines"] and v.languages == ["en"]
        assert v.sites[0].country == "PH" and v.certifications[0].expires_on == date(2027, 3, 31)
        assert v.labour_checks[0].finding == "compliant" and v.references[0].rating == 4
        assert v.reviews[0].rating == 3.5 and v.dp_encryption_at_rest is True
        assert v.dp_encryption_in_transit is None  # not on file, not "no"
        assert v.created_at is not None


def test_duplicate_name_is_a_conflict_and_nothing_is_written(database):
    with database.transaction() as s:
        VendorRepository(s).add(_vendor())
    with pytest.raises(Conflict) as err, database.transaction() as s:
        VendorRepository(s).add(_vendor("other"))
        VendorRepository(s).add(_vendor())
    assert err.value.field == "name"
    with database.transaction() as s:
        assert VendorRepository(s).names() == ["acme-manila"]


def test_missing_vendor_names_the_known_ones(database):
    with database.transaction() as s:
        VendorRepository(s).add(_vendor())
    with pytest.raises(NotFound, match="known: acme-manila"), database.transaction() as s:
        VendorRepository(s).require("nobody")


def test_quotes_and_test_calls(database):
    with database.transaction() as s:
        repo = VendorRepository(s)
        v = repo.add(_vendor())
        repo.add_quote(v, Quote(pricing_model="dedicated_hourly", region="asia_philippines",
                                rate=11.5, received_on=date(2026, 4, 1),
                                valid_until=date(2026, 12, 31)))
        imp = repo.add_import("calls.csv", "ab" * 32, 2)
        repo.add_test_calls(v, [
            TestCall(called_on=date(2026, 4, 2), scenario="return", channel="voice",
                     wait_s=30, handled=True, resolved=True, clarity=4, import_id=imp.id,
                     line=2),
            TestCall(called_on=date(2026, 4, 3), scenario="billing", channel="chat",
                     wait_s=None, handled=False, import_id=imp.id, line=3)])
    with database.transaction() as s:
        repo = VendorRepository(s)
        v = repo.require("acme-manila")
        assert [q.rate for q in v.quotes] == [11.5] and v.quotes[0].tier == "regular"
        assert [c.handled for c in v.test_calls] == [True, False]
        assert repo.find_import("ab" * 32).rows == 2 and repo.test_call_count() == 2


def test_same_import_line_twice_is_refused(database):
    with pytest.raises(Conflict), database.transaction() as s:
        repo = VendorRepository(s)
        v = repo.add(_vendor())
        imp = repo.add_import("calls.csv", "cd" * 32, 1)
        call = dict(called_on=date(2026, 4, 2), scenario="x", channel="voice", handled=True,
                    import_id=imp.id, line=2)
        repo.add_test_calls(v, [TestCall(**call), TestCall(**call)])
    with database.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Vendor)) == 0


def test_check_constraints_guard_the_ranges(database):
    from outsource.errors import InvalidInput

    with pytest.raises(InvalidInput, match="refused"), database.transaction() as s:
        repo = VendorRepository(s)
        v = repo.add(_vendor())
        repo.add_test_calls(v, [TestCall(called_on=date(2026, 4, 2), scenario="x",
                                         channel="voice", handled=True, clarity=7)])


def test_deleting_a_vendor_removes_its_facts(database):
    with database.transaction() as s:
        VendorRepository(s).add(_vendor())
    with database.transaction() as s:
        s.delete(VendorRepository(s).require("acme-manila"))
    with database.transaction() as s:
        assert s.scalar(select(func.count()).select_from(VendorSite)) == 0
        assert s.scalar(select(func.count()).select_from(Certification)) == 0


def test_scenarios_newest_is_current(database):
    with database.transaction() as s:
        repo = ScenarioRepository(s)
        assert repo.current() is None
        repo.store("a", "name: a", "/tmp", "a.yaml")
        repo.store("b", "name: b", "/tmp", "b.yaml")
    with database.transaction() as s:
        repo = ScenarioRepository(s)
        assert repo.current().name == "b" and repo.count() == 2


def test_decision_rights_replace_the_set(database):
    with database.transaction() as s:
        DecisionRightRepository(s).replace_all([
            DecisionRight(action="refund", agent_decides=True, limit_usd=50),
            DecisionRight(action="replacement", agent_decides=False, escalate_to="lead")])
    with database.transaction() as s:
        DecisionRightRepository(s).replace_all([
            DecisionRight(action="refund", agent_decides=True, limit_usd=75)])
    with database.transaction() as s:
        rights = DecisionRightRepository(s).list()
        assert [(r.action, r.limit_usd) for r in rights] == [("refund", 75.0)]
