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
from ..settings import Settings
from ..store.db import Database
from ..store.setup import prepare
from . import errors
from .deps import Service
from .routes import audit, checks, drafts, people, policies, posts

API_PREFIX = "/api/v1"


#: One short draft per first-class language: checking them loads what the checks load lazily.
WARM_UP_TEXTS = (
    "Proud of the team and the new solar park.", "Dumni z zespołu i nowej farmy słonecznej.",
    "Stolt av teamet og den nye solparken.", "Stolt över teamet och den nya solparken.",
    "גאה בצוות ובחוות השמש החדשה.", "Trots op het team en het nieuwe zonnepark.",
)


async def _warm_up(service: Service) -> None:
    import anyio

    from ..engine import check

    _number, policy = service.active_policy()

    def run() -> None:
        for text in WARM_UP_TEXTS:
            check(text, policy)

    await anyio.to_thread.run_sync(run)


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    database = db or Database.from_url(settings.effective_database_url)
    service = Service(settings=settings, db=database,
                      passwords=Passwords(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        prepare(database)
        if settings.warm_up:
            await _warm_up(service)
        yield
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
    errors.install(app)
    for module in (people, policies, checks, drafts, posts, audit):
        app.include_router(module.router, prefix=API_PREFIX)
    _mount_interface(app, service)
    return app


def _mount_interface(app: FastAPI, service: Service) -> None:
    """The web interface at /ui, checking under the service's active policy version.

    Submitting drafts from the interface needs browser sign-in, which the interface does not
    have yet: until then its submit button stays disabled with the explanation it shows.
    """
    from fastapi.responses import RedirectResponse

    from ..webui.app import UISettings, create_ui

    def policy():
        return service.active_policy()[1]

    app.mount("/ui", create_ui(UISettings(policy=policy)))

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")
