"""``postguard check``: check drafts given as arguments, files or stdin."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from ..context import CheckContext
from ..engine import blocks, check
from ..policy.loader import default_policy, load_policy


def check_command(
    texts: Optional[list[str]] = typer.Argument(None, help="Draft text(s); '-' or nothing reads stdin."),
    account: str = typer.Option("personal", help="personal or official"),
    channel: str = typer.Option("linkedin"),
    role: str = typer.Option("employee"),
    lang: Optional[str] = typer.Option(None, "--lang", help="pl, no, sv, he, nl or en (default: detected)"),
    policy: Optional[Path] = typer.Option(None, help="Policy YAML (default: the bundled demo policy)."),
    fmt: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Check drafts against the policy."""
    loaded = load_policy(policy) if policy else default_policy()
    context = CheckContext(account=account, channel=channel, role=role, language=lang)
    inputs = texts or [sys.stdin.read()]
    failed = False
    for text in inputs:
        report = check(text, loaded, context)
        failed |= blocks(report, loaded)
        if fmt == "json":
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            for f in report.findings:
                typer.echo(f"{f.start}-{f.end} {f.code} {f.severity.value}: {f.message} → {f.suggestion}")
    raise typer.Exit(1 if failed else 0)


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)
