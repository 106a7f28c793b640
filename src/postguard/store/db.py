"""Engine and session factory: SQLite (WAL, foreign keys, IMMEDIATE writes) or PostgreSQL (psycopg 3).

Two session kinds share one connection pool: ``reader()`` for requests that only read, and
``writer()`` whose transactions start with ``BEGIN IMMEDIATE`` on SQLite, so concurrent
writers queue on the database lock up front instead of failing half-way with "database is
locked" when a read transaction tries to upgrade. Within one process SQLite writers also
queue on a lock of their own: SQLite's busy handler waits by sleeping (up to 100 ms at a
time) and lets a newcomer overtake, which made the slowest submissions under load wait for
seconds; a process lock hands the database over at once and in order.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ..errors import UsageError

#: How long a SQLite writer waits for the lock before giving up (ms).
SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their directory created and WAL mode."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError; keep its message
        raise UsageError(f"invalid database URL {url!r}: {exc}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "psycopg2") and "+" not in parsed.drivername:
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)
    raise UsageError(f"unsupported database {backend!r}: use sqlite:///path or postgresql+psycopg://…")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                           pool_size=20, max_overflow=20)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        # Take transaction control away from the driver so BEGIN is ours (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # In WAL mode NORMAL keeps every committed transaction across a killed process (the
        # WAL is written before COMMIT returns); only a power cut can lose the last commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@dataclass
class Database:
    """The engine plus the two session factories; one per app or CLI invocation."""

    engine: Engine
    _write_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else self.engine
        self._write = sessionmaker(write_engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls(make_engine(url))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def writer(self, *, queue: bool = True) -> Iterator[Session]:
        """A session for one unit of work: the caller commits; anything else rolls back.

        ``queue=False`` skips the process lock: for a session opened in one thread and used in
        another (a request dependency), where threads waiting for the lock could hold every
        thread the holder needs to finish."""
        lock = self._write_lock if self.is_sqlite and queue else nullcontext()
        with lock, self._write() as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
