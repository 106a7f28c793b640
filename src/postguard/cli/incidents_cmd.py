"""``postguard incidents``: scan a comment stream for coordinated campaigns, then work the incidents.

The incidents live in the service's store (``--data-dir`` / ``--database-url`` like every
service command, SQLite under the data directory by default), so the CLI, the API and the
web page see the same incidents, and every change is in the audit log. The operator at the
shell acts as ``cli``. Scanning the same comments again adds nothing twice.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

import typer

from ..auth.permissions import CLI_ACTOR
from ..campaigns.bundle import bundle_json
from ..campaigns.incidents import Incident
from ..campaigns.model import Comment, comment_from_dict
from ..campaigns.report import reason_text, render_report
from ..errors import InputError, UsageError
from ..languages import LANGUAGES, normalise_language
from ._service import DatabaseOption, DataDirOption, open_database, settings_from

#: One comment per line; a longer line is a broken file, not a comment.
MAX_LINE_BYTES = 1_000_000

incidents_app = typer.Typer(help="Coordinated campaigns: scan comments, list, show, export and work incidents.",
                            no_args_is_help=True)


def read_comments(path: str) -> Iterator[tuple[int, Comment]]:
    """(line number, comment) for every non-blank line; :class:`InputError` names file and line."""
    name = "<stdin>" if path == "-" else path
    try:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    with stream:
        for number, raw in enumerate(stream, start=1):
            if len(raw) > MAX_LINE_BYTES:
                raise InputError(f"{name}:{number}: line longer than {MAX_LINE_BYTES:,} bytes; expected one JSON object per line")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}:{number}: not UTF-8 (byte {exc.start + 1} of the line)") from None
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{name}:{number}: not valid JSON: {exc.msg} (column {exc.colno})") from None
            try:
                yield number, comment_from_dict(data)
            except InputError as exc:
                raise InputError(f"{name}:{number}: {exc}") from None


def scan_file(db, comments: list[Comment]):  # noqa: ANN001, ANN201 - used by the demo too
    """Scan ``comments`` into the store in batches; returns (new comments, opened ids, grown ids)."""
    from ..store import incidents, policies

    new, opened, grown = 0, [], []
    size = incidents.MAX_SCAN_COMMENTS
    for start in range(0, len(comments), size):
        with db.writer() as session:
            number, policy = policies.active_policy(session)
            result = incidents.scan(session, actor=CLI_ACTOR, comments=comments[start:start + size], policy=policy,
                                    number=number)
            session.commit()
        new += result.new
        opened += [i for i in result.opened if i not in opened]
        grown += [i for i in result.grown if i not in grown and i not in opened]
    return new, opened, grown


@incidents_app.command("scan")
def scan(
    comments: str = typer.Argument(..., help="JSONL file of comments ('-' reads stdin)."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Run the campaign detector over a JSONL stream; incidents open or grow in the store."""
    items = [comment for _, comment in read_comments(comments)]  # the whole file is valid before anything is stored
    if not items:
        raise InputError(f"{comments}: no comments (the file is empty)")
    db = open_database(settings_from(data_dir, database_url))
    new, opened, grown = scan_file(db, items)
    typer.echo(f"{len(items)} comments read, {new} new; {len(opened)} incident(s) opened, {len(grown)} grown")
    with db.reader() as session:
        for incident_id in opened + grown:
            typer.echo("  " + _line(_get(session, incident_id)))


def _get(session, incident_id: str) -> Incident:  # noqa: ANN001
    from ..store import incidents

    return incidents.get(session, actor=CLI_ACTOR, incident_id=incident_id)


def _line(incident: Incident) -> str:
    leaders = ",".join(a.handle for a in incident.leaders) or "-"
    members = sum(a.role == "member" for a in incident.accounts.values())
    owner = (incident.owner or {}).get("name") or (incident.owner or {}).get("responsibility", "-")
    first = f"{incident.first_seen:%Y-%m-%d}" if incident.first_seen else "-"
    return (f"{incident.id}  {incident.state:<12} accounts={members:<3} leader={leaders:<16} waves={len(incident.waves):<3} "
            f"comments={len(incident.comments):<4} owner={owner}  first={first}")


