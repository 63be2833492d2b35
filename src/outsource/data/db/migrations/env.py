"""Alembic environment: runs on the engine handed over by ``outsource.data.db.migrate``.

SQLite gets batch mode (``ALTER TABLE`` is emulated by copy-and-rename), so a
later revision may alter columns the same way on both databases.
"""

from __future__ import annotations

from alembic import context

from outsource.data.db import models
from outsource.data.db.engine import make_engine, writer

config = context.config
target_metadata = models.metadata()


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine(
        config.get_main_option("sqlalchemy.url"))
    with writer(engine).connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite",
                          compare_type=True, transaction_per_migration=False)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
