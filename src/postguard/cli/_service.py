"""What the service commands share: settings from the environment and options, a migrated database."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..settings import Settings
from ..store.db import Database

DataDirOption = typer.Option(None, "--data-dir", help="Data directory (env POSTGUARD_DATA_DIR).")
DatabaseOption = typer.Option(None, "--database-url", help="SQLAlchemy URL (env POSTGUARD_DATABASE_URL).")


def settings_from(data_dir: Optional[Path], database_url: Optional[str], **more: object) -> Settings:
    return Settings.from_env(data_dir=data_dir, database_url=database_url, **more)


def open_database(settings: Settings, *, prepare: bool = True) -> Database:
    db = Database.from_url(settings.effective_database_url)
    if prepare:
        from ..store.setup import prepare as _prepare

        _prepare(db)
    return db
