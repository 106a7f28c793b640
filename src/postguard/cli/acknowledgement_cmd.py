"""``postguard training invite-candidate|status|remind|set-department``: acknowledgement of the
policy (R8) on the service's database. The operator at the shell acts as ``cli`` (an admin)."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from ._service import DatabaseOption, DataDirOption, open_database, settings_from

BaseUrlOption = typer.Option("http://127.0.0.1:8000", "--base-url",
                             help="The service's public address, for the links in invitations and reminders.")


def invite_candidate(
    username: str = typer.Argument(..., help="A new candidate's username (or an existing candidate's, for a fresh link)."),
    name: str = typer.Option("", "--name", help="Full name."),
    email: Optional[str] = typer.Option(None, help="E-mail address."),
    lang: str = typer.Option("en", "--lang", help="The handbook language: pl, no, sv, he, nl or en."),
    department: str = typer.Option("", help="Department the candidate is hired into."),
    base_url: str = BaseUrlOption,
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Invite a candidate to read and accept the active policy through a personal link (no account; expires in 30 days)."""
    from ..auth.permissions import CLI_ACTOR
    from ..store import acknowledgements as acks

    db = open_database(settings_from(data_dir, database_url))
    with db.writer() as session:
        invitation = acks.invite_candidate(session, actor=CLI_ACTOR, username=username, base_url=base_url,
                                           display_name=name, email=email, language=lang, department=department)
        session.commit()
    typer.echo(invitation.url)
    typer.echo(f"policy version {invitation.policy_version}; the link works until "
               f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC", err=True)


def status(
    outstanding: bool = typer.Option(False, "--outstanding", help="Only who has not acknowledged the active version."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Who has acknowledged the active policy version, completion and quiz results per department."""
    from ..auth.permissions import CLI_ACTOR
    from ..store import acknowledgements as acks
    from ..store import quizzes

    if fmt not in ("text", "json"):
        raise UsageError(f"--format must be text or json, not {fmt!r}")
    db = open_database(settings_from(data_dir, database_url))
    with db.reader() as session:
        version, rows = acks.status(session, actor=CLI_ACTOR, outstanding_only=outstanding)
        _version, departments, candidates = acks.completion(session, actor=CLI_ACTOR)
        _version, quiz_rows = quizzes.report(session, actor=CLI_ACTOR)
    quiz = {row.department: row for row in quiz_rows}
    if fmt == "json":
        typer.echo(json.dumps({
            "policy_version": version,
            "people": [{**row.__dict__, "kind": row.kind, "acknowledged_at": _iso(row.acknowledged_at),
                        "last_reminded_at": _iso(row.last_reminded_at)} for row in rows],
            "departments": [{"department": d.department, "acknowledged": d.done, "total": d.total,
                             "quiz_passed": quiz[d.department].passed if d.department in quiz else 0}
                            for d in departments],
            "candidates": {"acknowledged": candidates.done, "total": candidates.total},
        }, ensure_ascii=False, indent=2))
        return
    typer.echo(f"policy version {version}")
    for row in rows:
        done = f"acknowledged {row.acknowledged_at:%Y-%m-%d}" if row.acknowledged_at else "NOT acknowledged"
        reminded = f", {row.reminders} reminder(s)" if row.reminders else ""
        typer.echo(f"  {row.username}\t{row.role}\t{row.department or '-'}\t{done}{reminded}")
    typer.echo("per department (acknowledged/total, quiz passed):")
    for dep in departments:
        passed = quiz[dep.department].passed if dep.department in quiz else 0
        typer.echo(f"  {dep.department or '(none)'}\t{dep.done}/{dep.total}\t{dep.share:.0%}\tquiz {passed}")
    typer.echo(f"candidates\t{candidates.done}/{candidates.total}")


def _iso(moment) -> str | None:  # noqa: ANN001
    return moment.isoformat() if moment else None


def remind(
    via: str = typer.Option("notification", "--via", help="notification (in-app) or stdout (print the messages)."),
    every_days: float = typer.Option(3, "--every-days", help="Nobody is reminded twice within this many days."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List who would be reminded; send and record nothing."),
    base_url: str = BaseUrlOption,
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Remind everyone who has not acknowledged the active version; each reminder is recorded and audited."""
    from ..auth.permissions import CLI_ACTOR
    from ..store import acknowledgements as acks
    from ..training.reminders import StdoutSender

    if via not in ("notification", "stdout"):
        raise UsageError(f"--via must be notification or stdout, not {via!r}")
    if every_days < 0:
        raise UsageError("--every-days must be 0 or more")
    db = open_database(settings_from(data_dir, database_url))
    with db.writer() as session:
        sender = acks.NotificationSender(session) if via == "notification" else StdoutSender()
        messages = acks.remind(session, actor=CLI_ACTOR, sender=sender, base_url=base_url,
                               every=timedelta(days=every_days), dry_run=dry_run)
        session.commit()
    verb = "would remind" if dry_run else f"reminded ({sender.name})"
    typer.echo(f"{verb}: {', '.join(m.username for m in messages) or 'nobody'}", err=via == "stdout")


def set_department(username: str, department: str, data_dir: Optional[Path] = DataDirOption,
                   database_url: Optional[str] = DatabaseOption) -> None:
    """Set a person's department (completion is reported per department)."""
    from ..auth.permissions import CLI_ACTOR
    from ..store import acknowledgements as acks

    db = open_database(settings_from(data_dir, database_url))
    with db.writer() as session:
        acks.set_department(session, actor=CLI_ACTOR, username=username, department=department)
        session.commit()
    typer.echo(f"{username}: department {department!r}")


def register(training_app: typer.Typer) -> None:
    training_app.command("invite-candidate")(invite_candidate)
    training_app.command("status")(status)
    training_app.command("remind")(remind)
    training_app.command("set-department")(set_department)
