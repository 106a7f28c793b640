"""The hash-chained audit log: append, verify, export.

Every row's hash is SHA-256 over a canonical serialisation of (sequence number, time,
actor, action, resource, policy version, payload, previous hash). Changing, deleting,
inserting or reordering any row breaks the chain at that row; the ``audit_head`` row holds
the last sequence number and hash, so cutting rows off the end is seen too.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Iterator, Sequence

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from .audit_events import Event
from .base import utcnow
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64
HEAD_ID = 1
EXPORT_COLUMNS = ("seq", "at", "actor", "action", "resource", "policy_version", "payload", "prev_hash", "hash")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def link_hash(*, seq: int, at: str, actor: str, action: str, resource: str,
              policy_version: int | None, payload: str, prev_hash: str) -> str:
    material = canonical_json([seq, at, actor, action, resource, policy_version, payload, prev_hash])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def record(session: Session, event: Event, *, actor: str, policy_version: int | None) -> AuditEvent:
    """Append ``event`` inside the caller's transaction; it commits or rolls back with it."""
    return record_many(session, [event], actor=actor, policy_version=policy_version)[0]


def _links(events: Sequence[Event], *, actor: str, policy_version: int | None, last_seq: int,
           last_hash: str) -> list[dict[str, Any]]:
    """The rows that append ``events`` after (last_seq, last_hash), each hashed over the one before."""
    rows = []
    for event in events:
        seq = last_seq + 1
        at = utcnow().isoformat(timespec="microseconds").replace("+00:00", "Z")
        fields = dict(seq=seq, at=at, actor=actor, action=event.action, resource=event.resource(),
                      policy_version=policy_version, payload=canonical_json(event.payload()), prev_hash=last_hash)
        digest = link_hash(**fields)
        rows.append(dict(id=seq, at=at, actor=actor, action=event.action, resource=fields["resource"],
                         policy_version=policy_version, payload=fields["payload"], prev_hash=last_hash, hash=digest))
        last_seq, last_hash = seq, digest
    return rows


def _lock_head():  # noqa: ANN202 - a select statement
    # populate_existing: a head loaded earlier in this session may be stale after a Core append
    # (``append``) in the same transaction; the chain must continue from the stored head.
    return (select(AuditHead).where(AuditHead.id == HEAD_ID).with_for_update()
            .execution_options(populate_existing=True))


def record_many(session: Session, events: Sequence[Event], *, actor: str,
                policy_version: int | None) -> list[AuditEvent]:
    """Append ``events`` in order with one read of the head and one flush (a batch's events,
    e.g. the inbox worker's: one lock of the head per batch instead of one per event)."""
    if not events:
        return []
    head = session.execute(_lock_head()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=HEAD_ID, last_seq=0, last_hash=GENESIS)
        session.add(head)
    rows = [AuditEvent(**row) for row in _links(events, actor=actor, policy_version=policy_version,
                                                 last_seq=head.last_seq, last_hash=head.last_hash)]
    session.add_all(rows)
    head.last_seq, head.last_hash = rows[-1].id, rows[-1].hash
    session.flush()
    return rows


def append(connection: Connection, events: Sequence[Event], *, actor: str, policy_version: int | None) -> None:
    """``record_many`` in three Core statements, for hot write paths that use no ORM objects (the
    inbox acceptor commits once per group of webhook requests: the ORM unit of work cost as much
    as storing the messages). Same rows, same chain."""
    if not events:
        return
    head_table = AuditHead.__table__
    found = connection.execute(select(head_table.c.last_seq, head_table.c.last_hash)
                               .where(head_table.c.id == HEAD_ID).with_for_update()).first()
    last_seq, last_hash = (found[0], found[1]) if found is not None else (0, GENESIS)
    rows = _links(events, actor=actor, policy_version=policy_version, last_seq=last_seq, last_hash=last_hash)
    connection.execute(insert(AuditEvent.__table__), rows)
    values = dict(last_seq=rows[-1]["id"], last_hash=rows[-1]["hash"])
    if found is None:
        connection.execute(insert(head_table).values(id=HEAD_ID, **values))
    else:
        connection.execute(update(head_table).where(head_table.c.id == HEAD_ID).values(**values))


#: PostgreSQL, for ``append_locked``: lock and read the head (to send in a pipeline with other work).
HEAD_LOCK_SQL = f"SELECT last_seq, last_hash FROM {AuditHead.__tablename__} WHERE id = {HEAD_ID} FOR UPDATE"
_EVENT_COLUMNS = ("id", "at", "actor", "action", "resource", "policy_version", "payload", "prev_hash", "hash")


