"""Outgoing notifications through the durable queue, against a receiver on loopback: signed,
retried with back-off, and still delivered after a restart."""
from __future__ import annotations

import json
import sys
import time
from datetime import timedelta
from pathlib import Path

from postguard.connectors.webhooks import Backoff, verify
from postguard.notify import Dispatcher, Notifier, SqlQueue
from postguard.store import migrate
from postguard.store.db import Database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "service"))
from inbox_helpers import SECRET, Receiver  # noqa: E402


def _db(tmp_path) -> Database:
    db = Database.from_url(f"sqlite:///{tmp_path / 'notify.db'}")
    migrate.upgrade(db.engine)
    return db


def _publish(db: Database, url: str, event: str, payload: dict) -> str:
    with db.writer() as session:
        queued = Notifier((url,)).publish(session, event, payload)
        session.commit()
    return queued[0].id


def test_signed_delivery_with_retries_survives_a_restart(tmp_path):
    receiver = Receiver(statuses=[500, 503])
    db = _db(tmp_path)
    try:
        notification_id = _publish(db, receiver.url, "inbox.escalation", {"case_number": "PG-1", "to": "legal"})
        fast = Backoff(base_seconds=0.05, max_seconds=0.2, max_attempts=5)
        first = Dispatcher(db, SECRET.encode(), backoff=fast)
        first.deliver_due()  # 500: stays pending with a later attempt
        pending = SqlQueue(db).get(notification_id)
        assert pending.status == "pending" and pending.attempts == 1 and pending.last_error == "HTTP 500"
        first.stop()  # "restart": a new process, a new dispatcher, the same table
        second = Dispatcher(db, SECRET.encode(), backoff=fast)
        deadline = time.monotonic() + 10
        while SqlQueue(db).get(notification_id).status == "pending" and time.monotonic() < deadline:
            time.sleep(0.06)
            second.deliver_due()
        second.stop()
        done = SqlQueue(db).get(notification_id)
        assert done.status == "delivered" and done.attempts == 3
        assert len(receiver.requests) == 3
        headers, body = receiver.requests[-1]
        assert verify(SECRET.encode(), headers, body)
        assert not verify(b"wrong", headers, body)
        document = json.loads(body)
        assert document["event"] == "inbox.escalation" and document["data"]["case_number"] == "PG-1"
        assert {h["X-Postguard-Delivery"] for h, _ in receiver.requests} == {notification_id}  # same id every retry
    finally:
        receiver.close()
        db.dispose()


def test_a_notification_rolled_back_with_its_transaction_is_never_sent(tmp_path):
    db = _db(tmp_path)
    with db.writer() as session:
        Notifier(("http://127.0.0.1:9/x",)).publish(session, "inbox.escalation", {"n": 1})
        session.rollback()
    assert SqlQueue(db).counts() == {}
    db.dispose()


def test_a_refusing_receiver_marks_it_dead_and_keeps_it(tmp_path):
    receiver = Receiver(statuses=[400])
    db = _db(tmp_path)
    try:
        notification_id = _publish(db, receiver.url, "inbox.sla_missed", {"case_number": "PG-2"})
        dispatcher = Dispatcher(db, SECRET.encode())
        dispatcher.deliver_due()
        dispatcher.stop()
        dead = SqlQueue(db).get(notification_id)
        assert dead.status == "dead" and "refused" in dead.last_error
        assert SqlQueue(db).due(dead.created_at + timedelta(days=1)) == []
    finally:
        receiver.close()
        db.dispose()


def test_the_service_delivers_escalations_in_the_background(tmp_path):
    """End to end: webhook in, triage worker, escalation queued, dispatcher POSTs it to the receiver."""
    from fastapi.testclient import TestClient

    from postguard.auth.permissions import CLI_ACTOR
    from postguard.auth.secrets import Passwords
    from postguard.settings import Settings
    from postguard.store import people
    from postguard.web.app import create_app
    from inbox_helpers import demo_records

    receiver = Receiver()
    settings = Settings(data_dir=tmp_path, argon2_time_cost=1, argon2_memory_kib=64, warm_up=False,
                        inbox_classifier="keywords", notify_urls=(receiver.url,), notify_secret=SECRET)
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            db = app.state.service.db
            with db.writer() as session:
                user = people.create_user(session, actor=CLI_ACTOR, username="hook", role="spokesperson",
                                          password="correct horse battery", passwords=Passwords(time_cost=1, memory_kib=64))
                _token, secret = people.create_token(session, actor=CLI_ACTOR, name="t", for_user=user)
                session.commit()
            threat = [r for r in demo_records() if r["external_id"] == "fb-1007"]
            assert client.post("/api/v1/inbound", json=threat, headers={"Authorization": f"Bearer {secret}"}).status_code == 202
            deadline = time.monotonic() + 30
            while "inbox.escalation" not in receiver.events() and time.monotonic() < deadline:
                time.sleep(0.1)
        assert "inbox.escalation" in receiver.events()
        headers, body = receiver.requests[0]
        assert verify(SECRET.encode(), headers, body) and json.loads(body)["data"]["to"] == "security"
    finally:
        receiver.close()
