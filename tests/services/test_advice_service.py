"""`run_advice` on whole scenarios whose expected recommendation follows from the playbook."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from outsource.data.scenario import load_scenario, load_scenario_inputs
from outsource.errors import InvalidInput
from outsource.services.advice import run_advice

EXAMPLE = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "scenario_bank.yaml"


def _workload(path: Path, per_hour) -> None:
    """One week (Mon 2025-01-13) of hourly rows; ``per_hour(day, hour)`` -> [(channel, n, aht)]."""
    lines = ["interval_start,calls,aht_s,channel"]
    for day in range(7):
        for hour in range(24):
            for channel, n, aht in per_hour(day, hour):
                lines.append(f"2025-01-{13 + day:02d}T{hour:02d}:00:00-05:00,{n},{aht},{channel}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _scenario(tmp_path: Path, advice: dict, per_hour, **extra) -> Path:
    _workload(tmp_path / "week.csv", per_hour)
    doc = {"name": "test", "workload": {"file": "week.csv"}, "advice": advice, **extra}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def advise_file(path: Path, workspace: Path | None = None, draws: int = 2000):
    return run_advice(load_scenario_inputs(path), workspace=workspace, draws=draws)


def _by_scope(result):
    rec = result
    return {c.scope: c for c in (*rec.channels, *rec.segments)}


def _tech_desk(day, hour):
    if day < 5 and 8 <= hour < 18:
        return [("voice", 40, 600), ("email", 10, 400)]
    return []


def test_technical_desk_keeps_voice_in_house_but_may_outsource_email(tmp_path):
    """70% complex calls: 'Complex or technical calls argue for keeping service in-house';
    'Email: safe to outsource' -> voice in-house, e-mail handed over (routine part)."""
    path = _scenario(tmp_path, {
        "answers": {"face_to_face": "none", "languages": ["en"], "goal": "satisfaction",
                    "business_hours": "Mon-Fri 08:00-18:00 America/New_York",
                    "offshore_sensitivity": "low"},
        "facts": {"complex_share": 0.7}}, _tech_desk)
    res = advise_file(path, draws=300)
    scopes = _by_scope(res)
    assert scopes["channel:voice"].verdict == "keep in-house"
    assert scopes["channel:email"].verdict == "hybrid"
    assert scopes["channel:email"].method == "email_team"
    assert res.overall.verdict == "hybrid"
    assert res.facts["complex_share"].source == "stated: advice.facts"
    assert res.facts["after_hours_share"].value == 0.0
    assert all(o.region != "in_house" for o in res.costs) and res.costs


def _retailer(day, hour):
    return [("voice", 60 if 8 <= hour < 22 else 2, 240)]


def test_retailer_with_low_night_volume_outsources_nights_to_a_shared_center(tmp_path):
    """24/7 demand, staff 08-22: 'help outside your staff's hours' argues for outsourcing;
    low, swinging night volume: 'shared inbound suits ... low overall activity'."""
    path = _scenario(tmp_path, {
        "answers": {"face_to_face": "none", "languages": ["en"], "goal": "cost",
                    "business_hours": "Mon-Sun 08:00-22:00 America/New_York"}}, _retailer)
    res = advise_file(path, draws=300)
    night = _by_scope(res)["segment:after_hours"]
    assert night.verdict == "outsource" and night.method == "shared_call_center"
    assert {"after_hours"} <= {f.rule for f in night.fired}
    assert _by_scope(res)["segment:business_hours"].verdict == "keep in-house"
    assert any(o.pricing_model == "shared_per_minute" for o in res.costs)


def test_bank_example_advice_and_checklist():
    res = advise_file(EXAMPLE, draws=300)
    assert res.overall.verdict == "hybrid"
    steps = {s.number: s for s in res.checklist}
    assert "no vendor test calls recorded yet" in steps[4].missing
    assert "no exit plan" in steps[7].missing
    assert steps[2].status == "done"
    assert res.facts["capacity_ratio"].source.startswith("measured")


def test_contradiction_in_a_scenario_is_reported_with_its_key(tmp_path):
    path = _scenario(tmp_path, {"answers": {"face_to_face": "frequent", "want": "everything"}},
                     _retailer)
    with pytest.raises(InvalidInput, match="advice.answers.want: contradiction"):
        advise_file(path, draws=100)


def test_satisfaction_with_only_offshore_shared_options_is_refused(tmp_path):
    path = _scenario(tmp_path, {"answers": {"goal": "satisfaction"}}, _retailer,
                     compare_card=False,
                     options=[{"name": "x", "region": "india",
                               "pricing_model": "shared_per_minute"}])
    with pytest.raises(InvalidInput, match="advice.answers.goal"):
        advise_file(path, draws=100)


def test_advice_block_errors_name_the_key(tmp_path):
    path = _scenario(tmp_path, {"thresholds": {"complex_share_hi": 0.3}}, _retailer)
    with pytest.raises(InvalidInput, match=r"^advice.thresholds: unknown threshold"):
        load_scenario(path)
    path = _scenario(tmp_path, {"answers": {"languages": ["english"]}}, _retailer)
    with pytest.raises(InvalidInput, match=r"^advice.answers.languages"):
        load_scenario(path)


def test_scenario_without_advice_lists_every_answer_as_missing(tmp_path):
    path = _scenario(tmp_path, None, _retailer)
    res = advise_file(path, draws=100)
    text = "\n".join(res.missing)
    assert "face_to_face unknown" in text and "business_hours unknown" in text
    assert any("no advice: block" in n for n in res.notes)


def test_workspace_profile_supplies_measured_shares(tmp_path):
    """With --workspace, long and transferred shares come from the imported contact log."""
    from outsource.services.advice import WORKSPACE
    from outsource.services.ingest import import_file

    rows = ["id,channel,arrived_at,wait_s,handle_s,outcome,transferred"]
    for i in range(20):
        handle = 1200 if i < 5 else 200            # 5 of 20 longer than 900 s
        moved = "true" if i % 4 == 0 else "false"  # 5 of 20 transferred
        rows.append(f"c{i},voice,2025-01-13T{9 + i % 8:02d}:{i:02d}:00Z,10,{handle},"
                    f"answered,{moved}")
    log = tmp_path / "log.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ws = tmp_path / "ws"
    assert import_file(log, ws, None).imported == 20
    path = _scenario(tmp_path, {
        "answers": {"face_to_face": "none", "languages": ["en"], "goal": "cost",
                    "business_hours": "Mon-Fri 08:00-18:00 America/New_York",
                    "offshore_sensitivity": "low"}}, _tech_desk)
    facts = advise_file(path, workspace=ws, draws=200).facts
    assert facts["transfer_share"].source == WORKSPACE
    assert facts["transfer_share"].value == pytest.approx(5 / 20)
    assert facts["long_contact_share"].value == pytest.approx(5 / 20)
