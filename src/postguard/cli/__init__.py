"""The ``postguard`` command. Each area registers its commands from its own module.

Exit codes: 0 clean, 1 findings at or above the blocking severity, 2 usage or
configuration error (every :class:`PostguardError` ends here with a clear message).
"""
from __future__ import annotations

import typer
from typer.core import TyperGroup

from ..errors import PostguardError


class _PostguardGroup(TyperGroup):
    """Turns postguard's own errors into one line on stderr and exit code 2, for every subcommand."""

    def invoke(self, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except PostguardError as exc:
            typer.echo(f"postguard: error: {exc}", err=True)
            ctx.exit(2)


app = typer.Typer(
    name="postguard",
    cls=_PostguardGroup,
    help="A company's social media policy as software: check drafts, triage the inbox, catch campaigns.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    from . import (advocacy_cmd, audit_cmd, check_cmd, classify_cmd, db_cmd, demo_cmd, inbox_cmd, incidents_cmd, model_cmd,
                   policy_cmd, rules_cmd, serve_cmd, training_cmd, users_cmd)

    for module in (check_cmd, rules_cmd, policy_cmd, demo_cmd, training_cmd, classify_cmd, model_cmd,
                   serve_cmd, db_cmd, users_cmd, audit_cmd, inbox_cmd, incidents_cmd, advocacy_cmd):
        module.register(app)


_register()


def main() -> None:
    app()
