"""``postguard training quiz``: the policy quiz in the person's language (R8)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from ..languages import normalise_language
from ..policy.loader import default_policy, load_policy
from ..training.quiz import generate_quiz, grade, texts

training_app = typer.Typer(help="Explain the policy and train employees and candidates.", no_args_is_help=True)


@training_app.callback()
def _training() -> None:
    """Explain the policy and train employees and candidates."""


@training_app.command("quiz")
def quiz(
    lang: str = typer.Option("en", "--lang", help="pl, no, sv, he, nl or en."),
    policy: Optional[Path] = typer.Option(None, help="Policy YAML (default: the bundled demo policy)."),
    seed: int = typer.Option(0, help="Same seed, same questions."),
    count: Optional[int] = typer.Option(None, help="Number of questions (default: the policy's training.questions)."),
    fmt: str = typer.Option("interactive", "--format", help="interactive (ask and grade) or json (print the quiz)."),
) -> None:
    """Take the quiz generated from the policy: do's and don'ts, sensitive terms, standard replies.

    Exit code 0 when the pass mark is reached, 1 when not.
    """
    language = normalise_language(lang)
    if language is None:
        raise UsageError(f"unsupported language {lang!r}; use one of pl, no, sv, he, nl, en")
    loaded = load_policy(policy) if policy else default_policy()
    made = generate_quiz(loaded, language, seed=seed, count=count)
    if fmt == "json":
        typer.echo(json.dumps(made.to_dict(), ensure_ascii=False, indent=2))
        return
    if fmt != "interactive":
        raise UsageError(f"--format must be interactive or json, not {fmt!r}")
    answers: list[int | None] = []
    for number, question in enumerate(made.questions, 1):
        typer.echo(f"\n{number}/{len(made.questions)}. {question.prompt}")
        for index, option in enumerate(question.options, 1):
            typer.echo(f"   {index}) {option}")
        raw = typer.prompt(">", default="", show_default=False).strip()
        chosen = int(raw) - 1 if raw.isdigit() and 1 <= int(raw) <= len(question.options) else None
        answers.append(chosen)
        mark = "✓" if chosen == question.answer else "✗"
        typer.echo(f"   {mark} {question.options[question.answer]} — {question.explanation}")
    result = grade(made, answers)
    outcome = texts(language)["passed" if result.passed else "failed"]
    typer.echo("\n" + outcome.format(score=f"{result.score:.0%}", mark=f"{made.pass_mark:.0%}"))
    raise typer.Exit(0 if result.passed else 1)


def register(app: typer.Typer) -> None:
    from . import acknowledgement_cmd

    acknowledgement_cmd.register(training_app)
    app.add_typer(training_app, name="training")
