"""``postguard check``: check drafts given as arguments, files, an e-mail, or stdin."""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .. import __version__
from ..context import CHANNELS, Attachment, CheckContext
from ..engine import blocks, check
from ..errors import UsageError
from ..inputs import decode_text, read_text_file
from ..policy.loader import default_policy, load_policy

FORMATS = ("text", "json", "sarif")


def _parse_time(value: Optional[str]) -> Optional[datetime]:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--at {value!r} is not an ISO 8601 time such as 2027-03-01T09:00+01:00") from None


_ATTACHMENT_KEYS = ("source", "licence", "type")


def _parse_attachment(value: str) -> Attachment:
    """``NAME[;source=S][;licence=L][;type=T]`` → an attachment of the draft."""
    name, *pairs = (part.strip() for part in value.split(";"))
    if not name:
        raise UsageError(f"--attach {value!r}: the attachment's file name comes first, e.g. photo.jpg;source=own photo")
    fields: dict[str, str] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip().lower().replace("license", "licence")
        if not sep or key not in _ATTACHMENT_KEYS:
            raise UsageError(f"--attach {value!r}: {pair!r} is not one of {', '.join(k + '=…' for k in _ATTACHMENT_KEYS)}")
        fields[key] = text.strip()
    return Attachment(name=name, content_type=fields.get("type", ""), source=fields.get("source", ""),
                      licence=fields.get("licence", ""))


def _parse_recipient(value: str) -> str:
    address = value.strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain or " " in address:
        raise UsageError(f"--to {value!r} is not an e-mail address such as name@example.com")
    return address


def _inputs(texts: list[str], files: list[Path], eml: Optional[Path]) -> list[tuple[str, dict[str, str], object]]:
    """(source name, {part: text}, e-mail draft or None) for everything to check."""
    from ..connectors.eml import parse_eml

    items: list[tuple[str, dict[str, str], object]] = []
    for number, text in enumerate(texts, 1):
        if text == "-":
            items.append(("<stdin>", {"text": decode_text(sys.stdin.buffer.read(), "<stdin>")}, None))
        else:
            items.append((f"<arg{number}>" if len(texts) > 1 else "<text>", {"text": text}, None))
    for path in files:
        items.append((str(path), {"text": read_text_file(path)}, None))
    if eml is not None:
        try:
            data = eml.read_bytes()
        except OSError as exc:
            raise UsageError(f"{eml}: cannot read: {exc.strerror}") from None
        draft = parse_eml(data, str(eml))
        items.append((str(eml), draft.parts(), draft))
    if not items:
        if sys.stdin.isatty():
            raise UsageError("nothing to check: give the text, --file FILE, --eml FILE, or pipe it on stdin")
        items.append(("<stdin>", {"text": decode_text(sys.stdin.buffer.read(), "<stdin>")}, None))
    return items


def check_command(
    texts: Optional[list[str]] = typer.Argument(None, help="Draft text(s) to check; '-' reads stdin."),
    files: list[Path] = typer.Option([], "--file", "-f", help="A file holding a draft (repeat for several)."),
    eml: Optional[Path] = typer.Option(None, "--eml", help="An e-mail (.eml) to check: subject, body, HTML, attachment names."),
    account: str = typer.Option("personal", help="Account the draft goes out on: personal or official."),
    channel: str = typer.Option("linkedin", help=f"Where it is published: {', '.join(CHANNELS)}."),
    role: str = typer.Option("employee", help="The author's role (employee, spokesperson, communications_lead, …)."),
    kind: str = typer.Option("post", help="post, reply, comment or email."),
    lang: Optional[str] = typer.Option(None, "--lang", help="pl, no, sv, he, nl or en (default: detected)."),
    policy: Optional[Path] = typer.Option(None, help="Policy YAML (default: the bundled demo policy)."),
    fmt: str = typer.Option("text", "--format", help="text, json (one object per input, one per line) or sarif."),
    at: Optional[str] = typer.Option(None, help="Publication time, ISO 8601 (for embargoes); default now."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the text output (default: when a terminal)."),
    attach: list[str] = typer.Option([], "--attach", help="Media attached to the draft: NAME[;source=S][;licence=L] (repeat for several)."),
    to: list[str] = typer.Option([], "--to", help="E-mail recipient (repeat); with --kind email the e-mail rules judge who is external."),
    models: bool = typer.Option(True, "--models/--no-models", help="Run the model-based rules (tone, threats, competitors); --no-models is rules-only and fast."),
) -> None:
    """Check drafts against the policy: what is wrong, where, and what to do instead.

    Exit code 0: nothing at or above the blocking severity; 1: something blocks; 2: usage or input error.
    """
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if kind not in ("post", "reply", "comment", "email"):
        raise UsageError(f"--kind must be post, reply, comment or email, not {kind!r}")
    loaded = load_policy(policy) if policy else default_policy()
    if not models:
        loaded = loaded.model_copy(update={"rules": loaded.rules.model_copy(update={"models": False})})
    context = CheckContext(account=account, channel=channel, role=role, language=lang, at=_parse_time(at), kind=kind,  # type: ignore[arg-type]
                           attachments=tuple(_parse_attachment(a) for a in attach),
                           recipients=tuple(_parse_recipient(r) for r in to))
    items = _inputs(texts or [], files, eml)
    console = Console(no_color=color is False, force_terminal=color, highlight=False, soft_wrap=True)
    failed = False
    checked = []
    for source, parts, draft in items:
        if draft is not None:
            from ..email_check import check_email

            report = check_email(draft, loaded, context)  # type: ignore[arg-type]
        else:
            report = check(parts["text"], loaded, context)
        failed |= blocks(report, loaded)
        checked.append((source, parts, report))
    if fmt == "json":
        for source, _parts, report in checked:
            typer.echo(json.dumps({"source": source, **report.to_dict()}, ensure_ascii=False))
    elif fmt == "sarif":
        from ..output.sarif import to_sarif

        typer.echo(json.dumps(to_sarif(checked, __version__), ensure_ascii=False, indent=2))
    else:
        from ..output.text import render_text

        for source, parts, report in checked:
            render_text(console, source, next(iter(parts.values())), report, parts)
    raise typer.Exit(1 if failed else 0)


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)
