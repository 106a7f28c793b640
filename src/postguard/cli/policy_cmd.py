"""``postguard policy …``: init, validate, render."""
from __future__ import annotations

from pathlib import Path

import typer

from ..policy.loader import load_policy

policy_app = typer.Typer(help="Write, validate and render the policy file.", no_args_is_help=True)


@policy_app.callback()
def _policy() -> None:
    """Write, validate and render the policy file."""


@policy_app.command("validate")
def validate(file: Path = typer.Argument(..., help="The policy YAML file.")) -> None:
    """Validate a policy file; every problem is listed as file:line:column: key.path: message."""
    policy = load_policy(file)
    typer.echo(f"{file}: ok ({policy.name}, revision {policy.revision})")


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
