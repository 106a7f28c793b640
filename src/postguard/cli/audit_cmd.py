"""``postguard audit verify|export``: the hash-chained audit log."""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from ._service import DatabaseOption, DataDirOption, open_database, settings_from

audit_app = typer.Typer(help="Verify and export the audit log.", no_args_is_help=True)


@audit_app.command("verify")
def verify(data_dir: Optional[Path] = DataDirOption, database_url: Optional[str] = DatabaseOption) -> None:
    """Check every link of the hash chain; exit 1 and name the first broken link if one fails."""
    from ..store import audit

    db = open_database(settings_from(data_dir, database_url), prepare=False)
    with db.reader() as session:
        result = audit.verify(session)
    if result.ok:
        typer.echo(f"audit log intact: {result.checked} events")
        return
    typer.echo(f"audit log BROKEN at event {result.broken_at}: {result.problem} "
               f"({result.checked} events before it are intact)")
    raise typer.Exit(1)


def _when(value: Optional[str], option: str) -> Optional[datetime]:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not an ISO 8601 date or time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@audit_app.command("export")
def export(
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
    actor: Optional[str] = typer.Option(None, help="Only this actor (user:alice)."),
    action: Optional[str] = typer.Option(None, help="An action (draft.decide) or a prefix ending in '.' (draft.)."),
    resource: Optional[str] = typer.Option(None, help="Only this resource (draft:12)."),
    since: Optional[str] = typer.Option(None, help="From this UTC time (ISO 8601)."),
    until: Optional[str] = typer.Option(None, help="Before this UTC time (ISO 8601)."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Export audit events with filters."""
    from ..store import audit

    if fmt not in ("jsonl", "csv"):
        raise UsageError(f"--format must be jsonl or csv, not {fmt!r}")
    flt = audit.AuditFilter(actor=actor, action=action, resource=resource,
                            since=_when(since, "--since"), until=_when(until, "--until"))
    db = open_database(settings_from(data_dir, database_url), prepare=False)
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        with db.reader() as session:
            rows = audit.events(session, flt)
            for chunk in (audit.to_jsonl(rows) if fmt == "jsonl" else audit.to_csv(rows)):
                out.write(chunk)
    finally:
        if output:
            out.close()


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
