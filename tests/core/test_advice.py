"""The advice rule engine: one test per rule, thresholds as data, contradictions.

Each expected verdict is derived in the test from the playbook's sentence the
rule encodes (quoted in the test's docstring).
"""

from __future__ import annotations

from datetime import date

import pytest

from outsource.core.advice import (
    Answers,
    Fact,
    ScopeFacts,
    advise,
    check_answers,
    thresholds_with,
)
from outsource.core.advice_regions import overlap
from outsource.core.advice_rules import (
    DEFAULT_THRESHOLDS,
    METHOD_RULES,
    REGION_RULES,
    REGIONS,
    VERDICT_RULES,
)
from outsource.core.workforce import HoursOfOperation
from outsource.errors import InvalidInput

REF = date(2025, 1, 15)
NY = "Mon-Fri 08:00-18:00 America/New_York"
ALL_REGIONS = {k: (k, v) for k, v in REGIONS.items()}
VOICE = ScopeFacts("channel:voice", 3000.0, 12.0, 0.3)
EMAIL = ScopeFacts("channel:email", 400.0, 2.0, 0.4)


def _facts(**kw: float) -> dict[str, Fact]:
    base = {"email_share": 0.0, "social_share": 0.0}
    return {k: Fact(v, "stated: test") for k, v in {**base, **kw}.items()}


def _run(facts=None, scopes=(VOICE,), answers=None, over=None, regions=None):
    return advise(facts or _facts(), scopes, answers or Answers(), thresholds_with(over or {}),
                  ALL_REGIONS if regions is None else regions, REF)


def _scope(rec, name):
    return next(c for c in (*rec.channels, *rec.segments) if c.scope == name)


def _rules(conclusion):
    return {f.rule for f in conclusion.fired}


def test_every_rule_cites_a_playbook_section_and_known_threshold():
    with open("/work/shared/playbook.md", encoding="utf-8") as fh:
        headings = {line[3:].strip() for line in fh if line.startswith("## ")}
    for rule in (*VERDICT_RULES, *METHOD_RULES, *REGION_RULES):
        assert any(h in rule.section for h in headings), rule.id
        for c in rule.when:
            assert c.threshold is None or c.threshold in DEFAULT_THRESHOLDS, rule.id


def test_face_to_face_frequent_keeps_everything_in_house():
    """Step 1: 'Frequent in-person contact makes outsourcing infeasible.'"""
    rec = _run(_facts(email_share=0.2), (VOICE, EMAIL), Answers(face_to_face="frequent"))
    assert rec.overall.verdict == "keep in-house"
    assert all(c.verdict == "keep in-house" and c.method is None for c in rec.channels)
    assert "face_to_face" in _rules(_scope(rec, "channel:email"))


def test_complex_live_keeps_voice_and_threshold_is_overridable():
    """'Complex or technical calls argue for keeping service in-house.'"""
    rec = _run(_facts(complex_share=0.6))
    voice = _scope(rec, "channel:voice")
    assert voice.verdict == "keep in-house" and "complex_live" in _rules(voice)
    fired = next(f for f in voice.fired if f.rule == "complex_live")
    assert "complex_share 0.6" in fired.evidence[0] and "complex_share_high 0.5" in \
        fired.evidence[0]
    assert fired.citation == "playbook, section Decide whether to outsource at all"
    rec = _run(_facts(complex_share=0.6), over={"complex_share_high": 0.7})
    assert "complex_live" not in _rules(_scope(rec, "channel:voice"))


def test_long_contacts_and_transfers_give_a_hybrid():
    for fact, rid in (("long_contact_share", "long_contacts"), ("transfer_share", "transfers")):
        voice = _scope(_run(_facts(**{fact: 0.3})), "channel:voice")
        assert voice.verdict == "hybrid" and rid in _rules(voice)


def test_email_is_safe_to_outsource_social_easy():
    """'Email: safe to outsource'; social media 'easily done by a third party'."""
    social = ScopeFacts("channel:social", 50.0, 0.5, 0.9)
    rec = _run(_facts(email_share=0.2, social_share=0.05), (VOICE, EMAIL, social))
    assert _scope(rec, "channel:email").method == "email_team"
    assert _scope(rec, "channel:email").verdict == "outsource"
    assert _scope(rec, "channel:social").method == "social_media_team"
    assert _scope(rec, "channel:voice").verdict == "keep in-house"
    assert rec.overall.verdict == "hybrid"


def test_after_hours_and_over_capacity_hand_over_segments():
    """Help outside staff's hours and volume staff cannot handle argue for outsourcing."""
    biz = ScopeFacts("segment:business_hours", 2500.0, 10.0, 0.3)
    night = ScopeFacts("segment:after_hours", 500.0, 3.0, 1.2)
    rec = _run(_facts(after_hours_share=0.17, capacity_ratio=1.3), (VOICE, biz, night),
               Answers(business_hours=NY))
    assert _scope(rec, "segment:after_hours").verdict == "outsource"
    assert _scope(rec, "segment:business_hours").verdict == "hybrid"
    assert _scope(rec, "channel:voice").verdict == "hybrid"
    rec = _run(_facts(after_hours_share=0.005, capacity_ratio=0.9), (VOICE, biz, night),
               Answers(business_hours=NY))
    assert _scope(rec, "segment:after_hours").verdict == "keep in-house"
    assert "status_quo" in _rules(_scope(rec, "segment:business_hours"))


