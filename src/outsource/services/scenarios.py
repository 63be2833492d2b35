"""The workspace's scenario: stored in the application database, settable from a file.

A workspace holds one current scenario (the newest stored; history kept): the
YAML text and the folder its relative paths (``workload.file``,
``rate_cards``) resolve against. Commands that price use it; a scenario file
given for one run overrides it without being stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from outsource.data.db.repositories import ScenarioRepository
from outsource.data.scenario import Scenario, load_scenario, parse_scenario, scenario_workload
from outsource.data.yaml_safe import load_yaml
from outsource.errors import NotFound, OutsourceError
from outsource.schemas.users import Principal
from outsource.schemas.vendors import ScenarioInfo
from outsource.services import audit
from outsource.services.authz import authorize
from outsource.services.users import cli_principal
from outsource.services.workspace import Workspace


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario ready for the cost model: the model, its folder, where it came from."""

    scenario: Scenario
    base_dir: Path
    source: str


def _info(row) -> ScenarioInfo:  # type: ignore[no-untyped-def]
    return ScenarioInfo(name=row.name, source=row.source, base_dir=row.base_dir,
                        stored_at=None if row.stored_at is None else row.stored_at.isoformat(),
                        yaml=row.yaml_text)


def set_scenario(ws: Workspace, path: Path, *, actor: Principal | None = None) -> ScenarioInfo:
    """Validate the scenario file at ``path`` (and its workload) and make it current.

    Permission ``scenario.write`` (``actor`` defaults to the CLI operator); the
    change is in the audit log (``scenario.set``).
    """
    actor = actor or cli_principal()
    authorize(actor, "scenario.write")
    p = Path(path).resolve()
    try:
        s = load_scenario(p)
        scenario_workload(s, p.parent)
    except OutsourceError as exc:
        raise exc.prefixed(source=str(path)) if exc.source is None else exc from None
    text = p.read_text(encoding="utf-8")
    with ws.transaction() as session:
        row = ScenarioRepository(session).store(s.name, text, str(p.parent), str(p))
        session.flush()
        audit.record(session, actor, "scenario.set", "scenario", row.id,
                     after={"name": s.name, "source": str(p)})
        return _info(row)


def show_scenario(ws: Workspace) -> ScenarioInfo:
    """The current scenario; :class:`NotFound` when none was set."""
    with ws.transaction() as session:
        row = ScenarioRepository(session).current()
        if row is None:
            raise NotFound("the workspace has no scenario yet", field="scenario")
        return _info(row)


def current_scenario(session: Session, override: Path | None = None) -> LoadedScenario | None:
    """The scenario to price on: ``override`` (a file) if given, else the stored one."""
    if override is not None:
        p = Path(override).resolve()
        try:
            return LoadedScenario(load_scenario(p), p.parent, str(override))
        except OutsourceError as exc:
            raise exc.prefixed(source=str(override)) if exc.source is None else exc from None
    row = ScenarioRepository(session).current()
    if row is None:
        return None
    try:
        data = load_yaml(row.yaml_text, row.source)
        return LoadedScenario(parse_scenario(data), Path(row.base_dir), row.source)
    except OutsourceError as exc:
        raise exc.prefixed(source=row.source) from None
