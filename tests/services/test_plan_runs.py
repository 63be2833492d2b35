"""Plan runs: the form's scenario, errors located at form fields, nothing half-written."""

from __future__ import annotations

import pytest

from outsource.errors import Forbidden, InvalidInput, NotFound
from outsource.schemas.plan_runs import ScenarioForm
from outsource.schemas.users import Principal
from outsource.services import jobs, plan_runs
from outsource.services.plan_runs import Upload, _form_error, _stored_defaults, form_document
from outsource.services.workspace import open_workspace

VIEWER = Principal(user_id=None, name="v", role="viewer")
ANALYST = Principal(user_id=None, name="a", role="analyst")
ACME = Principal(user_id=None, name="acme", role="vendor", vendor="acme-manila")


def test_form_document_compares_only_what_the_card_prices():
    doc = form_document(ScenarioForm(regions=["australia", "india"],
                                     pricing_models=["shared_per_minute", "dedicated_hourly"],
                                     wage_low_usd_per_hour=17, wage_usd_per_hour=19,
                                     wage_high_usd_per_hour=23, benefits_load=0.2,
                                     max_abandon=0.05), "w.csv")
    assert doc["compare_card"] is False
    names = [(o["region"], o["pricing_model"]) for o in doc["options"]]
    # Australia has no shared per-minute rate on the playbook card; India inherits one
    assert names == [("australia", "dedicated_hourly"), ("india", "shared_per_minute"),
                     ("india", "dedicated_hourly")]
    assert doc["inhouse"] == {"wage_usd_per_hour": [17, 19, 23], "benefits_load": 0.2}
    assert doc["targets"]["max_abandon"] == 0.05 and "max_asa_s" not in doc["targets"]
    assert "compare_card" not in form_document(ScenarioForm(), "w.csv")


@pytest.mark.parametrize("form, field, says", [
    (ScenarioForm(wage_high_usd_per_hour=20), "wage_usd_per_hour", "both the low and"),
    (ScenarioForm(regions=["mars"]), "regions", "not on the rate card"),
    (ScenarioForm(pricing_models=["commission_only"]), "pricing_models", "inbound"),
    (ScenarioForm(business_hours="Mon-Fri 9-5"), "business_hours", ""),
])
def test_form_errors_name_the_form_field(form, field, says):
    with pytest.raises(InvalidInput) as err:
        form_document(form, "w.csv")
    assert err.value.loc == (field,) and says in err.value.message


def test_scenario_errors_are_moved_to_the_form_field():
    moved = _form_error(InvalidInput("inconsistent range: low 30 > high 20",
                                     loc=("inhouse", "wage_usd_per_hour")))
    assert moved.loc == ("wage_usd_per_hour",) and moved.message.startswith("inconsistent")
    deep = _form_error(InvalidInput("must be >= 0", loc=("targets", "max_abandon", "low")))
    assert deep.loc == ("max_abandon",) and deep.message == "targets.max_abandon.low: must be >= 0"
    other = InvalidInput("x", loc=("currency",))
    assert _form_error(other) is other


def test_form_defaults_tolerate_keys_the_form_does_not_know():
    text = ("name: N\nworkload: {file: w.csv}\ntargets: {service_level: 0.9, "
            "answer_within_s: 30, response_within_h: 24, response_share: 0.9}\n"
            "advice: {answers: {business_hours: 'Mon-Fri 08:00-18:00 UTC'}}\nby_channel: 1\n")
    d = _stored_defaults(text)
    assert (d.name, d.service_level, d.answer_within_s, d.business_hours) == (
        "N", 0.9, 30, "Mon-Fri 08:00-18:00 UTC")
    assert _stored_defaults("targets: [1, 2]\n") == ScenarioForm()
    assert _stored_defaults("{{{") == ScenarioForm()
    assert _stored_defaults("targets: {service_level: 7}") == ScenarioForm()


def test_a_refused_or_bad_run_writes_nothing(tmp_path, db_snapshot):
    ws = open_workspace(tmp_path / "ws")
    runner = jobs.JobRunner(ws, 1)
    try:
        before = db_snapshot(ws)
        for actor in (ACME,):
            with pytest.raises(Forbidden):
                plan_runs.start_plan(ws, runner, actor)
        with pytest.raises(NotFound, match="no scenario yet"):
            plan_runs.start_plan(ws, runner, VIEWER)
        with pytest.raises(InvalidInput) as err:
            plan_runs.start_plan(ws, runner, ANALYST, form=ScenarioForm(), uploads=[
                Upload("w.csv", b"interval_start,calls,aht_s\n2026-05-04T08:00:00Z,x,1\n")])
        assert err.value.loc == ("workload_file",) and err.value.line == 2
        with pytest.raises(InvalidInput, match="between"):
            plan_runs.start_plan(ws, runner, ANALYST, draws=10)
        assert db_snapshot(ws) == before
        assert list((ws.path / plan_runs.PLANS).iterdir()) == []
        with pytest.raises(Forbidden):
            plan_runs.save_scenario(ws, VIEWER, 1)
    finally:
        runner.shutdown()


def test_the_form_keeps_the_stored_advice_block_when_asked():
    stored = {"answers": {"goal": "cost", "business_hours": "Mon-Fri 08:00-18:00 UTC"},
              "evidence": {"test_calls_recorded": 36}}
    hours = "Mon-Sat 09:00-17:00 America/New_York"
    kept = form_document(ScenarioForm(business_hours=hours), "w.csv", stored)["advice"]
    assert kept == {"answers": {"goal": "cost", "business_hours": hours},
                    "evidence": {"test_calls_recorded": 36}}
    assert stored["answers"]["business_hours"] == "Mon-Fri 08:00-18:00 UTC"  # not mutated
    assert form_document(ScenarioForm(), "w.csv", stored)["advice"] == stored
    dropped = form_document(ScenarioForm(keep_advice=False, business_hours=hours), "w.csv",
                            stored)
    assert dropped["advice"] == {"answers": {"business_hours": hours}}
    assert "advice" not in form_document(ScenarioForm(keep_advice=False), "w.csv", stored)


def test_a_file_error_sits_at_the_workload_field(tmp_path):
    ws = open_workspace(tmp_path / "ws")
    runner = jobs.JobRunner(ws, 1)
    one = b"interval_start,calls,aht_s\n2026-05-04T08:00:00Z,90,600\n"
    try:
        with pytest.raises(InvalidInput) as err:
            plan_runs.start_plan(ws, runner, ANALYST, form=ScenarioForm(),
                                 uploads=[Upload("one.csv", one)])
        assert err.value.loc == ("workload_file",) and err.value.source == "one.csv"
        assert "period_minutes" in err.value.message
    finally:
        runner.shutdown()


def test_an_impossible_target_is_a_form_error_not_a_failed_job(tmp_path):
    ws = open_workspace(tmp_path / "ws")
    runner = jobs.JobRunner(ws, 1)
    huge = b"interval_start,calls,aht_s,period_minutes\n2026-05-04T08:00:00Z,9000000,600,60\n"
    try:
        with pytest.raises(InvalidInput) as err:
            plan_runs.start_plan(ws, runner, ANALYST, form=ScenarioForm(),
                                 uploads=[Upload("huge.csv", huge)])
        assert err.value.loc == ("service_level",) and "cannot be met" in err.value.message
        assert jobs.list_jobs(ws, ANALYST) == []
    finally:
        runner.shutdown()
