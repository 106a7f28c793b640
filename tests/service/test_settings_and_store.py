"""Settings validation and the engine's SQLite set-up."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from postguard.errors import UsageError
from postguard.settings import Settings
from postguard.store.db import Database, make_engine


def test_settings_from_environment(tmp_path):
    settings = Settings.from_env({"POSTGUARD_DATA_DIR": str(tmp_path), "POSTGUARD_PORT": "9001"})
    assert settings.port == 9001 and settings.effective_database_url == f"sqlite:///{tmp_path / 'postguard.db'}"
    pg = Settings.from_env({"POSTGUARD_DATABASE_URL": "postgresql+psycopg://u@h/db"})
    assert pg.effective_database_url == "postgresql+psycopg://u@h/db" and not pg.is_sqlite


def test_bad_settings_name_the_variable():
    with pytest.raises(UsageError, match="POSTGUARD_PORT"):
        Settings.from_env({"POSTGUARD_PORT": "eighty"})


def test_unsupported_database_is_a_clear_error():
    with pytest.raises(UsageError, match="unsupported database 'mysql'"):
        make_engine("mysql://u@h/db")
    with pytest.raises(UsageError, match="invalid database URL"):
        make_engine("::::")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    db = Database.from_url(f"sqlite:///{tmp_path / 'sub' / 'x.db'}")
    with db.reader() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()
