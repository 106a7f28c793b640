"""Delivers the notification queue in a background thread (one per process that sends)."""
from __future__ import annotations

import logging
import threading

import httpx

from ..connectors.webhooks import Backoff, WebhookSender
from ..store.db import Database
from .queue import SqlQueue

log = logging.getLogger("postguard.notify")


class Dispatcher:
    """Calls ``deliver_due`` every ``interval_seconds`` (sooner after :meth:`wake`) until stopped.

    A notification that cannot be delivered stays in the queue with its next attempt time,
    so a restart picks it up where the last process left it.
    """

    def __init__(self, db: Database, secret: bytes, *, interval_seconds: float = 1.0,
                 backoff: Backoff = Backoff(), client: httpx.Client | None = None):
        self.queue = SqlQueue(db)
        self.sender = WebhookSender(self.queue, secret, client=client, backoff=backoff)
        self.interval = interval_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def deliver_due(self) -> int:
        return len(self.sender.deliver_due())

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="postguard-notify", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.sender.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.deliver_due()
            except Exception:  # a broken database connection must not kill the thread; logged with its cause
                log.exception("delivering notifications failed; retrying in %.1f s", self.interval)
            self._wake.wait(self.interval)
            self._wake.clear()