def test_methods_small_large_predictable_and_swinging():
    """Freelance for small needs; dedicated for large, predictable; shared for swings/low."""
    def method(fte, cv):
        s = ScopeFacts("segment:after_hours", 100.0, fte, cv)
        rec = _run(_facts(after_hours_share=0.2), (s,), Answers(business_hours=NY))
        return _scope(rec, "segment:after_hours").method
    assert method(0.8, 0.2) == "freelance_marketplace"
    assert method(8.0, 0.3) == "dedicated_call_center"
    assert method(8.0, 0.9) == "shared_call_center"
    assert method(3.0, 0.2) == "shared_call_center"


def test_remote_team_when_complex_work_exceeds_staff():
    """The middle way: 'hire a remote team of global agents yourself'."""
    rec = _run(_facts(complex_share=0.7, capacity_ratio=1.5),
               (VOICE, ScopeFacts("segment:business_hours", 3000.0, 12.0, 0.3)),
               Answers(business_hours=NY, inhouse_capacity_agents=5))
    voice = _scope(rec, "channel:voice")
    assert voice.method == "remote_team_direct" and "remote_team" in _rules(voice)


def test_cost_gate_and_no_region_bring_hand_overs_back():
    """'Outsourcing for cost pays only if its fees are below the in-house cost.'"""
    rec = _run(_facts(email_share=0.2, best_p_cheaper=0.3), (VOICE, EMAIL), Answers(goal="cost"))
    assert _scope(rec, "channel:email").verdict == "keep in-house"
    assert "not_cost_effective" in _rules(_scope(rec, "channel:email"))
    rec = _run(_facts(email_share=0.2, best_p_cheaper=0.3), (VOICE, EMAIL),
               Answers(goal="satisfaction"))
    assert _scope(rec, "channel:email").verdict == "outsource"
    rec = _run(_facts(email_share=0.2), (VOICE, EMAIL), Answers(languages=("xx",)))
    assert "no_region" in _rules(_scope(rec, "channel:email"))
    assert _scope(rec, "channel:email").verdict == "keep in-house"


def test_region_language_sensitivity_and_data_rules():
    """Agents must communicate clearly; some customers punish offshoring; protect data."""
    rec = _run(answers=Answers(languages=("es",), offshore_sensitivity="high",
                               data_rules=("HIPAA",)))
    by = {r.region: r for r in rec.regions}
    assert by["latin_america"].eligible and by["us_canada"].eligible
    assert not by["india"].eligible and {"language", "offshore_sensitive"} <= _rules(by["india"])
    assert by["us_canada"].conditions == ("compliance evidence for HIPAA from the vendor",)
    rec = _run(answers=Answers(languages=("en",), data_stays_onshore=True))
    assert [r.region for r in rec.regions if r.eligible] == ["us_canada"]


def test_time_zone_overlap_is_computed_from_zones():
    hours = HoursOfOperation.parse(NY)
    manila = overlap(hours, "Asia/Manila", 9, 18, REF)
    chicago = overlap(hours, "America/Chicago", 9, 18, REF)
    assert manila.hours_per_day == 0.0 and manila.after_hours_cover_h == 45.0
    assert chicago.hours_per_day == 8.0   # Chicago 09-18 = New York 10-19; NY closes at 18
    rec = _run(answers=Answers(business_hours=NY))
    by = {r.region: r for r in rec.regions}
    assert not by["india"].eligible and "time_overlap" in _rules(by["india"])


def test_missing_answers_are_listed_not_guessed():
    rec = _run(_facts())
    text = "\n".join(rec.missing)
    for fact in ("complex_share", "face_to_face", "languages_served", "business_hours"):
        assert f"{fact} unknown" in text
    assert _scope(rec, "channel:voice").verdict == "keep in-house"


def test_unknown_threshold_is_an_error():
    with pytest.raises(InvalidInput, match="advice.thresholds.nope"):
        thresholds_with({"nope": 1.0})


@pytest.mark.parametrize(("answers", "facts", "options", "field"), [
    (Answers(face_to_face="frequent", want="everything"), {}, (), "advice.answers.want"),
    (Answers(business_hours="24/7"), {"after_hours_share": Fact(0.2, "stated")}, (),
     "advice.facts.after_hours_share"),
    (Answers(goal="satisfaction"), {}, (("offshore", "shared_per_minute"),),
     "advice.answers.goal"),
])
def test_contradictions_raise_clear_errors(answers, facts, options, field):
    with pytest.raises(InvalidInput, match=f"^{field}: contradiction"):
        check_answers(answers, facts, thresholds_with({}), options)


def test_overlap_longer_than_open_day_is_a_contradiction():
    with pytest.raises(InvalidInput, match="overlap_hours_needed: contradiction"):
        check_answers(Answers(business_hours="Mon-Fri 09:00-13:00 America/New_York"), {},
                      thresholds_with({"overlap_hours_needed": 6}))
    check_answers(Answers(business_hours=NY, goal="satisfaction"), {}, thresholds_with({}),
                  (("offshore", "shared_per_minute"), ("onshore", "dedicated_hourly")))
