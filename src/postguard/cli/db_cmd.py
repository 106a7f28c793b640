"""``postguard db upgrade|current``: the schema migrations that ship inside the package."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._service import DatabaseOption, DataDirOption, open_database, settings_from

db_app = typer.Typer(help="Database schema: migrate and inspect.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(data_dir: Optional[Path] = DataDirOption, database_url: Optional[str] = DatabaseOption) -> None:
    """Create or migrate the database to the newest schema; seed the bundled policy on first run."""
    from ..store import migrate

    db = open_database(settings_from(data_dir, database_url))
    typer.echo(f"database at revision {migrate.current(db.engine)} (head {migrate.head()})")
    db.dispose()


@db_app.command("current")
def current(data_dir: Optional[Path] = DataDirOption, database_url: Optional[str] = DatabaseOption) -> None:
    """Print the schema revision of the database and whether it is the newest."""
    from ..store import migrate

    db = open_database(settings_from(data_dir, database_url), prepare=False)
    revision, head = migrate.current(db.engine), migrate.head()
    state = "up to date" if revision == head else "needs `postguard db upgrade`"
    typer.echo(f"{revision or 'empty'} (head {head}): {state}")
    db.dispose()


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
