"""``postguard demo``: the main job on the embedded default (bundled demo policy and data)."""
from __future__ import annotations

import typer

from ..engine import check
from ..policy.loader import default_policy


def demo() -> None:
    """Check the bundled demo drafts against the demo policy and print the results."""
    policy = default_policy()
    typer.echo(f"policy: {policy.name} ({policy.revision})")
    for text in ("Nowa praca! #a #b #c #d #e #f #g",):
        report = check(text, policy)
        typer.echo(f"[{report.language}] {report.verdict.value}: {text}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
