"""The ``postguard`` command. Each area registers its commands from its own module.

Exit codes: 0 clean, 1 findings at or above the blocking severity, 2 usage or
configuration error (every :class:`PostguardError` ends here with a clear message).
"""
from __future__ import annotations

import sys

import typer

from ..errors import PostguardError

app = typer.Typer(
    name="postguard",
    help="A company's social media policy as software: check drafts, triage the inbox, catch campaigns.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    from . import check_cmd, demo_cmd, incidents_cmd, policy_cmd, rules_cmd

    for module in (check_cmd, rules_cmd, policy_cmd, demo_cmd, incidents_cmd):
        module.register(app)


_register()


def main() -> None:
    try:
        app(standalone_mode=True)
    except PostguardError as exc:
        typer.echo(f"postguard: error: {exc}", err=True)
        sys.exit(2)
