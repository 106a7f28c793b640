"""Counting clicks on tracked links (``/r/<code>``) with group commit.

Every click is committed before its redirect is answered, so a count is never lost to a
crash after the visitor was sent on. Committing each click in a transaction of its own would
make concurrent clicks queue on the database's write lock; instead clicks that arrive while
a commit is running wait together and go into the next transaction (group commit): one
writer, no lock contention, no lost updates, and the more clicks arrive at once the cheaper
each becomes. The daily per-share counts are updated in the same transaction with an
``INSERT … ON CONFLICT DO UPDATE`` (SQLite and PostgreSQL), so they always agree with the rows.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import anyio
from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite

from . import advocacy_daily
from .advocacy_models import LinkClick, LinkClicksDaily, TrackedLink
from .db import Database


@dataclass(frozen=True)
class Click:
    share_id: int
    at: datetime
    bot: bool
    visitor: str


_INSERT_CLICK = insert(LinkClick)


@lru_cache(maxsize=None)
def _daily_upsert(dialect: str) -> Any:
    """Adds to a share's daily counts; built once per backend (building it costs more than running it)."""
    upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(LinkClicksDaily)
    return upsert.on_conflict_do_update(
        index_elements=["share_id", "day"],
        set_={"clicks": LinkClicksDaily.clicks + upsert.excluded.clicks,
              "bot_clicks": LinkClicksDaily.bot_clicks + upsert.excluded.bot_clicks})


def write_clicks(db: Database, clicks: list[Click]) -> None:
    """Store clicks and add them to the daily counts, in one transaction."""
    if not clicks:
        return
    per_day: Counter[tuple[int, date, bool]] = Counter((c.share_id, c.at.date(), c.bot) for c in clicks)
    daily: dict[tuple[int, date], dict[str, int]] = {}
    for (share_id, day, bot), n in per_day.items():
        counts = daily.setdefault((share_id, day), {"clicks": 0, "bot_clicks": 0})
        counts["bot_clicks" if bot else "clicks"] += n
    # A plain connection, not an ORM session: this runs for every batch of clicks. On SQLite
    # the transaction starts with BEGIN IMMEDIATE like every writer (store/db.py).
    engine = db.engine.execution_options(sqlite_begin="IMMEDIATE") if db.is_sqlite else db.engine
    with engine.begin() as connection:
        connection.execute(_INSERT_CLICK, [{"share_id": c.share_id, "at": c.at, "bot": c.bot, "visitor": c.visitor}
                                           for c in clicks])
        connection.execute(_daily_upsert(connection.dialect.name),
                           [{"share_id": share_id, "day": day, **counts} for (share_id, day), counts in sorted(daily.items())])
        advocacy_daily.add_clicks(connection, daily)


class ClickRecorder:
    """Resolves codes (cached: a code's target never changes) and records clicks by group commit."""

    def __init__(self, db: Database, *, cache_size: int = 100_000):
        self.db = db
        self._targets: dict[str, tuple[int, str]] = {}
        self._cache_size = cache_size
        self._pending: list[tuple[Click, asyncio.Future[None]]] = []
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        #: Transactions written and clicks in them (for the benchmark and the logs).
        self.commits = 0
        self.written = 0

    def resolve(self, code: str) -> tuple[int, str] | None:
        """(share id, target) of a stored code, or None; one indexed lookup the first time."""
        found = self._targets.get(code)
        if found is None:
            with self.db.engine.connect() as connection:
                row = connection.execute(select(TrackedLink.share_id, TrackedLink.target)
                                         .where(TrackedLink.code == code)).first()
            if row is None:
                return None
            if len(self._targets) >= self._cache_size:
                self._targets.clear()
            found = self._targets[code] = (row.share_id, row.target)
        return found

    async def record(self, click: Click) -> None:
        """Returns once the click is committed."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._task is None or self._task.done():
            self._loop, self._wake = loop, asyncio.Event()
            self._task = loop.create_task(self._writer())
        future: asyncio.Future[None] = loop.create_future()
        self._pending.append((click, future))
        assert self._wake is not None
        self._wake.set()
        await future

    async def _writer(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self._pending = self._pending, []
            if not batch:
                continue
            try:
                await anyio.to_thread.run_sync(write_clicks, self.db, [click for click, _ in batch])
            except BaseException as exc:  # handed to every waiting request, which reports it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc if isinstance(exc, Exception) else RuntimeError("click writer stopped"))
                if not isinstance(exc, Exception):
                    raise
                continue
            self.commits += 1
            self.written += len(batch)
            for _, future in batch:
                if not future.done():
                    future.set_result(None)
