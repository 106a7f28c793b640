"""``postguard serve``: the REST API (FastAPI + Uvicorn); migrates the database on start."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from ._service import DatabaseOption, DataDirOption, settings_from


def serve(
    host: Optional[str] = typer.Option(None, help="Address to listen on (env POSTGUARD_HOST, default 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, help="Port (env POSTGUARD_PORT, default 8000)."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
    log_level: str = typer.Option("warning", help="Uvicorn log level."),
    workers: Optional[int] = typer.Option(
        None, min=0, max=64,
        help="Server processes, each running the whole app (env POSTGUARD_WORKERS; default 0 = one per CPU core)."),
) -> None:
    """Run the service: the API under /api/v1, OpenAPI at /docs and /openapi.json."""
    import uvicorn

    from ..web.app import create_app

    settings = settings_from(data_dir, database_url, host=host, port=port, workers=workers)
    count = processes(settings.workers)
    typer.echo(f"postguard: serving on http://{settings.host}:{settings.port} with {count} worker(s) "
               f"(database {_redacted(settings.effective_database_url)})", err=True)
    # uvloop and httptools (in requirements.lock) are what uvicorn picks when they are installed;
    # no access log: a line per request costs more than a rules-only check's routing.
    if count == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=log_level,
                    access_log=False)
        return
    # Worker processes build their own app from the environment: hand the options down that way.
    from ..store.db import Database
    from ..store.setup import prepare

    database = Database.from_url(settings.effective_database_url)
    prepare(database)  # once, before the workers race to migrate
    database.dispose()
    os.environ.update({"POSTGUARD_DATA_DIR": str(settings.data_dir), "POSTGUARD_DATABASE_URL": settings.database_url,
                       "POSTGUARD_HOST": settings.host, "POSTGUARD_PORT": str(settings.port)})
    uvicorn.run("postguard.web.app:create_app", factory=True, host=settings.host, port=settings.port,
                workers=count, log_level=log_level, access_log=False,
                # Loading the language models holds the GIL for seconds at start-up; a worker busy
                # with that must not be taken for dead.
                timeout_worker_healthcheck=120)


def processes(configured: int) -> int:
    """Worker processes: as configured, or one per CPU core this process may use (0)."""
    if configured:
        return configured
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
