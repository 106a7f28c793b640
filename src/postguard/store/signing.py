"""Signing keys the service keeps in its own database, so every process (the server, the CLI,
a second server) signs and checks links with the same secret without any configuration."""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import audit_events as ev
from .audit import record
from .training_models import SigningKey


def signing_secret(session: Session, *, name: str) -> str:
    """The secret called ``name``, made on first use (a concurrent first use keeps the winner's)."""
    secret = session.scalar(select(SigningKey.secret).where(SigningKey.name == name))
    if secret is not None:
        return secret
    try:
        with session.begin_nested():
            session.add(SigningKey(name=name, secret=secrets.token_urlsafe(48)))
            record(session, ev.SigningKeyCreated(name=name), actor="system", policy_version=None)
    except IntegrityError:  # another process made it between our read and our write
        pass
    return session.scalar(select(SigningKey.secret).where(SigningKey.name == name))  # type: ignore[return-value]


def existing_secret(session: Session, *, name: str) -> str | None:
    """The secret called ``name`` if it was ever made (for read-only paths that only check)."""
    return session.scalar(select(SigningKey.secret).where(SigningKey.name == name))
