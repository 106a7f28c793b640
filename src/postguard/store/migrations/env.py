"""Alembic environment shipped inside the package; driven by ``postguard.store.migrate``."""
from __future__ import annotations

from alembic import context

from postguard.store import advocacy_models, models  # noqa: F401 - registers every table on Base.metadata
from postguard.store.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("postguard migrations run online only (postguard db upgrade)")
run_migrations_online()
