"""The hand-over brief (playbook step 5) and the decision rights it reports.

"Management must know the scale and nature of customer contacts: why
customers call, what they need help with, whether their representatives
decide or not." The brief reads the workspace's imported logs (DuckDB:
reasons by queue, handle time, repeat and transfer rates, peak hours), the
scenario (languages, hours) and the decision rights (application database).
"""

from __future__ import annotations

from pathlib import Path

from outsource.core.vendor_facts import hours_coverage
from outsource.data.brief_sql import Group, log_timezones, summarise_log
from outsource.data.db.models.workspace import DecisionRight
from outsource.data.db.repositories import DecisionRightRepository, VendorRepository
from outsource.data.vendor_files import load_decision_rights
from outsource.schemas.users import Principal
from outsource.schemas.vendors import DecisionRightOut, HandoverBrief, ReasonRow, VendorFit
from outsource.services.authz import authorize, scope_vendor
from outsource.services.scenarios import current_scenario
from outsource.services.workspace import Workspace

REPEAT_WINDOW_DAYS = 7


def _right(r: DecisionRight) -> DecisionRightOut:
    return DecisionRightOut(action=r.action, agent_decides=r.agent_decides,
                            limit_usd=r.limit_usd, escalate_to=r.escalate_to, note=r.note)


def set_decision_rights(ws: Workspace, path: Path) -> list[DecisionRightOut]:
    """Replace the workspace's decision rights with those of a file."""
    data = load_decision_rights(path)
    with ws.transaction() as session:
        rows = DecisionRightRepository(session).replace_all(
            [DecisionRight(**r.model_dump()) for r in data.rights])
        return [_right(r) for r in rows]


def list_decision_rights(ws: Workspace) -> list[DecisionRightOut]:
    """The workspace's decision rights, by action."""
    with ws.transaction() as session:
        return [_right(r) for r in DecisionRightRepository(session).list()]


def _row(g: Group, total: int) -> ReasonRow:
    return ReasonRow(key=g.key, contacts=g.contacts, share=g.contacts / total if total else 0.0,
                     mean_handle_s=g.mean_handle_s, repeat_share=g.repeat_share,
                     transfer_share=g.transfer_share, abandon_share=g.abandon_share)


def build_brief(ws: Workspace, *, vendor: str | None = None, rights: Path | None = None,
                scenario: Path | None = None, actor: Principal | None = None
                ) -> HandoverBrief:
    """The brief; ``rights`` first replaces the stored decision rights (same transaction).

    Permission ``vendors.read`` (``vendors.manage`` to replace the rights); a
    vendor user gets the brief addressed to its own vendor only.
    """
    from outsource.services.users import cli_principal

    actor = actor or cli_principal()
    authorize(actor, "vendors.read" if rights is None else "vendors.manage")
    vendor = scope_vendor(actor, vendor)
    new_rights = load_decision_rights(rights) if rights is not None else None
    with ws.transaction() as session:
        loaded = current_scenario(session, scenario)
        v = VendorRepository(session).require(vendor) if vendor else None
        repo = DecisionRightRepository(session)
        if new_rights is not None:
            repo.replace_all([DecisionRight(**r.model_dump()) for r in new_rights.rights])
        stored = [_right(r) for r in repo.list()]
        answers = loaded.scenario.advice.answers if loaded and loaded.scenario.advice else None
        hours = answers.business_hours if answers else None
        zones = log_timezones(ws.path)
        tz = (hours.rsplit(" ", 1)[-1] if hours and "/" in hours.rsplit(" ", 1)[-1]
              else (zones[0] if zones else "UTC"))
        log = summarise_log(ws.path, tz, REPEAT_WINDOW_DAYS)
        notes = []
        if log.contacts == 0:
            notes.append("no contact log imported in this workspace: import one (outsource "
                         "import) to describe why customers contact")
        if not stored:
            notes.append("no decision rights on file: whether representatives decide is "
                         "not stated")
        languages = None if answers is None else answers.languages
        lang_src = ("the scenario (advice.answers.languages); the logs carry no language"
                    if languages else "not stated (the scenario gives no languages and the "
                                      "logs carry none)")
        fit = None
        if v is not None:
            chans = sorted({c.key for c in _rows(log.channels, log.contacts)})
            cov = (hours_coverage(v.hours_offered, hours) if v.hours_offered and hours
                   else None)
            fit = VendorFit(
                vendor=v.name, languages=v.languages,
                languages_missing=[x for x in (languages or []) if x not in (v.languages or [])]
                if v.languages is not None else list(languages or []),
                channels_missing=[c for c in chans if v.channels is not None
                                  and c not in v.channels],
                hours_offered=v.hours_offered, hours_coverage_share=cov)
        peak = sorted(range(24), key=lambda h: (-log.hourly[h], h))[:3] if log.contacts else []
        return HandoverBrief(
            buyer=None if loaded is None else loaded.scenario.name, vendor=fit, timezone=tz,
            period_from=log.first, period_to=log.last, days=log.weekday_hour_days,
            contacts=log.contacts,
            overall=None if log.overall is None else _row(log.overall, log.contacts),
            reasons=_rows(log.reasons, log.contacts), channels=_rows(log.channels, log.contacts),
            hourly_contacts=log.hourly, peak_hours=sorted(peak),
            repeat_window_days=REPEAT_WINDOW_DAYS, languages=languages,
            languages_source=lang_src, business_hours=hours, decision_rights=stored,
            notes=notes)


def _rows(groups: list[Group], total: int) -> list[ReasonRow]:
    return [_row(g, total) for g in groups]
