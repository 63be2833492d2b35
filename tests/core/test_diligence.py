"""The due-diligence checklist: missing items listed, problems named, nothing assumed."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from outsource.core.diligence import checklist
from outsource.core.vendor_facts import (
    BuyerNeeds,
    Calls,
    Cert,
    LabourFinding,
    VendorFacts,
    hours_coverage,
)

NY = "Mon-Fri 08:00-20:00; Sat 09:00-17:00 America/New_York"


def _status(c, key):
    return next(i for i in c.items if i.key == key).status


def test_nothing_on_file_is_all_missing_never_ok():
    c = checklist(VendorFacts(name="bare"), BuyerNeeds(), date(2026, 4, 1))
    assert all(i.status == "missing" for i in c.items), [i for i in c.items if
                                                         i.status != "missing"]
    assert "Agent attrition" in c.missing and not c.problems


def test_andes_gap_expired_pci_and_no_labour_check():
    f = VendorFacts(name="andes-bogota", site_countries=("CO",), languages=("en", "es"),
                    certs=(Cert("iso27001", date(2027, 9, 30)), Cert("pci_dss", date(2026, 1, 31))),
                    labour=(), calls=Calls(handled=np.ones(12)))
    c = checklist(f, BuyerNeeds(required_certs=("pci_dss",), languages=("en", "es")),
                  date(2026, 4, 20))
    assert _status(c, "labour_check:CO") == "missing"
    assert _status(c, "cert:pci_dss") == "problem"
    assert "expired on 2026-01-31" in next(i.detail for i in c.items if i.key == "cert:pci_dss")
    assert _status(c, "cert:security") == "ok" and _status(c, "languages") == "ok"
    assert _status(c, "test_calls") == "ok"


def test_stale_or_failing_labour_checks_are_problems():
    old = VendorFacts(name="x", site_countries=("PH",),
                      labour=(LabourFinding("PH", date(2024, 1, 1), "compliant"),))
    assert _status(checklist(old, BuyerNeeds(), date(2026, 4, 1)), "labour_check:PH") == "problem"
    bad = VendorFacts(name="x", site_countries=("PH",),
                      labour=(LabourFinding("PH", date(2026, 3, 1), "non_compliant"),))
    assert _status(checklist(bad, BuyerNeeds(), date(2026, 4, 1)), "labour_check:PH") == "problem"


def test_needs_not_met_are_problems():
    f = VendorFacts(name="x", channels=("voice",), languages=("en",), seats=10,
                    hours_offered="Mon-Fri 09:00-17:00 America/New_York", quotes=1)
    c = checklist(f, BuyerNeeds(channels=("voice", "email"), languages=("en", "es"),
                                business_hours=NY, fte=20), date(2026, 4, 1))
    for key in ("channels", "languages", "seats", "hours", "quotes"):
        assert _status(c, key) == "problem", key


def test_hours_coverage_across_time_zones():
    # Bogotá is UTC-5 all year; New York in June is UTC-4: 07:00-21:00 Bogotá covers 08-20 NY
    assert hours_coverage("Mon-Sat 07:00-21:00 America/Bogota", NY) == 1.0
    assert hours_coverage("24/7", NY) == 1.0
    # New York's week: 5 x 12 + 8 = 68 h; Mon-Fri 09-17 covers 40 of them
    assert hours_coverage("Mon-Fri 09:00-17:00 America/New_York", NY) == pytest.approx(40 / 68)
