"""Group commit for the inbound webhook: many requests, one write transaction.

Each request hands its validated messages to :meth:`Acceptor.submit` and waits for the
commit that contains them (so a 202 means "stored", never "maybe"). A single writer
thread takes whatever has queued up — one request or hundreds — and stores it with one
``INSERT … ON CONFLICT DO NOTHING`` per (caller, source) and one commit. On SQLite this
turns a burst of small requests into a few large transactions; on PostgreSQL it saves a
round trip and a commit per request.
"""
from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass

from ..inbound.message import InboundMessage
from ..store.db import Database
from ..store.inbox_accept import Accepted, accept

log = logging.getLogger("postguard.inbox")


@dataclass(frozen=True)
class StoredMessage:
    platform: str
    external_id: str
    id: int
    duplicate: bool


@dataclass
class _Request:
    messages: Sequence[InboundMessage]
    actor: str
    source: str
    future: Future


class Acceptor:
    def __init__(self, db: Database, *, max_batch: int = 5000, on_commit: Callable[[], None] | None = None):
        self.db = db
        self.max_batch = max_batch
        self.on_commit = on_commit
        self._queue: queue.Queue[_Request | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def start(self) -> None:
        with self._starting:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="postguard-accept", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def submit_sync(self, messages: Sequence[InboundMessage], *, actor: str, source: str) -> list[StoredMessage]:
        self.start()
        future: Future = Future()
        self._queue.put(_Request(messages, actor, source, future))
        return future.result()

    async def submit(self, messages: Sequence[InboundMessage], *, actor: str, source: str) -> list[StoredMessage]:
        self.start()  # started by the app's lifespan; here too, so a request never waits on a thread nobody runs
        future: Future = Future()
        self._queue.put(_Request(messages, actor, source, future))
        return await asyncio.wrap_future(future)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch, size = [first], len(first.messages)
            while size < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(more)
                size += len(more.messages)
            self._commit(batch)

    def _commit(self, batch: list[_Request]) -> None:
        groups: dict[tuple[str, str], list[_Request]] = {}
        for request in batch:
            groups.setdefault((request.actor, request.source), []).append(request)
        try:
            outcomes: dict[tuple[str, str], Accepted] = {}
            with self.db.writer() as session:
                for (actor, source), requests in groups.items():
                    outcomes[(actor, source)] = accept(session, [m for r in requests for m in r.messages],
                                                       actor=actor, source=source)
                session.commit()
        except BaseException as exc:  # every waiting request learns why; nothing was stored
            for request in batch:
                request.future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            log.exception("accepting %d request(s) failed", len(batch))
            return
        for key, requests in groups.items():
            outcome, claimed = outcomes[key], set()
            for request in requests:
                stored = []
                for message in request.messages:
                    ident = (message.platform, message.external_id)
                    new = ident in outcome.new and ident not in claimed
                    claimed.add(ident)
                    stored.append(StoredMessage(message.platform, message.external_id, outcome.ids[ident], not new))
                request.future.set_result(stored)
        if self.on_commit is not None:
            self.on_commit()
