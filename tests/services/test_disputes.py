"""Disputes: a vendor user files one of its own month's SLA result, the buyer decides once;
who may do what, and the audit rows both actions leave."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from outsource.errors import Conflict, Forbidden, InvalidInput, NotFound
from outsource.schemas.disputes import DisputeDecisionIn, DisputeIn
from outsource.schemas.users import Principal
from outsource.services import audit, disputes
from outsource.services.demo import seed_contracts, seed_vendors
from outsource.services.workspace import open_workspace

ANDES = Principal(user_id=5, name="andes", role="vendor", vendor="andes-bogota")
ACME = Principal(user_id=4, name="acme", role="vendor", vendor="acme-manila")
ANALYST = Principal(user_id=2, name="analyst", role="analyst")
VIEWER = Principal(user_id=3, name="viewer", role="viewer")
ADMIN = Principal(user_id=1, name="admin", role="admin")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from outsource.data.db import close_all

    path = tmp_path_factory.mktemp("disputes") / "ws"
    ws = open_workspace(path)
    seed_vendors(ws)
    seed_contracts(ws)
    close_all()
    return path


@pytest.fixture
def ws(template, tmp_path):
    import shutil

    from outsource.data.db import close_all

    shutil.copytree(template, tmp_path / "ws")
    yield open_workspace(tmp_path / "ws")
    close_all()


def sla(vendor: str = "andes-bogota", period: str = "2026-09", metric: str = "service_level",
        comment: str = "the outage of 2026-09-14 was the buyer's IVR") -> DisputeIn:
    return DisputeIn(kind="sla", vendor=vendor, period=period, metric=metric, comment=comment)


def test_file_then_accept_with_audit_rows(ws):
    filed = disputes.file_dispute(ws, sla(), actor=ANDES)
    assert (filed.status, filed.vendor, filed.period, filed.metric, filed.filed_by) == (
        "open", "andes-bogota", "2026-09", "service_level", "andes")
    assert filed.decided_by is None and filed.filed_at.tzinfo is not None
    done = disputes.decide_dispute(ws, filed.id, DisputeDecisionIn(
        decision="accepted", comment="IVR logs confirm it"), actor=ANALYST)
    assert (done.status, done.decided_by, done.decision_comment) == (
        "accepted", "analyst", "IVR logs confirm it")
    rows = audit.entries(ws, ADMIN, entity="dispute")
    assert [r.action for r in rows] == ["dispute.decide", "dispute.file"]
    decide, file = rows
    assert (file.actor, file.actor_role, file.vendor, file.entity_id) == (
        "andes", "vendor", "andes-bogota", str(filed.id))
    assert file.before is None and file.after["comment"].startswith("the outage")
    assert decide.actor == "analyst" and decide.vendor == "andes-bogota"
    assert (decide.before["status"], decide.after["status"]) == ("open", "accepted")


def test_a_decision_is_final(ws):
    d = disputes.file_dispute(ws, sla(), actor=ANDES)
    disputes.decide_dispute(ws, d.id, DisputeDecisionIn(decision="rejected", comment="no"),
                            actor=ADMIN)
    with pytest.raises(Conflict, match="already rejected by admin"):
        disputes.decide_dispute(ws, d.id, DisputeDecisionIn(decision="accepted",
                                                            comment="changed my mind"),
                                actor=ANALYST)
    assert disputes.get_dispute(ws, d.id, actor=ADMIN).status == "rejected"
    assert [r.action for r in audit.entries(ws, ADMIN, entity="dispute")] == [
        "dispute.decide", "dispute.file"]  # the refused decision left no row


def test_one_open_dispute_per_subject(ws):
    disputes.file_dispute(ws, sla(), actor=ANDES)
    with pytest.raises(Conflict, match="already has an open dispute"):
        disputes.file_dispute(ws, sla(comment="again"), actor=ANDES)
    disputes.file_dispute(ws, sla(metric="abandon_rate"), actor=ANDES)  # another subject
    assert disputes.list_disputes(ws, actor=ANALYST).open == 2


def test_who_may_do_what(ws):
    with pytest.raises(Forbidden):  # another vendor's result
        disputes.file_dispute(ws, sla(), actor=ACME)
    for buyer in (ADMIN, ANALYST, VIEWER):  # only vendors dispute
        with pytest.raises(Forbidden):
            disputes.file_dispute(ws, sla(), actor=buyer)
    d = disputes.file_dispute(ws, sla(), actor=ANDES)
    for not_buyer in (ANDES, ACME, VIEWER):  # only admin and analyst decide
        with pytest.raises(Forbidden):
            disputes.decide_dispute(ws, d.id, DisputeDecisionIn(decision="accepted",
                                                                comment="ok"), actor=not_buyer)
    assert [x.id for x in disputes.list_disputes(ws, actor=ANDES).disputes] == [d.id]
    assert disputes.list_disputes(ws, actor=ACME).disputes == []
    with pytest.raises(Forbidden):
        disputes.list_disputes(ws, actor=ACME, vendor="andes-bogota")
    with pytest.raises(NotFound):  # another vendor's dispute does not exist for it
        disputes.get_dispute(ws, d.id, actor=ACME)
    assert disputes.get_dispute(ws, d.id, actor=VIEWER).id == d.id
    with pytest.raises(NotFound):
        disputes.decide_dispute(ws, 999, DisputeDecisionIn(decision="accepted", comment="x"),
                                actor=ADMIN)


def test_the_subject_must_exist(ws):
    with pytest.raises(InvalidInput, match="not a metric of the contract") as err:
        disputes.file_dispute(ws, sla(metric="csat"), actor=ANDES)
    assert err.value.loc == ("metric",)
    with pytest.raises(NotFound) as err:  # before the contract's start (2026-05-01)
        disputes.file_dispute(ws, sla(period="2026-03"), actor=ANDES)
    assert err.value.loc == ("period",)
    with pytest.raises(NotFound):
        disputes.file_dispute(ws, DisputeIn(kind="invoice_line", vendor="andes-bogota",
                                            invoice_line_id=12345, comment="x"), actor=ANDES)
    assert disputes.list_disputes(ws, actor=ADMIN).disputes == []


@pytest.mark.parametrize("doc, where", [
    ({"kind": "sla", "vendor": "v", "metric": "service_level", "comment": "x"}, "period"),
    ({"kind": "sla", "vendor": "v", "period": "2026-13", "metric": "m", "comment": "x"},
     "period"),
    ({"kind": "sla", "vendor": "v", "period": "2026-09", "comment": "x"}, "metric"),
    ({"kind": "sla", "vendor": "v", "period": "2026-09", "metric": "m", "comment": "  "},
     "comment"),
    ({"kind": "invoice_line", "vendor": "v", "comment": "x"}, "invoice_line_id"),
])
def test_bad_input_is_refused(doc, where):
    with pytest.raises(ValidationError, match=where):
        DisputeIn.model_validate(doc)