@incidents_app.command("list")
def list_incidents(
    state: Optional[str] = typer.Option(None, "--state", help="Only incidents in this state: open, acknowledged, resolved."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """List the incidents, newest first."""
    from ..store import incidents

    db = open_database(settings_from(data_dir, database_url))
    with db.reader() as session:
        rows = incidents.list_incidents(session, actor=CLI_ACTOR, state=state)
        if not rows:
            typer.echo("no incidents" + (f" in state {state}" if state else ""))
        for row in rows:
            typer.echo(_line(Incident.from_dict(row.document)))


@incidents_app.command("show")
def show(
    incident_id: str = typer.Argument(..., help="Incident id, e.g. INC-0001."),
    lang: str = typer.Option("en", "--lang", help="Language of reasons and playbook: " + ", ".join(LANGUAGES)),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Show one incident: accounts with reasons, the waves, the playbook."""
    language = _language(lang)
    db = open_database(settings_from(data_dir, database_url))
    with db.reader() as session:
        incident = _get(session, incident_id)
    typer.echo(_line(incident))
    if incident.owner:
        typer.echo(f"owner: {json.dumps(incident.owner, ensure_ascii=False)}")
    typer.echo("targets: " + ", ".join(incident.targets))
    typer.echo("waves:")
    for wave in incident.waves:
        typer.echo(f"  {wave.index:>2}. {wave.start:%Y-%m-%d %H:%M}–{wave.end:%H:%M} UTC  {wave.platform}:{wave.thread_id}  "
                   f"accounts={len(wave.accounts)} comments={wave.comments} negative={wave.negative_share:.0%} "
                   f"near-duplicates={wave.duplicate_share:.0%}")
    typer.echo("accounts:")
    for account in sorted(incident.accounts.values(), key=lambda a: (a.role != "leader", -a.score, a.handle)):
        reasons = "; ".join(reason_text(r.to_dict(), language) for r in account.reasons)
        typer.echo(f"  {account.handle:<24} {account.role:<7} {account.score:.2f}  {reasons}")
    book = incident.playbook.get(language) or {}
    if book:
        typer.echo(book["title"] + ":")
        for step in book["steps"]:
            typer.echo(f"  - {step}")
    typer.echo("history:")
    for step in incident.history:
        typer.echo(f"  {step.at:%Y-%m-%d %H:%M} UTC  {step.state:<12} {step.actor or '-'}"
                   + (f"  audit event {step.audit_event_id}" if step.audit_event_id else "") + (f"  {step.note}" if step.note else ""))


@incidents_app.command("export")
def export(
    incident_id: str = typer.Argument(..., help="Incident id, e.g. INC-0001."),
    out: Path = typer.Option(..., "--out", help="Directory for the bundle (created if missing)."),
    lang: Optional[list[str]] = typer.Option(None, "--lang", help="Report language(s); default all six."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Write the evidence bundle (JSON with SHA-256 hashes) and the HTML report(s); recorded in the audit log."""
    from ..store import incidents, policies

    languages = [_language(x) for x in lang] if lang else list(LANGUAGES)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{out}: cannot create the directory: {exc.strerror}") from None
    db = open_database(settings_from(data_dir, database_url))
    with db.writer() as session:
        bundle = incidents.export(session, actor=CLI_ACTOR, incident_id=incident_id, fmt="json+html",
                                  language=",".join(languages), number=policies.active_number(session))
        try:
            (out / f"{incident_id}.json").write_text(bundle_json(bundle), encoding="utf-8")
            for language in languages:
                (out / f"{incident_id}.{language}.html").write_text(render_report(bundle, language), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{out}: cannot write the bundle: {exc.strerror}") from None
        session.commit()  # the audit event only once the files are written
    typer.echo(f"{out / (incident_id + '.json')}  sha256={bundle['bundle_sha256']}  audit event {bundle['audit']['export_event']}")
    typer.echo(f"{len(bundle['comments'])} comments, {len(bundle['accounts'])} accounts, reports: {', '.join(languages)}")


def _transition(state_name: str):
    def command(
        incident_id: str = typer.Argument(..., help="Incident id, e.g. INC-0001."),
        note: Optional[str] = typer.Option(None, "--note", help="Why (recorded in the incident and the audit log)."),
        data_dir: Optional[Path] = DataDirOption,
        database_url: Optional[str] = DatabaseOption,
    ) -> None:
        from ..store import incidents, policies

        db = open_database(settings_from(data_dir, database_url))
        with db.writer() as session:
            incident = incidents.transition(session, actor=CLI_ACTOR, incident_id=incident_id, state=state_name,  # type: ignore[arg-type]
                                            note=note, number=policies.active_number(session))
            session.commit()
        typer.echo(_line(incident))
    command.__doc__ = f"Mark an incident {state_name} (audited)."
    return command


def _language(tag: str) -> str:
    language = normalise_language(tag)
    if language is None:
        raise UsageError(f"unsupported language {tag!r} (use one of {', '.join(LANGUAGES)})")
    return language


def register(app: typer.Typer) -> None:
    incidents_app.command("ack")(_transition("acknowledged"))
    incidents_app.command("resolve")(_transition("resolved"))
    app.add_typer(incidents_app, name="incidents")
