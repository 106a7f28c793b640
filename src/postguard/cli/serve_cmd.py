"""``postguard serve``: the REST API (FastAPI + Uvicorn); migrates the database on start."""
from __future__ import annotations

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
) -> None:
    """Run the service: the API under /api/v1, OpenAPI at /docs and /openapi.json."""
    import uvicorn

    from ..web.app import create_app

    settings = settings_from(data_dir, database_url, host=host, port=port)
    typer.echo(f"postguard: serving on http://{settings.host}:{settings.port} "
               f"(database {_redacted(settings.effective_database_url)})", err=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=log_level,
                access_log=False)


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
