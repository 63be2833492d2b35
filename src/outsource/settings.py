"""Settings from the environment (prefix ``OUTSOURCE_``), built by a factory.

Nothing is read at import time: call :func:`get_settings` where settings are
needed (CLI commands, web app factory, services' callers).
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration.

    Attributes
    ----------
    workspace : Path
        Folder holding the workspace's data (DuckDB file, plans).
        ``OUTSOURCE_WORKSPACE``; defaults to ``./outsource-workspace``.
    database_url : str or None
        SQLAlchemy URL of the application database; ``None`` means a SQLite
        file inside the workspace.
    spark_master : str
        Spark master of ``outsource monitor --engine spark``
        (``OUTSOURCE_SPARK_MASTER``); defaults to ``local[2]``.
    """

    model_config = SettingsConfigDict(env_prefix="OUTSOURCE_", extra="ignore")

    workspace: Path = Path("outsource-workspace")
    database_url: str | None = None
    spark_master: str = "local[2]"


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides winning."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
