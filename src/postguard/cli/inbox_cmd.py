"""``postguard inbox``: triage incoming customer messages from a JSONL or CSV file."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..connectors.csv_import import read_csv
from ..connectors.jsonl import read_jsonl
from ..connectors.records import unique
from ..errors import UsageError
from ..inbound.model_situations import ModelSituationClassifier
from ..inbound.situations import KeywordSituationClassifier
from ..inbound.targets import Employee
from ..inbound.triage import Triage
from ..output.labels import label
from ..policy.loader import default_policy, load_policy
from .lang_option import checked_language

inbox_app = typer.Typer(help="Triage incoming customer messages: situation, owner, deadline, suggested reply.",
                        no_args_is_help=True)


#: What every inbox command with lines for people takes: the language of those lines.
LanguageOption = typer.Option(None, "--lang", help="Language of what is printed: en, pl, no, sv, he, nl "
                              "(default: the policy's default language).")


@inbox_app.callback()
def _inbox() -> None:
    """Triage incoming customer messages: situation, owner, deadline, suggested reply."""


def read_messages(path: Path):
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl(path)
    if suffix == ".csv":
        return read_csv(path)
    raise UsageError(f"{path}: unknown format {suffix or '(no extension)'}; use a .jsonl or .csv file")


def parse_employee(value: str) -> Employee:
    """``Maria Berg`` or ``Maria Berg=mberg,maria.b`` (name, then handles)."""
    name, _, handles = value.partition("=")
    if not name.strip():
        raise UsageError(f"--employee {value!r}: give a name, optionally =handle,handle")
    return Employee(name.strip(), tuple(h.strip().lstrip("@") for h in handles.split(",") if h.strip()))


@inbox_app.command("triage")
def triage_command(
    file: Path = typer.Argument(..., help="Messages as .jsonl or .csv (fields of an incoming message)."),
    policy: Optional[Path] = typer.Option(None, help="Policy YAML (default: the bundled demo policy)."),
    employee: Optional[list[str]] = typer.Option(
        None, "--employee", help="An employee messages may name: 'Maria Berg' or 'Maria Berg=mberg,maria.b' (repeatable)."),
    check_replies: bool = typer.Option(True, "--check/--no-check", help="Check each suggested reply with the post checker."),
    classifier: str = typer.Option("model", help="Situation classifier: model (trained, default) or keywords (transparent baseline)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the lines for people on stderr: en, pl, no, "
                                       "sv, he, nl (default: the policy's default language); the JSON lines do not "
                                       "change."),
) -> None:
    """Print one JSON line per message: language, situation, urgency, owner, escalations, deadline, replies."""
    language = checked_language(lang)
    loaded = load_policy(policy) if policy else default_policy()
    language = language or loaded.languages.default
    employees = [parse_employee(value) for value in employee or []]
    messages, repeated = unique(read_messages(file))
    if classifier not in ("model", "keywords"):
        raise UsageError(f"--classifier must be model or keywords, not {classifier!r}")
    chosen = ModelSituationClassifier() if classifier == "model" else KeywordSituationClassifier()
    triage = Triage(loaded, chosen, employees=employees, run_check=check_replies)
    for message in messages:
        result = triage(message)
        line = {"platform": message.platform, "external_id": message.external_id, **result.to_dict(policy=loaded)}
        typer.echo(json.dumps(line, ensure_ascii=False))
    for message in repeated:
        typer.echo(f"postguard: {label('inbox.triage.again', language).format(key=message.dedupe_key)}", err=True)


def register(app: typer.Typer) -> None:
    from . import inbox_store_cmd  # noqa: F401 - adds import, forward, export-outbox, notify, failed, retry-failed

    app.add_typer(inbox_app, name="inbox")
