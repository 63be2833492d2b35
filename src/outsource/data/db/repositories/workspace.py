"""The workspace's scenario (newest stored row is current) and its decision rights."""

from __future__ import annotations

from sqlalchemy import delete, select

from outsource.data.db.models.workspace import DecisionRight, StoredScenario
from outsource.data.db.repositories._base import Repository


class ScenarioRepository(Repository):
    """Scenarios stored in the workspace; history is kept, the newest is current."""

    def store(self, name: str, yaml_text: str, base_dir: str, source: str) -> StoredScenario:
        """Add a scenario; it becomes the current one."""
        row = StoredScenario(name=name, yaml_text=yaml_text, base_dir=base_dir, source=source)
        self.session.add(row)
        self.flush("scenario")
        return row

    def current(self) -> StoredScenario | None:
        """The newest stored scenario, or ``None``."""
        stmt = select(StoredScenario).order_by(StoredScenario.id.desc()).limit(1)
        return self.session.scalars(stmt).first()

    def count(self) -> int:
        """How many scenarios were stored."""
        return len(self.session.scalars(select(StoredScenario.id)).all())


class DecisionRightRepository(Repository):
    """The decision rights the buyer grants representatives (one set per workspace)."""

    def replace_all(self, rights: list[DecisionRight]) -> list[DecisionRight]:
        """Replace the whole set with ``rights``."""
        self.session.execute(delete(DecisionRight))
        self.session.add_all(rights)
        self.flush("decision right", "action")
        return rights

    def list(self) -> list[DecisionRight]:
        """Every right, by action."""
        return list(self.session.scalars(select(DecisionRight).order_by(DecisionRight.action)))
