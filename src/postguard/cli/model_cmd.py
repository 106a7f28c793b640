"""``postguard model train|eval|show``: rebuild the classifier heads, measure them per language, and say what a
heads directory holds.

What they print for people is in ``--lang`` (default en, as for the other commands that have no stored
policy to take a default language from); ``model show --format json`` is the same in every language.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from .lang_option import checked_language

model_app = typer.Typer(help="Train and evaluate the classifier heads (abuse, threat, sentiment, situation).",
                        no_args_is_help=True)


def _lang_option(what: str):  # noqa: ANN202 - typer's OptionInfo
    """``--lang``: the language of what the command prints for people."""
    return typer.Option("en", "--lang", help=f"Language of {what}: en, pl, no, sv, he, nl.")


@model_app.command("train")
def train_command(
    seed: int = typer.Option(13, help="Seed for sampling the shared data and for cross-validation."),
    extra: Optional[Path] = typer.Option(None, help="Your own labelled examples: JSONL with text, task, label, lang."),
    out: Optional[Path] = typer.Option(None, help="Write the heads here (default: the heads bundled with the package)."),
    data: Optional[Path] = typer.Option(None, help="The shared training data (default: ../shared/data or $POSTGUARD_SHARED_DATA)."),
    words_only: bool = typer.Option(False, "--words-only",
                                    help="Refit only the per-language word models against the heads already in --out."),
    lang: str = _lang_option("the progress and of what was chosen"),
) -> None:
    """Rebuild every head from the shared data and the project's own examples (deterministic per seed).

    Point the check at heads written with --out by setting POSTGUARD_HEADS=DIR.
    """
    import os

    from ..nlp.train import train, train_word_models

    language = checked_language(lang)
    if extra is not None and not extra.is_file():
        raise UsageError(f"--extra {extra}: no such file")
    if data is not None:
        os.environ["POSTGUARD_SHARED_DATA"] = str(data)
    (train_word_models if words_only else train)(seed=seed, extra=extra, out=out,
                                                 log=lambda step: typer.echo(step.text(language)))


@model_app.command("eval")
def eval_command(
    heads: Optional[Path] = typer.Option(None, help="Heads directory (default: $POSTGUARD_HEADS or the bundled heads)."),
    sets: str = typer.Option("dev,heldout", help="dev (the shared dev files), heldout (the project's own held-out examples)."),
    task: Optional[str] = typer.Option(None, help="Only this task."),
    lang: str = _lang_option("the tables' words and numbers"),
) -> None:
    """Print precision, recall and F1 per label and macro-F1 per task and language."""
    import os

    from ..nlp.corpus import own_examples, shared_examples
    from ..nlp.diskcache import DiskCachedEmbedder
    from ..nlp.embedder import configured_embedder
    from ..nlp.evaluate import evaluate, format_table
    from ..nlp.heads import load_heads
    from ..output.labels import label

    language = checked_language(lang)
    names = sets.split(",")
    for name in names:
        if name not in ("dev", "heldout"):
            raise UsageError(f"--sets: unknown set {name!r}; use dev and/or heldout")
    embedder = DiskCachedEmbedder(configured_embedder())
    headset = load_heads(heads or (Path(os.environ["POSTGUARD_HEADS"]) if os.environ.get("POSTGUARD_HEADS") else None),
                         embedder.name)

    def predict(name: str, texts: list[str], langs: list[str]) -> list[str]:
        probs = headset.probabilities(name, embedder.embed(texts), langs, texts)
        return [headset.head(name).task.labels[i] for i in probs.argmax(axis=1)]

    loaders = {"dev": lambda: shared_examples("dev"), "heldout": lambda: own_examples("heldout")}
    for name in names:
        examples = [e for e in loaders[name]() if task is None or e.task == task]
        title = f"== {name}: {label(f'model.eval.{name}', language)} =="
        typer.echo(format_table(evaluate(examples, predict), title, language))


@model_app.command("show")
def show_command(
    heads: Optional[Path] = typer.Option(None, help="Heads directory (default: $POSTGUARD_HEADS or the bundled heads)."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
    lang: str = _lang_option("the text (json is the same in every language)"),
) -> None:
    """What the heads were trained with, and each language's word model: its data, beta, domain gate and prior."""
    import json
    import os

    from ..nlp.describe import describe, format_text
    from ..nlp.heads import load_heads

    language = checked_language(lang)
    if output_format not in ("text", "json"):
        raise UsageError(f"--format {output_format!r}: use text or json")
    directory = heads or (Path(os.environ["POSTGUARD_HEADS"]) if os.environ.get("POSTGUARD_HEADS") else None)
    described = describe(load_heads(directory))
    typer.echo(json.dumps(described, ensure_ascii=False, indent=2) if output_format == "json" else format_text(described, language))


def register(app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")
