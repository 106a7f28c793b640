"""The inbox's moving parts in one process: acceptor, triage worker, notification dispatcher."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..notify import Dispatcher, Notifier
from ..settings import Settings
from ..store.db import Database
from .acceptor import Acceptor
from .worker import TriageWorker


@dataclass
class InboxRuntime:
    acceptor: Acceptor
    worker: TriageWorker
    notifier: Notifier
    dispatcher: Dispatcher | None
    background: bool

    @classmethod
    def build(cls, settings: Settings, db: Database) -> "InboxRuntime":
        if settings.notify_urls and not settings.notify_secret:
            raise UsageError("POSTGUARD_NOTIFY_URLS is set but POSTGUARD_NOTIFY_SECRET is empty: receivers "
                             "must be able to verify the signature")
        notifier = Notifier(tuple(settings.notify_urls))
        dispatcher = Dispatcher(db, settings.notify_secret.encode("utf-8")) if settings.notify_urls else None
        worker = TriageWorker(db, classifier=settings.inbox_classifier, notifier=notifier)
        wake = worker.wake if settings.inbox_worker else None
        return cls(Acceptor(db, on_commit=wake), worker, notifier, dispatcher, settings.inbox_worker)

    def start(self) -> None:
        """The acceptor always runs (the webhook needs it); the worker and sender when enabled."""
        self.acceptor.start()
        if self.background:
            self.worker.start()
            if self.dispatcher is not None:
                self.dispatcher.start()

    def stop(self) -> None:
        self.acceptor.stop()
        self.worker.stop()
        if self.dispatcher is not None:
            self.dispatcher.stop()
