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
from typing import Any, Iterable, Iterator

from sqlalchemy import select
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
    head = session.execute(select(AuditHead).where(AuditHead.id == HEAD_ID).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=HEAD_ID, last_seq=0, last_hash=GENESIS)
        session.add(head)
    seq = head.last_seq + 1
    at = utcnow().isoformat(timespec="microseconds").replace("+00:00", "Z")
    payload = canonical_json(event.payload())
    fields = dict(seq=seq, at=at, actor=actor, action=event.action, resource=event.resource(),
                  policy_version=policy_version, payload=payload, prev_hash=head.last_hash)
    digest = link_hash(**fields)
    row = AuditEvent(id=seq, at=at, actor=actor, action=event.action, resource=fields["resource"],
                     policy_version=policy_version, payload=payload, prev_hash=head.last_hash, hash=digest)
    session.add(row)
    head.last_seq, head.last_hash = seq, digest
    session.flush()
    return row


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
    head = session.get(AuditHead, HEAD_ID)
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
