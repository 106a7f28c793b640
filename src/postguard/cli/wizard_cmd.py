"""``postguard policy wizard``: the needs-analysis questionnaire (R9) that writes a starter policy.

Interactive (each question in the chosen language, with its help and default) or, for scripts
and tests, ``--answers answers.yaml`` with the same names; both write a policy that validates.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import PolicyError, UsageError
from ..languages import LANGUAGES, normalise_language
from ..policy.wizard import QUESTIONS, WizardAnswers, read_answers, wizard_texts, write_policy


def _ask(key: str, words: dict[str, Any]) -> Any:
    """One question at the terminal; the answer in the shape WizardAnswers takes."""
    kind, default = QUESTIONS[key]
    question = words["questions"][key]
    typer.echo(f"\n{question['label']}\n  {question['help']}")
    if kind == "choice":
        choices = list(words["choices"][key].items())
        for number, (_value, label) in enumerate(choices, 1):
            typer.echo(f"  {number}) {label}")
        start = next(i for i, (value, _l) in enumerate(choices, 1) if value == default)
        while True:
            picked = typer.prompt(">", default=start, type=int)
            if 1 <= picked <= len(choices):
                return choices[picked - 1][0]
            typer.echo(f"  1-{len(choices)}", err=True)
    if kind == "bool":
        return typer.confirm(">", default=default)
    if kind == "list":
        typer.echo(f"  {words['list_hint']}")
        raw = typer.prompt(">", default=", ".join(default), show_default=bool(default))
        return [item.strip() for item in raw.split(",") if item.strip()]
    return typer.prompt(">", default=default, show_default=bool(default)) if default is not None else typer.prompt(">")


def interactive_answers(language: str) -> WizardAnswers:
    words = wizard_texts(language)
    typer.echo(f"{words['title']}\n{words['intro']}")
    raw = {key: _ask(key, words) for key in QUESTIONS}
    return WizardAnswers.model_validate({k: v for k, v in raw.items() if v != ""})


def wizard(
    answers: Optional[Path] = typer.Option(None, "--answers", help="Answers as YAML (no questions asked): for scripts."),
    output: Path = typer.Option(Path("policy.yaml"), "--output", "-o", help="The policy file to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
    lang: str = typer.Option("en", "--lang", "-l", help=f"Language of the questions: {', '.join(LANGUAGES)}."),
) -> None:
    """Answer a needs-analysis questionnaire and get a starter policy that validates."""
    language = normalise_language(lang)
    if language is None:
        raise UsageError(f"no wizard in {lang!r}; choose one of {', '.join(LANGUAGES)}")
    if output.exists() and not force:
        raise UsageError(f"{output} exists; use --force to overwrite it")
    if answers is not None:
        try:
            text = answers.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{answers}: cannot read: {exc.strerror}") from None
        try:
            given = read_answers(text, str(answers))
        except PolicyError as error:
            for problem in error.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(2) from None
    else:
        given = interactive_answers(language)
    policy = write_policy(given)
    try:
        output.write_text(policy, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror}") from None
    typer.echo(wizard_texts(language)["written"].format(file=output))


def register(policy_app: typer.Typer) -> None:
    policy_app.command("wizard")(wizard)