def append_locked(psycopg_connection: Any, head: tuple[int, str] | None, events: Sequence[Event], *, actor: str,
                  policy_version: int | None) -> None:
    """PostgreSQL: append ``events`` after ``head``, read with ``HEAD_LOCK_SQL`` in this transaction,
    with the event rows and the new head sent in one pipeline (one round trip). The inbox acceptor
    uses it: each round trip of its transaction is one more wait for the lock of the head."""
    if not events:
        return
    last_seq, last_hash = head if head is not None else (0, GENESIS)
    rows = _links(events, actor=actor, policy_version=policy_version, last_seq=last_seq, last_hash=last_hash)
    columns = ", ".join(_EVENT_COLUMNS)
    values = ", ".join(f"%({c})s" for c in _EVENT_COLUMNS)
    with psycopg_connection.pipeline(), psycopg_connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {AuditEvent.__tablename__} ({columns}) VALUES ({values})", rows)
        if head is None:
            cursor.execute(f"INSERT INTO {AuditHead.__tablename__} (id, last_seq, last_hash) VALUES (%s, %s, %s)",
                           (HEAD_ID, rows[-1]["id"], rows[-1]["hash"]))
        else:
            cursor.execute(f"UPDATE {AuditHead.__tablename__} SET last_seq = %s, last_hash = %s WHERE id = %s",
                           (rows[-1]["id"], rows[-1]["hash"], HEAD_ID))


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    #: Sequence number of the first broken link, and what is wrong there.
    broken_at: int | None = None
    problem: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "broken_at": self.broken_at, "problem": self.problem}


def verify(session: Session, *, batch: int = 5000) -> Verification:
    """Walk the chain in sequence order and report the first link that does not hold."""
    expected_seq, prev = 1, GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = session.execute(select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)).scalars().all()
        if not rows:
            break
        for row in rows:
            if row.id != expected_seq:
                return Verification(False, checked, expected_seq,
                                    f"event {expected_seq} is missing (next stored event is {row.id}): a row was deleted")
            if row.prev_hash != prev:
                return Verification(False, checked, row.id,
                                    f"event {row.id} does not follow event {row.id - 1}: a row was inserted, deleted or reordered")
            digest = link_hash(seq=row.id, at=row.at, actor=row.actor, action=row.action, resource=row.resource,
                               policy_version=row.policy_version, payload=row.payload, prev_hash=row.prev_hash)
            if digest != row.hash:
                return Verification(False, checked, row.id, f"event {row.id} was modified: its content does not match its hash")
            prev, expected_seq, last_id = row.hash, expected_seq + 1, row.id
            checked += 1
        session.expunge_all()
    head = session.get(AuditHead, HEAD_ID, populate_existing=True)
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev:
        return Verification(False, checked, checked + 1 if head_seq > checked else head_seq,
                            f"the chain ends at event {checked} but the head records event {head_seq}: "
                            "rows were deleted from the end or the head was altered")
    return Verification(True, checked)


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    #: An action or an action prefix ending in "." ("draft.").
    action: str | None = None
    resource: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def events(session: Session, flt: AuditFilter = AuditFilter(), *, limit: int | None = None,
           batch: int = 2000, newest_first: bool = False, after: int | None = None,
           before: int | None = None) -> Iterator[dict[str, Any]]:
    """Matching events in sequence order (``newest_first``: the other way), as plain dicts,
    streamed in batches; ``after``/``before`` keep to sequence numbers above/below these —
    pages of an append-only log that new events do not shift."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc() if newest_first else AuditEvent.id)
    if after is not None:
        query = query.where(AuditEvent.id > after)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    if flt.actor:
        query = query.where(AuditEvent.actor == flt.actor)
    if flt.action:
        query = query.where(AuditEvent.action.startswith(flt.action) if flt.action.endswith(".")
                            else AuditEvent.action == flt.action)
    if flt.resource:
        query = query.where(AuditEvent.resource == flt.resource)
    # ``at`` is a fixed-width UTC ISO string, so string order is time order.
    if flt.since:
        query = query.where(AuditEvent.at >= _stamp(flt.since))
    if flt.until:
        query = query.where(AuditEvent.at < _stamp(flt.until))
    last_id, sent = None, 0
    while limit is None or sent < limit:
        size = batch if limit is None else min(batch, limit - sent)
        page = query if last_id is None else query.where(
            AuditEvent.id < last_id if newest_first else AuditEvent.id > last_id)
        rows = session.execute(page.limit(size)).scalars().all()
        if not rows:
            return
        for row in rows:
            yield {"seq": row.id, "at": row.at, "actor": row.actor, "action": row.action, "resource": row.resource,
                   "policy_version": row.policy_version, "payload": json.loads(row.payload),
                   "prev_hash": row.prev_hash, "hash": row.hash}
        sent += len(rows)
        last_id = rows[-1].id


def to_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def to_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([canonical_json(row[c]) if c == "payload" else ("" if row[c] is None else row[c])
                         for c in EXPORT_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()
