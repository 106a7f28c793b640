"""Signed webhooks against a real receiver on 127.0.0.1: retries, backoff, and nothing lost on restart."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from postguard.connectors.outbox_file import JsonFileOutbox
from postguard.connectors.webhooks import (
    DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, Backoff, MemoryOutbox, WebhookSender, sign, verify,
)
from postguard.errors import InputError, UsageError
from postguard.inbound.targets import Employee
from postguard.inbound.triage import Triage
from postguard.inbound.webhooks import EVENT_ESCALATION, EVENT_SLA_AT_RISK, escalation_events, notify, sla_event

SECRET = b"s3cret"


class Receiver:
    """A loopback HTTP server that answers from a script of status codes and keeps what it got."""

    def __init__(self, statuses: list[int], port: int = 0):
        self.statuses = list(statuses)
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def fast(outbox, **kwargs) -> WebhookSender:
    return WebhookSender(outbox, SECRET, httpx.Client(timeout=2.0),
                         backoff=Backoff(base_seconds=0.01, max_seconds=0.05, max_attempts=kwargs.pop("attempts", 5)),
                         **kwargs)


def test_signed_delivery_the_receiver_can_verify():
    with Receiver([200]) as receiver:
        sender = fast(MemoryOutbox())
        notification = sender.enqueue(receiver.url, "inbox.escalation", {"case_number": "PG-1", "text": "Grüße, שלום"})
        assert sender.drain(5) == 0
    (headers, body), = receiver.received
    assert verify(SECRET, headers, body)
    assert not verify(b"wrong", headers, body)
    assert not verify(SECRET, headers, body + b" ")
    assert headers[DELIVERY_HEADER] == notification.id
    document = json.loads(body)
    assert document["event"] == "inbox.escalation" and document["data"]["text"] == "Grüße, שלום"
    assert sender.outbox.get(notification.id).status == "delivered"


def test_old_timestamp_is_refused():
    body = b"{}"
    headers = {TIMESTAMP_HEADER: "1000", SIGNATURE_HEADER: sign(SECRET, 1000, body)}
    assert verify(SECRET, headers, body, now=1100)
    assert not verify(SECRET, headers, body, now=1000 + 301)


def test_server_errors_are_retried_until_delivered():
    with Receiver([500, 503, 429, 200]) as receiver:
        sender = fast(MemoryOutbox())
        notification = sender.enqueue(receiver.url, "inbox.sla_missed", {"n": 1})
        assert sender.drain(5) == 0
    assert len(receiver.received) == 4
    final = sender.outbox.get(notification.id)
    assert final.status == "delivered" and final.attempts == 4
    # The same delivery id on every attempt, so the receiver can drop repeats.
    assert {h[DELIVERY_HEADER] for h, _ in receiver.received} == {notification.id}


def test_retries_are_bounded_and_the_notification_is_kept_as_dead():
    with Receiver([500] * 10) as receiver:
        sender = fast(MemoryOutbox(), attempts=3)
        notification = sender.enqueue(receiver.url, "x", {})
        assert sender.drain(5) == 0
    assert len(receiver.received) == 3
    dead = sender.outbox.get(notification.id)
    assert dead.status == "dead" and "gave up after 3 attempts" in dead.last_error


def test_client_error_is_not_retried():
    with Receiver([400]) as receiver:
        sender = fast(MemoryOutbox())
        notification = sender.enqueue(receiver.url, "x", {})
        sender.drain(5)
    assert len(receiver.received) == 1
    assert "refused by the receiver" in sender.outbox.get(notification.id).last_error


def test_receiver_down_then_up_after_restart(tmp_path):
    path = tmp_path / "outbox.json"
    with Receiver([]) as receiver:
        url = receiver.url
    # Nobody listens: the attempt fails, the notification stays pending in the file.
    first = fast(JsonFileOutbox(path))
    notification = first.enqueue(url, "inbox.escalation", {"case_number": "PG-2"})
    first.deliver_due()
    assert JsonFileOutbox(path).get(notification.id).status == "pending"
    assert JsonFileOutbox(path).get(notification.id).attempts == 1
    # "Restart": a new process opens the same file; the receiver is back on the same port.
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    with Receiver([200], port=port) as receiver:
        second = fast(JsonFileOutbox(path))
        assert second.drain(5) == 0
    assert len(receiver.received) == 1
    assert JsonFileOutbox(path).get(notification.id).status == "delivered"


def test_backoff_grows_and_honours_retry_after():
    backoff = Backoff(base_seconds=2, max_seconds=60)
    assert [backoff.delay(n).total_seconds() for n in (1, 2, 3, 4, 10)] == [2, 4, 8, 16, 60]
    assert backoff.delay(1, retry_after=30).total_seconds() == 30


def test_not_yet_due_is_not_sent():
    now = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)
    outbox = MemoryOutbox()
    sender = WebhookSender(outbox, SECRET, clock=lambda: now)
    n = sender.enqueue("http://127.0.0.1:9/x", "x", {})
    outbox.update(n.__class__(**{**n.__dict__, "next_attempt_at": now + timedelta(minutes=5)}))
    assert sender.deliver_due() == []


def test_damaged_outbox_file_is_a_clear_error(tmp_path):
    path = tmp_path / "outbox.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="outbox file is damaged"):
        JsonFileOutbox(path)


def test_bad_calls():
    with pytest.raises(UsageError, match="secret"):
        WebhookSender(MemoryOutbox(), b"")
    with pytest.raises(UsageError, match="http"):
        WebhookSender(MemoryOutbox(), SECRET).enqueue("ftp://x", "x", {})


def test_escalations_and_sla_alerts_from_triage(inbox_policy, make_message):
    triage = Triage(inbox_policy, employees=[Employee("Maria Berg")], run_check=False)
    message = make_message("If Maria calls me again I will come to your office.", at="2026-11-24T10:00:00+01:00")
    result = triage(message)
    events = escalation_events(result, message.text)
    assert [e for e, _ in events] == [EVENT_ESCALATION, EVENT_ESCALATION]
    assert [p["to"] for _, p in events] == ["security", "communications"]
    assert events[1][1]["protected_employee"] == "Maria Berg"
    # Why: as text in the policy's default language, and as codes with params.
    assert [(p["reason"], p["reason_language"]) for _, p in events] == [
        ("A threat: escalated to the owner, never argued online", "en"),
        ("A threat aimed at Maria Berg: taken off their queue (employee protection)", "en")]
    assert events[1][1]["structured_reasons"] == [
        {"code": "taken_off_target_queue", "params": {"situation": "threat", "employee": "Maria Berg"}}]
    at_risk = datetime(2026, 11, 24, 9, 50, tzinfo=timezone.utc)  # 10:50 Oslo, due 11:00
    assert sla_event(result, triage.hours, at_risk)[0] == EVENT_SLA_AT_RISK
    assert sla_event(result, triage.hours, datetime(2026, 11, 24, 9, 5, tzinfo=timezone.utc)) is None
    with Receiver([]) as receiver:
        sender = fast(MemoryOutbox())
        notify(sender, [receiver.url], events)
        assert sender.drain(5) == 0
    assert [json.loads(b)["data"]["to"] for _, b in receiver.received] == ["security", "communications"]
