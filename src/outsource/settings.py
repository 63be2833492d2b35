"""Settings from the environment (prefix ``OUTSOURCE_``), built by a factory.

Nothing is read at import time: call :func:`get_settings` where settings are
needed (CLI commands, web app factory, services' callers).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration.

    Attributes
    ----------
    workspace : Path
        Folder holding the workspace's data (contact-log store, application database).
        ``OUTSOURCE_WORKSPACE``; defaults to ``./outsource-workspace``.
    database_url : str or None
        SQLAlchemy URL of the application database; ``None`` means a SQLite
        file inside the workspace.
    log_dir : Path or None
        Folder for the error logs of unexpected failures (``OUTSOURCE_LOG_DIR``;
        ``None``: ``outsource-logs`` in the system's temporary folder). Read by
        :mod:`outsource.crashlog` from the environment itself, so that it works
        even when the other settings are what failed.

    The web application's settings (``outsource serve``; docs/web.md):

    secret_key : SecretStr or None
        Key signing session cookies (``OUTSOURCE_SECRET_KEY``). ``None``: a
        random key is generated once and kept in ``WORKSPACE/secret.key``
        (file mode 0600).
    cookie_secure : bool
        Send the session cookie with ``Secure`` (HTTPS only; Chromium also
        accepts it from ``http://127.0.0.1`` and ``http://localhost``). Default on.
    session_max_age_s : int
        Lifetime of a login session [s] (default 8 hours).
    login_attempts_per_user : int
        Failed logins allowed per user name within ``login_window_s``.
    login_attempts_per_address : int
        Failed logins allowed per client address within ``login_window_s``.
    login_window_s : int
        The rate limit's sliding window [s].
    job_workers : int
        Threads running background jobs (imports) in the web server.
    upload_max_mb : float
        Largest file the web app accepts for upload [MB, 10^6 bytes].
    report_draws : int
        Monte Carlo draws of a plan report made in the web app (docs/reports.md).
    spark_master : str
        Spark master of ``outsource monitor --engine spark``
        (``OUTSOURCE_SPARK_MASTER``); defaults to ``local[2]``.
    """

    model_config = SettingsConfigDict(env_prefix="OUTSOURCE_", extra="ignore")

    workspace: Path = Path("outsource-workspace")
    database_url: str | None = None
    spark_master: str = "local[2]"
    log_dir: Path | None = None

    # web application (docs/web.md)
    secret_key: SecretStr | None = None
    cookie_secure: bool = True
    session_max_age_s: int = Field(default=8 * 3600, gt=0)
    login_attempts_per_user: int = Field(default=5, ge=1)
    login_attempts_per_address: int = Field(default=20, ge=1)
    login_window_s: int = Field(default=900, gt=0)
    job_workers: int = Field(default=2, ge=1)
    upload_max_mb: float = Field(default=1024.0, gt=0)
    report_draws: int = Field(default=10_000, ge=1)


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides winning."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
