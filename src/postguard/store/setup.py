"""First start: migrate the schema and seed the bundled policy (idempotent)."""
from __future__ import annotations

from ..auth.permissions import CLI_ACTOR
from .db import Database
from .migrate import upgrade
from .policies import ensure_bundled


def prepare(db: Database) -> None:
    upgrade(db.engine)
    with db.writer() as session:
        ensure_bundled(session, actor=CLI_ACTOR)
        session.commit()
