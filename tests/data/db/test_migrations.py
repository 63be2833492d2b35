"""Migrations on both databases: up from empty, down to empty, and no drift from the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from outsource.data.db import current_revisions, downgrade, head_revisions, make_engine, upgrade
from outsource.data.db.models import metadata

TABLES = {"scenarios", "decision_rights", "vendors", "vendor_sites", "vendor_certifications",
          "vendor_labour_checks", "vendor_references", "vendor_reviews", "vendor_quotes",
          "test_call_imports", "vendor_test_calls", "contracts", "contract_versions",
          "users", "user_sessions", "api_tokens", "login_attempts", "audit_log", "jobs",
          "plan_runs", "invoices", "invoice_lines", "disputes"}


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_from_empty_and_downgrade_back(db_url):
    engine = make_engine(db_url)
    try:
        assert _tables(engine) == set() and current_revisions(engine) == set()
        upgrade(engine)
        assert current_revisions(engine) == head_revisions()
        assert _tables(engine) >= TABLES
        assert _tables(engine) == set(metadata().tables)
        upgrade(engine)  # already at head: no-op
        downgrade(engine, "base")
        assert _tables(engine) == set() and current_revisions(engine) == set()
        upgrade(engine)  # and up again
        assert _tables(engine) == set(metadata().tables)
    finally:
        engine.dispose()


def test_step_by_step(db_url):
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0001_workspace")
        assert _tables(engine) == {"scenarios", "decision_rights"}
        upgrade(engine)
        downgrade(engine, "0001_workspace")
        assert _tables(engine) == {"scenarios", "decision_rights"}
    finally:
        engine.dispose()


def test_models_and_migrations_agree(db_url):
    """The migrated schema is what the models declare (a later area's guard too)."""
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with engine.connect() as con:
            ctx = MigrationContext.configure(con, opts={"compare_type": True})
            diff = compare_metadata(ctx, metadata())
        assert diff == []
    finally:
        engine.dispose()


def test_parallel_areas_may_share_a_parent(tmp_path):
    """Two areas hang revisions on the same parent: upgrading to ``heads`` runs both."""
    import shutil

    from alembic import command

    from outsource.data.db.migrate import alembic_config, script_location

    here = tmp_path / "migrations"
    shutil.copytree(script_location(), here, ignore=shutil.ignore_patterns("__pycache__"))
    for area in ("alpha", "beta"):  # stand-ins: names no real area uses
        (here / "versions" / f"0003_{area}.py").write_text(
            "import sqlalchemy as sa\nfrom alembic import op\n"
            f"revision = '0003_{area}'\ndown_revision = '0002_vendors'\n"
            "branch_labels = None\ndepends_on = None\n"
            f"def upgrade():\n    op.create_table('{area}', sa.Column('id', sa.Integer, "
            "primary_key=True))\n"
            f"def downgrade():\n    op.drop_table('{area}')\n")
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    cfg = alembic_config(engine)
    cfg.set_main_option("script_location", str(here))
    command.upgrade(cfg, "heads")
    assert {"alpha", "beta", "vendors"} <= _tables(engine)
    assert {"0003_alpha", "0003_beta"} <= current_revisions(engine)
    command.downgrade(cfg, "base")
    assert _tables(engine) == set()
    engine.dispose()


def test_concurrent_first_opens_both_succeed(tmp_path):
    """Two processes migrating a new SQLite file at once: the loser finds it at head."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'race.db'}"
    code = ("import sys; from outsource.data.db import open_database; "
            f"open_database({url!r}); print('ok')")
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    engine = make_engine(url)
    assert current_revisions(engine) == head_revisions()
    engine.dispose()
