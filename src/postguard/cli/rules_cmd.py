"""``postguard rules`` and ``postguard rule CODE``."""
from __future__ import annotations

import typer

from ..rules.registry import all_rules, get_rule


def rules() -> None:
    """List every rule: code, slug, category, default severity and summary."""
    for rule in all_rules():
        typer.echo(f"{rule.code}  {rule.slug:<32} {rule.category.value:<14} {rule.severity.value:<6} {rule.summary()}")


def rule(code: str = typer.Argument(..., help="A rule code (PG201) or slug.")) -> None:
    """Print a rule's documentation."""
    found = get_rule(code)
    typer.echo(f"{found.code} {found.slug} ({found.category.value}, {found.severity.value})\n")
    typer.echo(found.documentation())


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
    app.command("rule")(rule)
