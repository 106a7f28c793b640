"""Service fixtures: a migrated database on SQLite (always) and PostgreSQL (when reachable),
an app with a test client, and people with API tokens in every role.

PostgreSQL: POSTGUARD_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test).
A fresh schema is created for the test session and dropped at its end; tests marked
``postgres`` skip with the reason when no server answers.
"""
from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest
from sqlalchemy import delete

from postguard.auth.permissions import CLI_ACTOR
from postguard.auth.secrets import Passwords
from postguard.settings import Settings
from postguard.store import migrate, people
from postguard.store.base import Base
from postguard.store.db import Database, make_engine
from postguard.store.setup import prepare
from service_helpers import PASSWORD, ROLES, Person

PG_URL = os.environ.get("POSTGUARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
FAST_ARGON2 = dict(argon2_time_cost=1, argon2_memory_kib=64, warm_up=False, inbox_classifier="keywords")


def _pg_problem() -> str | None:
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(PG_URL)
        psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                        dbname=url.database, connect_timeout=3).close()
    except Exception as exc:  # any failure means "not reachable here": report it as the skip reason
        return f"{type(exc).__name__}: {exc}".strip()
    return None


@pytest.fixture(scope="session")
def postgres_url():
    problem = _pg_problem()
    if problem and os.environ.get("POSTGUARD_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required here (POSTGUARD_REQUIRE_POSTGRES=1) but not reachable at {PG_URL}: {problem}")
    if problem:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL} ({problem}); set POSTGUARD_TEST_POSTGRES_URL to run these")
    schema = f"postguard_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'service.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    db = Database.from_url(url)
    migrate.upgrade(db.engine)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database(request, tmp_path):
    """A database of its own with no tables (for migration tests: upgrade to a revision, add rows, go on)."""
    if request.param == "sqlite":
        db = Database.from_url(f"sqlite:///{tmp_path / 'before.db'}")
        yield db
        db.dispose()
        return
    base = request.getfixturevalue("postgres_url").split("?options=")[0]  # skips without a server
    schema = f"postguard_migration_{uuid.uuid4().hex[:8]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    db = Database.from_url(f"{base}?options={quote(f'-csearch_path={schema}')}")
    yield db
    db.dispose()
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture
def db(database):
    """The session's database, emptied and seeded with the bundled policy (version 1)."""
    with database.writer() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))
        session.commit()
    prepare(database)
    return database


@pytest.fixture
def settings(db, tmp_path):
    return Settings(data_dir=tmp_path, database_url=db.engine.url.render_as_string(hide_password=False), **FAST_ARGON2)


@pytest.fixture
def app(settings, db):
    from postguard.web.app import create_app

    return create_app(settings, db=db)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def passwords():
    return Passwords(time_cost=1, memory_kib=64)


@pytest.fixture
def make_person(db, passwords):
    def make(role: str, username: str | None = None) -> Person:
        username = username or f"{role.replace('_', '-')}-{uuid.uuid4().hex[:6]}"
        with db.writer() as session:
            user = people.create_user(session, actor=CLI_ACTOR, username=username, role=role, password=PASSWORD,
                                      passwords=passwords)
            _token, secret = people.create_token(session, actor=CLI_ACTOR, name="tests", for_user=user)
            session.commit()
            return Person(user.id, username, role, secret)

    return make


@pytest.fixture
def staff(make_person):
    """One person in every role."""
    return {role: make_person(role) for role in ROLES}
