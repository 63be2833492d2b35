"""The seven steps as a checklist (playbook, section "The seven steps")."""

from __future__ import annotations

from outsource.core.checklist import STEP_TITLES, Evidence, Known, checklist

NOTHING = Known(False, False, False, False, False, False, False)
EVERYTHING = Known(True, True, True, True, True, True, True, ("PCI DSS",))


def test_nothing_done_lists_what_is_missing():
    steps = checklist(Evidence(), NOTHING)
    assert [s.title for s in steps] == list(STEP_TITLES)
    assert steps[0].status == "partial"          # the workload itself is always measured
    assert all(s.status == "missing" for s in steps[1:])
    assert "no vendor test calls recorded yet" in steps[3].missing
    assert "no exit plan" in steps[6].missing
    assert "no internal liaison named" in steps[5].missing


def test_everything_done():
    e = Evidence(test_calls_recorded=3, vendor_references_checked=True, reviews_read=True,
                 labour_law_checked=True, compliance_evidence=("pci dss",),
                 contact_reasons_documented=True, decision_authority_documented=True,
                 liaison_named="A. Liaison", governance_defined=True,
                 sla_metrics=("first-contact resolution",), exit_plan=True,
                 in_house_fallback_staff=4, termination_terms=True)
    steps = checklist(e, EVERYTHING)
    assert all(s.status == "done" and not s.missing for s in steps)
    assert "3 vendor test calls recorded" in steps[3].done


def test_data_rules_need_evidence_and_handle_time_alone_is_not_enough():
    """Step 4: protect data; 'Contract and oversight': stress metrics beyond handle time."""
    steps = checklist(Evidence(sla_metrics=("AHT",)), EVERYTHING)
    assert "no PCI DSS compliance evidence from the vendor" in steps[3].missing
    assert "no SLA metric beyond handle time" in steps[5].missing
