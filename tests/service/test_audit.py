"""The audit log is a hash chain: any modified, deleted, inserted or reordered row is found.

Tampering goes straight to the database with SQL, as an attacker with database access would.
"""
from __future__ import annotations

import csv
import io
import json
import threading

from sqlalchemy import text
from typer.testing import CliRunner

from postguard.auth.permissions import Actor
from postguard.cli import app as cli_app
from postguard.store import audit
from postguard.store.audit_events import PostModerated, UserCreated


def _append(db, n: int, start: int = 0) -> None:
    with db.writer() as session:
        for i in range(start, start + n):
            audit.record(session, UserCreated(username=f"u{i}", role="employee"), actor="user:alice", policy_version=1)
        session.commit()


def _verify(db) -> audit.Verification:
    with db.reader() as session:
        return audit.verify(session)


def _sql(db, statement: str, **params) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)


def test_intact_chain_verifies(db):
    _append(db, 5)
    result = _verify(db)
    assert result.ok and result.checked == 7  # two events from the first start (policy upload, activation)


def test_modified_payload_is_found(db):
    _append(db, 5)
    _sql(db, "UPDATE audit_events SET payload = :p WHERE id = 5", p=json.dumps({"username": "mallory", "role": "admin"}))
    result = _verify(db)
    assert not result.ok and result.broken_at == 5 and "modified" in result.problem


def test_modified_actor_with_recomputed_own_hash_is_found_at_the_next_link(db):
    _append(db, 5)
    with db.reader() as session:
        row = session.execute(text("SELECT at, action, resource, policy_version, payload, prev_hash FROM audit_events "
                                   "WHERE id = 4")).one()
    forged = audit.link_hash(seq=4, at=row.at, actor="user:mallory", action=row.action, resource=row.resource,
                             policy_version=row.policy_version, payload=row.payload, prev_hash=row.prev_hash)
    _sql(db, "UPDATE audit_events SET actor = 'user:mallory', hash = :h WHERE id = 4", h=forged)
    result = _verify(db)
    assert not result.ok and result.broken_at == 5


def test_deleted_row_is_found(db):
    _append(db, 5)
    _sql(db, "DELETE FROM audit_events WHERE id = 4")
    result = _verify(db)
    assert not result.ok and result.broken_at == 4 and "deleted" in result.problem


def test_deleted_last_row_is_found(db):
    _append(db, 5)
    _sql(db, "DELETE FROM audit_events WHERE id = 7")
    result = _verify(db)
    assert not result.ok and result.checked == 6 and "end" in result.problem


def test_inserted_row_is_found(db):
    _append(db, 5)
    # Make room after event 3 and insert a forged event 4 whose prev_hash is correct.
    with db.reader() as session:
        prev = session.execute(text("SELECT hash FROM audit_events WHERE id = 3")).scalar_one()
    _sql(db, "UPDATE audit_events SET id = id + 100 WHERE id >= 4")
    _sql(db, "UPDATE audit_events SET id = id - 99 WHERE id >= 104")
    forged = audit.link_hash(seq=4, at="2026-01-01T00:00:00.000000Z", actor="user:mallory", action="user.create",
                             resource="user:mallory", policy_version=1, payload="{}", prev_hash=prev)
    _sql(db, "INSERT INTO audit_events (id, at, actor, action, resource, policy_version, payload, prev_hash, hash) "
             "VALUES (4, '2026-01-01T00:00:00.000000Z', 'user:mallory', 'user.create', 'user:mallory', 1, '{}', :p, :h)",
         p=prev, h=forged)
    result = _verify(db)
    assert not result.ok and result.broken_at == 5 and "inserted" in result.problem


def test_reordered_rows_are_found(db):
    _append(db, 5)
    _sql(db, "UPDATE audit_events SET id = 1000 WHERE id = 4")
    _sql(db, "UPDATE audit_events SET id = 4 WHERE id = 5")
    _sql(db, "UPDATE audit_events SET id = 5 WHERE id = 1000")
    result = _verify(db)
    assert not result.ok and result.broken_at == 4


def test_cli_verify_names_the_broken_link_and_fails(db, settings):
    _append(db, 3)
    runner = CliRunner()
    args = ["audit", "verify", "--database-url", settings.database_url]
    ok = runner.invoke(cli_app, args)
    assert ok.exit_code == 0 and "intact: 5 events" in ok.output
    _sql(db, "UPDATE audit_events SET resource = 'user:nobody' WHERE id = 3")
    broken = runner.invoke(cli_app, args)
    assert broken.exit_code == 1 and "BROKEN at event 3" in broken.output


def test_concurrent_appends_keep_one_chain(db):
    threads = [threading.Thread(target=_append, args=(db, 10, i * 10)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = _verify(db)
    assert result.ok and result.checked == 62


def test_rolled_back_transaction_leaves_no_event(db):
    with db.writer() as session:
        audit.record(session, UserCreated(username="ghost", role="employee"), actor="cli", policy_version=1)
        session.rollback()
    _append(db, 1)
    result = _verify(db)
    assert result.ok and result.checked == 3


def test_export_filters_and_formats(db, settings):
    _append(db, 2)
    with db.writer() as session:
        audit.record(session, PostModerated(post_id=9, moderation="hide", reason="spam, ąęł ש", from_status="visible",
                                            to_status="hidden"), actor="user:bob", policy_version=1)
        session.commit()
    runner = CliRunner()
    base = ["audit", "export", "--database-url", settings.database_url]
    jsonl = runner.invoke(cli_app, [*base, "--actor", "user:bob"])
    rows = [json.loads(line) for line in jsonl.output.splitlines()]
    assert [r["action"] for r in rows] == ["post.moderate"] and rows[0]["payload"]["reason"] == "spam, ąęł ש"
    by_prefix = runner.invoke(cli_app, [*base, "--action", "user.", "--format", "csv"])
    table = list(csv.DictReader(io.StringIO(by_prefix.output)))
    assert [r["resource"] for r in table] == ["user:u0", "user:u1"]
    assert table[0]["seq"] == "3" and len(table[0]["hash"]) == 64
    none = runner.invoke(cli_app, [*base, "--since", "2999-01-01"])
    assert none.exit_code == 0 and none.output == ""
    bad = runner.invoke(cli_app, [*base, "--since", "yesterday"])
    assert bad.exit_code != 0


def test_api_verify_export_and_permissions(client, staff, db):
    lead, employee = staff["communications_lead"], staff["employee"]
    assert client.get("/api/v1/audit/verify", headers=lead.headers).json()["ok"] is True
    assert client.get("/api/v1/audit/verify", headers=employee.headers).status_code == 403
    rows = client.get("/api/v1/audit", params={"action": "token.issue"}, headers=lead.headers).json()
    assert {r["payload"]["username"] for r in rows} == {p.username for p in staff.values()}
    exported = client.get("/api/v1/audit/export", params={"format": "csv", "action": "user.create"},
                          headers=lead.headers)
    assert exported.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(exported.text)))) == len(staff)
    assert client.get("/api/v1/audit/export", headers=employee.headers).status_code == 403
    _sql(db, "DELETE FROM audit_events WHERE id = 2")
    broken = client.get("/api/v1/audit/verify", headers=lead.headers).json()
    assert broken == {"ok": False, "checked": 1, "broken_at": 2, "problem": broken["problem"]}
