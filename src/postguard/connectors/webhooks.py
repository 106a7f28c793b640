"""Outgoing notifications (escalations, SLA alerts, incidents) POSTed as signed JSON, never lost.

Every notification is written to an :class:`Outbox` *before* any delivery is tried, so a
crash or restart between "decided to notify" and "receiver said 2xx" leaves it pending,
and the next run sends it. Delivery is at least once: the ``X-Postguard-Delivery`` header
carries the notification's id so a receiver can drop a repeat.

Signature (like Stripe's and Slack's): ``X-Postguard-Timestamp: <unix seconds>`` and
``X-Postguard-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>." + body>``. Signing the
timestamp lets a receiver refuse replays older than a few minutes (:func:`verify`).

Retries back off exponentially (base · 2^(attempt-1), capped), honour ``Retry-After``,
and stop after ``max_attempts``: the notification is then ``dead`` and stays in the
outbox for a person to see. A 4xx other than 408/429 is not retried (the receiver refuses
it; sending again would not help).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, Protocol

import httpx

from ..errors import UsageError

SIGNATURE_HEADER = "X-Postguard-Signature"
TIMESTAMP_HEADER = "X-Postguard-Timestamp"
DELIVERY_HEADER = "X-Postguard-Delivery"
EVENT_HEADER = "X-Postguard-Event"

Status = Literal["pending", "delivered", "dead"]


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret, f"{timestamp}.".encode("ascii") + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: bytes, headers: dict[str, str] | httpx.Headers, body: bytes, now: float | None = None,
           tolerance_seconds: int = 300) -> bool:
    """For receivers: the signature is right and the timestamp is recent."""
    lower = {k.lower(): v for k, v in dict(headers).items()}
    try:
        timestamp = int(lower[TIMESTAMP_HEADER.lower()])
        given = lower[SIGNATURE_HEADER.lower()]
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance_seconds:
        return False
    return hmac.compare_digest(given, sign(secret, timestamp, body))


@dataclass(frozen=True)
class Notification:
    """One event for one receiver; ``id`` is stable across retries."""

    id: str
    url: str
    event: str
    payload: dict[str, Any]
    created_at: datetime
    attempts: int = 0
    next_attempt_at: datetime | None = None
    status: Status = "pending"
    last_error: str = ""
    delivered_at: datetime | None = None

    def body(self) -> bytes:
        document = {"id": self.id, "event": self.event, "created_at": self.created_at.isoformat(), "data": self.payload}
        return json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def new_notification(url: str, event: str, payload: dict[str, Any], now: datetime | None = None) -> Notification:
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"webhook URL must start with http:// or https://, not {url!r}")
    try:
        json.dumps(payload)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"webhook payload is not JSON: {exc}") from None
    now = now or datetime.now(timezone.utc)
    return Notification(id=str(uuid.uuid4()), url=url, event=event, payload=payload, created_at=now, next_attempt_at=now)


class Outbox(Protocol):
    """Durable storage of notifications; the store implements it with a table."""

    def add(self, notification: Notification) -> None: ...

    def due(self, now: datetime, limit: int = 100) -> list[Notification]:
        """Pending notifications whose next attempt is at or before ``now``, oldest first."""
        ...

    def update(self, notification: Notification) -> None: ...

    def get(self, notification_id: str) -> Notification | None: ...


class MemoryOutbox:
    """An outbox in a dict: for tests and for callers that persist elsewhere."""

    def __init__(self) -> None:
        self.items: dict[str, Notification] = {}

    def add(self, notification: Notification) -> None:
        self.items.setdefault(notification.id, notification)

    def due(self, now: datetime, limit: int = 100) -> list[Notification]:
        pending = [n for n in self.items.values() if n.status == "pending"
                   and (n.next_attempt_at is None or n.next_attempt_at <= now)]
        return sorted(pending, key=lambda n: n.created_at)[:limit]

    def update(self, notification: Notification) -> None:
        self.items[notification.id] = notification

    def get(self, notification_id: str) -> Notification | None:
        return self.items.get(notification_id)


@dataclass(frozen=True)
class Backoff:
    base_seconds: float = 2.0
    max_seconds: float = 600.0
    max_attempts: int = 8

    def delay(self, attempts: int, retry_after: float | None = None) -> timedelta:
        seconds = min(self.max_seconds, self.base_seconds * 2 ** max(0, attempts - 1))
        if retry_after is not None:
            seconds = min(self.max_seconds, max(seconds, retry_after))
        return timedelta(seconds=seconds)


class WebhookSender:
    """Sends what the outbox holds; call :meth:`deliver_due` from a loop or :meth:`drain` in tests and CLIs."""

    def __init__(self, outbox: Outbox, secret: bytes, client: httpx.Client | None = None,
                 backoff: Backoff = Backoff(), timeout_seconds: float = 10.0,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        if not secret:
            raise UsageError("a webhook secret is required: receivers must be able to verify the sender")
        self.outbox = outbox
        self.secret = secret
        self.client = client or httpx.Client(timeout=timeout_seconds)
        self.backoff = backoff
        self.clock = clock

    def enqueue(self, url: str, event: str, payload: dict[str, Any]) -> Notification:
        """Record first, send later: the outbox holds it before any network call."""
        notification = new_notification(url, event, payload, self.clock())
        self.outbox.add(notification)
        return notification

    def deliver_due(self, limit: int = 100) -> list[Notification]:
        """One attempt for each notification that is due; returns them as updated."""
        done = []
        for notification in self.outbox.due(self.clock(), limit):
            updated = self._attempt(notification)
            self.outbox.update(updated)
            done.append(updated)
        return done

    def drain(self, budget_seconds: float, sleep: Callable[[float], None] = time.sleep) -> int:
        """Deliver until nothing is due within the budget; returns how many are still pending."""
        stop = time.monotonic() + budget_seconds
        while time.monotonic() < stop:
            self.deliver_due()
            waiting = self.outbox.due(self.clock() + timedelta(seconds=max(0.0, stop - time.monotonic())))
            if not waiting:
                break
            next_at = min(n.next_attempt_at or self.clock() for n in waiting)
            pause = (next_at - self.clock()).total_seconds()
            if pause > 0:
                sleep(min(pause, max(0.0, stop - time.monotonic())))
        return len(self.outbox.due(datetime.max.replace(tzinfo=timezone.utc), limit=1_000_000))

    def _attempt(self, notification: Notification) -> Notification:
        body = notification.body()
        timestamp = int(self.clock().timestamp())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(self.secret, timestamp, body),
            DELIVERY_HEADER: notification.id,
            EVENT_HEADER: notification.event,
            "User-Agent": "postguard-webhooks",
        }
        attempts = notification.attempts + 1
        retry_after: float | None = None
        try:
            response = self.client.post(notification.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            error, retryable = f"{type(exc).__name__}: {exc}", True
        else:
            if 200 <= response.status_code < 300:
                return replace(notification, attempts=attempts, status="delivered", last_error="",
                               delivered_at=self.clock(), next_attempt_at=None)
            error = f"HTTP {response.status_code}"
            retryable = response.status_code >= 500 or response.status_code in (408, 429)
            retry_after = _retry_after(response)
        if not retryable or attempts >= self.backoff.max_attempts:
            why = "refused by the receiver" if not retryable else f"gave up after {attempts} attempts"
            return replace(notification, attempts=attempts, status="dead", last_error=f"{error} ({why})",
                           next_attempt_at=None)
        return replace(notification, attempts=attempts, last_error=error,
                       next_attempt_at=self.clock() + self.backoff.delay(attempts, retry_after))

    def close(self) -> None:
        self.client.close()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
