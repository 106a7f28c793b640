"""``create_app(settings)``: the FastAPI application. Nothing is created at import time.

On startup the database is migrated to the newest schema and, on first start, the bundled
demo policy becomes version 1 (``store.setup.prepare``).
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI

from .. import __version__
from ..auth.secrets import Passwords
from ..campaigns.notify import IncidentNotifier
from ..settings import Settings
from ..store.clicks import ClickRecorder
from ..store.db import Database
from ..store.setup import prepare
from . import errors
from .deps import Service
from . import redirect
from .routes import (advocacy, advocacy_metrics, audit, checks, drafts, inbound, inbox, incidents, people, policies,
                     posts, stats, training)

API_PREFIX = "/api/v1"


async def _warm_up(service: Service) -> None:
    import anyio

    from ..engine import warm_up

    _number, policy = service.active_policy()
    await anyio.to_thread.run_sync(warm_up, policy)


def create_app(settings: Settings | None = None, *, db: Database | None = None,
               incident_notifier: IncidentNotifier | None = None) -> FastAPI:
    """The service. ``incident_notifier`` receives each new incident and new wave as an event
    dict after it is committed (wire it to the webhook sender; None sends nothing)."""
    settings = settings or Settings.from_env()
    database = db or Database.from_url(settings.effective_database_url)
    service = Service(settings=settings, db=database,
                      passwords=Passwords(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib))
    from ..inbox.runtime import InboxRuntime

    inbox_runtime = InboxRuntime.build(settings, database)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        prepare(database)
        if settings.warm_up:
            await _warm_up(service)
        inbox_runtime.start()
        try:
            yield
        finally:
            inbox_runtime.stop()
        if db is None:  # a database handed in belongs to the caller
            database.dispose()

    app = FastAPI(
        title="postguard",
        version=__version__,
        description="A company's social media policy as software: checks, drafts and review, policy versions, "
                    "moderation and a hash-chained audit log. Every error has the shape "
                    '`{"error": {"status", "code", "message", "details"}}`.',
        lifespan=lifespan,
        responses={code: {"description": text, "content": {"application/json": {"schema": errors.ERROR_SCHEMA}}}
                   for code, text in ((401, "Not logged in"), (403, "Not allowed"), (422, "Invalid input"),
                                      (500, "Unexpected error (logged)"))},
    )
    app.state.service = service
    app.state.inbox = inbox_runtime
    app.state.incident_notifier = incident_notifier or _queued_notifier(database, inbox_runtime)
    # Incidents the inbox's comments open: a notifier handed in hears of them too; without one the
    # worker queues them in its scan's own transaction (the same signed webhook queue, durably).
    inbox_runtime.worker.incident_notifier = incident_notifier
    errors.install(app)
    # The inbound webhook first: it is the hottest route (platforms post every message), and each
    # router before it costs a pass over its routes: 143 µs a request in 11th place, 6 µs first.
    for module in (inbound, people, policies, checks, drafts, posts, audit, inbox, incidents, stats, advocacy,
                   advocacy_metrics, training):
        app.include_router(module.router, prefix=API_PREFIX)
    # The public tracked-link redirect (no login); clicks are counted by group commit.
    app.state.clicks = ClickRecorder(database)
    app.router.routes.insert(0, redirect.ROUTE)
    _mount_interface(app, database, service)
    return app


def _queued_notifier(database: Database, inbox_runtime) -> IncidentNotifier | None:  # noqa: ANN001
    """Incident events through the inbox's durable, signed webhook queue (POSTGUARD_NOTIFY_URLS):
    each event is queued in its own transaction and the sender woken; None when no URL is set."""
    notifier = inbox_runtime.notifier
    if not notifier.urls:
        return None

    def send(event: dict) -> None:
        with database.writer() as session:
            notifier.publish(session, event["event"], event)
            session.commit()
        if inbox_runtime.dispatcher is not None:
            inbox_runtime.dispatcher.wake()

    return send


def _mount_interface(app: FastAPI, database: Database, service: Service) -> None:
    """The web interface at /ui, checking under the service's active policy version; it signs
    people in through this app's login and calls this app's API as the signed-in person."""
    from fastapi.responses import RedirectResponse

    from ..webui.app import UISettings, create_ui

    def policy():
        return service.active_policy()[1]

    from .training_pages import training_pages
    from .ui_incidents import ServiceIncidents

    app.mount("/ui", create_ui(UISettings(policy=policy, submit_draft_url=f"{API_PREFIX}/drafts", service_app=app,
                                          inbox_api=API_PREFIX, incidents=ServiceIncidents(database, API_PREFIX),
                                          inbox_refresh_seconds=service.settings.inbox_refresh_seconds,
                                          routers=(training_pages(service),))))

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")
