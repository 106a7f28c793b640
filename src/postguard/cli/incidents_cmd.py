"""``postguard incidents``: scan a comment stream for coordinated campaigns, then work the incidents.

The incidents live in a JSON state file (``--state``, default ``incidents.json``) until the
service's store takes over. Scanning the same comments again adds nothing twice.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

import typer

from ..campaigns.bundle import bundle_json, export_bundle
from ..campaigns.detector import CampaignDetector
from ..campaigns.incidents import IncidentBook, JsonFileIncidentStore
from ..campaigns.model import Comment, comment_from_dict
from ..campaigns.report import reason_text, render_report
from ..campaigns.settings import DetectorSettings
from ..errors import InputError, UsageError
from ..languages import LANGUAGES, normalise_language
from ..policy.loader import default_policy, load_policy

#: One comment per line; a longer line is a broken file, not a comment.
MAX_LINE_BYTES = 1_000_000

incidents_app = typer.Typer(help="Coordinated campaigns: scan comments, list, show and export incidents.",
                            no_args_is_help=True)

StateOption = typer.Option(Path("incidents.json"), "--state", help="Incident state file (JSON).")
PolicyOption = typer.Option(None, "--policy", help="Policy YAML (default: the bundled demo policy).")


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


def scan(
    comments: str = typer.Argument(..., help="JSONL file of comments ('-' reads stdin)."),
    state: Path = StateOption,
    policy: Optional[Path] = PolicyOption,
) -> None:
    """Run the campaign detector over a JSONL stream and record the incidents it opens."""
    loaded = load_policy(policy) if policy else default_policy()
    items = list(read_comments(comments))
    if not items:
        raise InputError(f"{comments}: no comments (the file is empty)")
    # Platforms export in any order; the detector wants time order (stable for equal times).
    items.sort(key=lambda pair: pair[1].at)
    store = JsonFileIncidentStore(state)
    book = IncidentBook(loaded, store)
    detector = CampaignDetector(DetectorSettings.from_policy(loaded))
    opened: set[str] = set()
    touched: set[str] = set()
    for evidence in (e for _, c in items for e in detector.process(c)):
        result = book.apply(evidence)
        if result:
            touched.add(result[0].id)
            if result[1]:
                opened.add(result[0].id)
    for evidence in detector.flush():
        result = book.apply(evidence)
        if result:
            touched.add(result[0].id)
            if result[1]:
                opened.add(result[0].id)
    store.commit()
    typer.echo(f"{len(items)} comments scanned; {len(opened)} incident(s) opened, "
               f"{len(touched - opened)} grown; state in {state}")
    for incident_id in sorted(touched):
        typer.echo("  " + _line(store.get(incident_id)))


def _line(incident) -> str:
    leaders = ",".join(a.handle for a in incident.leaders) or "-"
    members = sum(a.role == "member" for a in incident.accounts.values())
    owner = (incident.owner or {}).get("name") or (incident.owner or {}).get("responsibility", "-")
    return (f"{incident.id}  {incident.state:<12} accounts={members:<3} leader={leaders:<16} waves={len(incident.waves):<3} "
            f"comments={len(incident.comments):<4} owner={owner}  first={incident.first_seen:%Y-%m-%d}")


def list_incidents(state: Path = StateOption) -> None:
    """List the incidents in the state file."""
    store = _existing(state)
    incidents = store.all()
    if not incidents:
        typer.echo(f"no incidents in {state}")
    for incident in incidents:
        typer.echo(_line(incident))


def show(
    incident_id: str = typer.Argument(..., help="Incident id, e.g. INC-0001."),
    state: Path = StateOption,
    lang: str = typer.Option("en", "--lang", help="Language of reasons and playbook: " + ", ".join(LANGUAGES)),
) -> None:
    """Show one incident: accounts with reasons, the waves, the playbook."""
    language = _language(lang)
    incident = _existing(state).get(incident_id)
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


def export(
    incident_id: str = typer.Argument(..., help="Incident id, e.g. INC-0001."),
    out: Path = typer.Option(..., "--out", help="Directory for the bundle (created if missing)."),
    state: Path = StateOption,
    lang: Optional[list[str]] = typer.Option(None, "--lang", help="Report language(s); default all six."),
) -> None:
    """Write the evidence bundle (JSON with SHA-256 hashes) and the HTML report(s)."""
    languages = [_language(x) for x in lang] if lang else list(LANGUAGES)
    incident = _existing(state).get(incident_id)
    bundle = export_bundle(incident)
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{incident.id}.json").write_text(bundle_json(bundle), encoding="utf-8")
        for language in languages:
            (out / f"{incident.id}.{language}.html").write_text(render_report(bundle, language), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{out}: cannot write the bundle: {exc.strerror}") from None
    typer.echo(f"{out / (incident.id + '.json')}  sha256={bundle['bundle_sha256']}")
    typer.echo(f"{len(bundle['comments'])} comments, {len(bundle['accounts'])} accounts, reports: {', '.join(languages)}")


def _transition(state_name: str):
    def command(
        incident_id: str = typer.Argument(..., help="Incident id, e.g. INC-0001."),
        state: Path = StateOption,
        actor: Optional[str] = typer.Option(None, "--actor", help="Who does it (recorded)."),
        note: Optional[str] = typer.Option(None, "--note", help="Why (recorded)."),
    ) -> None:
        store = _existing(state)
        incident = store.get(incident_id)
        incident.transition(state_name, actor=actor, note=note)  # type: ignore[arg-type]
        store.save(incident)
        store.commit()
        typer.echo(_line(incident))
    command.__doc__ = f"Mark an incident {state_name}."
    return command


def _existing(state: Path) -> JsonFileIncidentStore:
    if not state.exists():
        raise UsageError(f"{state}: no incident state file yet (run `postguard incidents scan comments.jsonl --state {state}`)")
    return JsonFileIncidentStore(state)


def _language(tag: str) -> str:
    language = normalise_language(tag)
    if language is None:
        raise UsageError(f"unsupported language {tag!r} (use one of {', '.join(LANGUAGES)})")
    return language


def register(app: typer.Typer) -> None:
    incidents_app.command("scan")(scan)
    incidents_app.command("list")(list_incidents)
    incidents_app.command("show")(show)
    incidents_app.command("export")(export)
    incidents_app.command("ack")(_transition("acknowledged"))
    incidents_app.command("resolve")(_transition("resolved"))
    app.add_typer(incidents_app, name="incidents")
