"""``postguard policy …``: init, validate, render, upgrade, schema, diff.

Problems are printed one per line as ``file:line:column: key.path: what is wrong`` on
stderr, so editors and CI annotate them; exit code 2 means the policy cannot be used.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..errors import PolicyError, UsageError
from ..languages import LANGUAGES
from ..policy.diff import policy_changes
from ..policy.loader import bundled_text, check_policy, check_policy_text, default_policy, dump_yaml, load_policy, read_policy_file
from ..policy.render import FORMATS, render_handbook
from ..policy.schema import SCHEMA_VERSION, Policy

policy_app = typer.Typer(help="Write, validate and render the policy file.", no_args_is_help=True)
TEMPLATES = ("strict", "open")


@policy_app.callback()
def _policy() -> None:
    """Write, validate and render the policy file."""


def _print_problems(error: PolicyError) -> None:
    for problem in error.problems:
        typer.echo(str(problem), err=True)
    count = len(error.problems)
    typer.echo(f"{count} problem{'s' if count != 1 else ''}; the policy was not loaded", err=True)


def _write(text: str, output: Optional[Path], force: bool) -> None:
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    if output.exists() and not force:
        raise UsageError(f"{output} exists; use --force to overwrite it")
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror}") from None
    typer.echo(f"wrote {output}", err=True)


@policy_app.command("init")
def init(
    template: str = typer.Option("strict", "--template", "-t", help="strict: only the official team speaks; "
                                 "open: trained employees may, and are encouraged to share."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Write a complete, commented starter policy from a template."""
    if template not in TEMPLATES:
        raise UsageError(f"no template {template!r}; choose one of {', '.join(TEMPLATES)}")
    _write(bundled_text("templates", f"{template}.yaml"), output, force)


@policy_app.command("validate")
def validate(
    file: Path = typer.Argument(..., help="The policy YAML file."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (such as a missing translation) as errors."),
) -> None:
    """Validate a policy file; every problem is listed as file:line:column: key.path: message."""
    try:
        checked = check_policy(file)
    except PolicyError as error:
        _print_problems(error)
        raise typer.Exit(2) from None
    for warning in checked.warnings:
        typer.echo(f"{warning} (warning)", err=True)
    for change in checked.changes:
        typer.echo(f"{file}: {change.path}: {change.description} (run `postguard policy upgrade {file}`)", err=True)
    if strict and checked.warnings:
        raise typer.Exit(2)
    policy = checked.policy
    typer.echo(f"{file}: ok ({policy.name}, revision {policy.revision})")


@policy_app.command("render")
def render(
    file: Optional[Path] = typer.Argument(None, help="The policy YAML file (default: the bundled demo policy)."),
    lang: str = typer.Option("en", "--lang", "-l", help=f"Handbook language: {', '.join(LANGUAGES)}."),
    fmt: str = typer.Option("md", "--format", "-f", help=f"Output format: {', '.join(FORMATS)}."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Render the employee handbook from the policy, in one language, as Markdown or HTML."""
    if lang not in LANGUAGES:
        raise UsageError(f"no handbook in {lang!r}; choose one of {', '.join(LANGUAGES)}")
    if fmt not in FORMATS:
        raise UsageError(f"no format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        policy = load_policy(file) if file else default_policy()
    except PolicyError as error:
        _print_problems(error)
        raise typer.Exit(2) from None
    _write(render_handbook(policy, lang, fmt), output, force)


@policy_app.command("upgrade")
def upgrade(
    file: Path = typer.Argument(..., help="The policy YAML file to upgrade to the current schema version."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of over FILE."),
) -> None:
    """Upgrade a policy written for an older schema version, keeping its comments."""
    try:
        checked = check_policy_text(read_policy_file(file), str(file))
    except PolicyError as error:
        _print_problems(error)
        raise typer.Exit(2) from None
    if not checked.changes:
        typer.echo(f"{file}: already at the current schema version {checked.policy.version}")
        return
    for change in checked.changes:
        typer.echo(f"{change.path}: {change.description}")
    target = output or file
    _write(dump_yaml(checked.document), target, force=target == file)


@policy_app.command("schema")
def schema(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Print the policy file's JSON Schema, for editors that complete and check YAML as you type."""
    document = Policy.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = f"postguard policy, schema version {SCHEMA_VERSION}"
    _write(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output, force)


@policy_app.command("diff")
def diff(
    old: Path = typer.Argument(..., help="The earlier policy file."),
    new: Path = typer.Argument(..., help="The later policy file."),
) -> None:
    """List the key paths that differ between two policy files (+ added, - removed, ~ changed)."""
    try:
        before, after = load_policy(old), load_policy(new)
    except PolicyError as error:
        _print_problems(error)
        raise typer.Exit(2) from None
    changes = policy_changes(before, after)
    for change in changes:
        typer.echo(str(change))
    raise typer.Exit(1 if changes else 0)


def register(app: typer.Typer) -> None:
    from . import wizard_cmd

    wizard_cmd.register(policy_app)
    app.add_typer(policy_app, name="policy")
