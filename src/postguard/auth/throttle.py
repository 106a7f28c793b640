"""Login throttling: N failures within a window, per account and per address -> refuse for a while.

Attempts live in the database, so every server process sees the same counts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.models import LoginAttempt


@dataclass(frozen=True)
class Throttle:
    limit: str
    retry_after: int


def throttled(session: Session, *, username: str, address: str, now: datetime,
              max_failures: int, window_seconds: int) -> Throttle | None:
    """The limit reached for this account or address, with seconds until it lifts, or None."""
    since = now - timedelta(seconds=window_seconds)
    for limit, column, value in (("account", LoginAttempt.username, username), ("address", LoginAttempt.address, address)):
        count, oldest = session.execute(
            select(func.count(), func.min(LoginAttempt.at))
            .where(column == value, LoginAttempt.at > since, LoginAttempt.succeeded.is_(False))
        ).one()
        if count >= max_failures:
            oldest = _aware(oldest)
            retry = int((oldest + timedelta(seconds=window_seconds) - now).total_seconds()) + 1
            return Throttle(limit, max(retry, 1))
    return None


def _aware(value: datetime) -> datetime:
    # func.min bypasses the column type on SQLite and returns a naive value or a string.
    from datetime import timezone

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def note_attempt(session: Session, *, username: str, address: str, succeeded: bool, at: datetime) -> None:
    session.add(LoginAttempt(username=username, address=address, succeeded=succeeded, at=at))
