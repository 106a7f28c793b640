"""The durable notification queue: the ``notify_queue`` table behind the webhook sender's Outbox."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..connectors.webhooks import Notification, new_notification
from ..store.db import Database
from ..store.inbox_models import NotifyQueueItem


def _to_notification(row: NotifyQueueItem) -> Notification:
    return Notification(id=row.id, url=row.url, event=row.event, payload=row.payload, created_at=row.created_at,
                        attempts=row.attempts, next_attempt_at=row.next_attempt_at, status=row.status,  # type: ignore[arg-type]
                        last_error=row.last_error, delivered_at=row.delivered_at)


def _copy(row: NotifyQueueItem, n: Notification) -> None:
    row.attempts, row.next_attempt_at, row.status = n.attempts, n.next_attempt_at, n.status
    row.last_error, row.delivered_at = n.last_error, n.delivered_at


def add_in(session: Session, notification: Notification) -> None:
    """Queue inside the caller's transaction (commits or rolls back with the state change)."""
    session.add(NotifyQueueItem(id=notification.id, url=notification.url, event=notification.event,
                                payload=notification.payload, created_at=notification.created_at,
                                attempts=notification.attempts, next_attempt_at=notification.next_attempt_at,
                                status=notification.status, last_error=notification.last_error))


class SqlQueue:
    """:class:`~postguard.connectors.webhooks.Outbox` over the database; each call is its own transaction."""

    def __init__(self, db: Database):
        self.db = db

    def add(self, notification: Notification) -> None:
        with self.db.writer() as session:
            if session.get(NotifyQueueItem, notification.id) is None:
                add_in(session, notification)
            session.commit()

    def due(self, now: datetime, limit: int = 100) -> list[Notification]:
        with self.db.reader() as session:
            rows = session.scalars(select(NotifyQueueItem).where(
                NotifyQueueItem.status == "pending", NotifyQueueItem.next_attempt_at <= now)
                .order_by(NotifyQueueItem.created_at, NotifyQueueItem.id).limit(limit))
            return [_to_notification(row) for row in rows]

    def update(self, notification: Notification) -> None:
        with self.db.writer() as session:
            row = session.get(NotifyQueueItem, notification.id)
            if row is not None:
                _copy(row, notification)
                session.commit()

    def get(self, notification_id: str) -> Notification | None:
        with self.db.reader() as session:
            row = session.get(NotifyQueueItem, notification_id)
            return _to_notification(row) if row else None

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        with self.db.reader() as session:
            rows = session.execute(select(NotifyQueueItem.status, func.count()).group_by(NotifyQueueItem.status))
            return {status: count for status, count in rows}


@dataclass(frozen=True)
class Notifier:
    """Who to tell: the receivers' URLs. ``publish`` queues one notification per URL."""

    urls: tuple[str, ...] = ()

    def publish(self, session: Session, event: str, payload: dict[str, Any],
                now: datetime | None = None) -> list[Notification]:
        queued = [new_notification(url, event, payload, now) for url in self.urls]
        for notification in queued:
            add_in(session, notification)
        return queued

    def publish_all(self, session: Session, events: Sequence[tuple[str, dict[str, Any]]]) -> int:
        return sum(len(self.publish(session, event, payload)) for event, payload in events)
