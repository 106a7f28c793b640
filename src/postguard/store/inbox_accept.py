"""Accepting incoming messages into the store: one INSERT per batch, re-deliveries dropped.

Acceptance never waits for the models: a message is stored with ``triage_state='pending'``
and the background worker triages it later, in id order. The unique constraint on
(platform, external_id) decides what is a re-delivery, on SQLite and PostgreSQL alike
(``INSERT … ON CONFLICT DO NOTHING … RETURNING``), so two deliveries racing each other
in separate processes still store one message.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..auth.permissions import Actor
from ..inbound.message import Arrival, InboundMessage
from . import inbox_events as ev
from .audit import HEAD_LOCK_SQL, append, append_locked
from .base import utcnow
from .inbox_models import InboxMessage

SOURCES = ("webhook", "import", "forward", "demo")


@dataclass
class Accepted:
    """What happened to each message of a batch, in input order."""

    #: (platform, external_id) -> stored id, for every message of the batch (new or already stored).
    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    new: set[tuple[str, str]] = field(default_factory=set)

    @property
    def accepted(self) -> int:
        return len(self.new)

    @property
    def duplicates(self) -> int:
        return len(self.ids) - len(self.new)


def message_row(message: InboundMessage, *, source: str, accepted_by: str) -> dict:
    return {
        "platform": message.platform, "external_id": message.external_id, "thread_id": message.thread_id,
        "parent_id": message.parent_id, "author_handle": message.author_handle, "author_name": message.author_name,
        "author_account_age_days": message.author_account_age_days, "text": message.text,
        "received_at": message.received_at, "arrival_account": message.arrived_at.account,
        "arrival_employee": message.arrived_at.employee, "language_hint": message.language, "source": source,
        "accepted_by": accepted_by, "accepted_at": utcnow(), "triage_state": "pending",
    }


def to_inbound(row: InboxMessage) -> InboundMessage:
    """The stored message as triage takes it (already validated once: constructed without re-checking)."""
    arrival = Arrival.model_construct(account=row.arrival_account, employee=row.arrival_employee)
    return InboundMessage.model_construct(
        platform=row.platform, external_id=row.external_id, thread_id=row.thread_id, parent_id=row.parent_id,
        author_handle=row.author_handle, author_name=row.author_name,
        author_account_age_days=row.author_account_age_days, text=row.text, received_at=row.received_at,
        arrived_at=arrival, language=row.language_hint, situation=None)


def accept(session: Session, messages: Sequence[InboundMessage], *, actor: Actor | str, source: str,
           batch_rows: int = 500) -> Accepted:
    """Store the messages not stored yet, inside the caller's transaction; audit the batch once."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    label = actor if isinstance(actor, str) else actor.label
    first: dict[tuple[str, str], InboundMessage] = {}
    for message in messages:
        first.setdefault((message.platform, message.external_id), message)
    result = Accepted()
    rows = [message_row(m, source=source, accepted_by=label) for m in first.values()]
    # Core statements on the session's connection, no ORM objects: this runs once per group of
    # webhook requests, and the ORM's bulk and unit-of-work machinery cost more than the writing.
    connection = session.connection()
    postgres = connection.dialect.name == "postgresql"
    head = None
    if postgres:
        with _as_sqlalchemy_errors():
            inserted, head = _insert_postgres(connection, rows)
    else:
        inserted = [r for start in range(0, len(rows), batch_rows)
                    for r in _insert_sqlite(connection, rows[start:start + batch_rows])]
    for id_, platform, external_id in inserted:
        result.ids[(platform, external_id)] = id_
        result.new.add((platform, external_id))
    missing = [key for key in first if key not in result.ids]
    if missing:
        result.ids.update(_existing_ids(connection, missing))
    new_ids = sorted(result.ids[key] for key in result.new)
    events = [ev.MessagesAccepted(source=source, accepted=len(new_ids), duplicates=len(missing),
                                  first_id=new_ids[0] if new_ids else None, last_id=new_ids[-1] if new_ids else None)]
    if postgres:
        with _as_sqlalchemy_errors():
            append_locked(connection.connection.driver_connection, head, events, actor=label, policy_version=None)
    else:
        append(connection, events, actor=label, policy_version=None)
    return result


@contextmanager
def _as_sqlalchemy_errors() -> Iterator[None]:
    """Statements sent on the driver connection (psycopg pipelines) fail with psycopg's errors;
    callers handle SQLAlchemy's (``DataError``, ``OperationalError``…), as for every other statement."""
    import psycopg

    try:
        yield
    except psycopg.Error as exc:
        raise DBAPIError.instance(None, None, exc, psycopg.Error) from exc


def _insert_sqlite(connection: Connection, rows: list[dict]) -> Iterable[tuple[int, str, str]]:
    table = InboxMessage.__table__
    statement = (sqlite_insert(table).on_conflict_do_nothing(index_elements=["platform", "external_id"])
                 .returning(table.c.id, table.c.platform, table.c.external_id))
    return connection.execute(statement, rows)


def _insert_postgres(connection: Connection, rows: list[dict]
                     ) -> tuple[list[tuple[int, str, str]], tuple[int, str] | None]:
    """The messages in one ``INSERT … SELECT FROM unnest(arrays)``, sent in one pipeline with the
    audit head's lock (``audit.HEAD_LOCK_SQL``): one round trip. Returns the inserted rows and the head.

    A multi-row VALUES statement has 16 parameters per message; psycopg rewrites such a long
    query's placeholders on every call (it caches only short queries), which cost more CPU than
    PostgreSQL's whole insert. With one array per column the statement text stays the same
    (prepared once) whatever the batch size, and rows keep their order (ids in arrival order).
    """
    table = InboxMessage.__table__
    dialect = connection.dialect
    names = list(rows[0])
    arrays = {}
    casts = []
    for name in names:
        column = table.c[name]
        process = column.type.bind_processor(dialect)
        values = [row[name] for row in rows]
        arrays[name] = [process(v) for v in values] if process is not None else values
        # Arrays of the unbounded type: a cast to VARCHAR(256) would cut a longer value silently
        # (and make two long ids look alike); the column itself refuses it as a plain INSERT does.
        base = re.sub(r"\(\d+\)$", "", column.type.compile(dialect))
        casts.append(f"CAST(%({name})s AS {base}[])")
    statement = (f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({', '.join(casts)}) "
                 "ON CONFLICT (platform, external_id) DO NOTHING RETURNING id, platform, external_id")
    raw = connection.connection.driver_connection
    with raw.pipeline(), raw.cursor() as insert, raw.cursor() as lock:
        insert.execute(statement, arrays)
        lock.execute(HEAD_LOCK_SQL)
        inserted = insert.fetchall()  # the first fetch sends both and waits once
        head = lock.fetchone()
    return inserted, (head[0], head[1]) if head is not None else None


def _existing_ids(connection: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    table = InboxMessage.__table__
    by_platform: dict[str, list[str]] = {}
    for platform, external_id in keys:
        by_platform.setdefault(platform, []).append(external_id)
    for platform, external_ids in by_platform.items():
        for start in range(0, len(external_ids), 500):
            query = select(table.c.id, table.c.external_id).where(
                table.c.platform == platform, table.c.external_id.in_(external_ids[start:start + 500]))
            for id_, external_id in connection.execute(query):
                found[(platform, external_id)] = id_
    return found
