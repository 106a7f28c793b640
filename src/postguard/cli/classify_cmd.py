"""``postguard classify``: the models the check and the inbox use, on any texts, as JSON lines."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError, UsageError
from ..inputs import decode_text, read_text_file
from ..languages import normalise_language

TASK_NAMES = ("abuse", "threat", "sentiment", "situation")


def _items_from_stream(text: str, source: str) -> list[dict]:
    """JSON lines with a ``text`` field (``lang`` and ``id`` optional), or one plain text per line."""
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{source}:{number}: not valid JSON: {exc.msg}") from None
            if not isinstance(row.get("text"), str):
                raise InputError(f"{source}:{number}: a JSON line needs a string field 'text'")
            items.append(row)
        else:
            items.append({"text": line})
    return items


def classify_command(
    texts: Optional[list[str]] = typer.Argument(None, help="Texts to classify; none reads stdin (JSONL with 'text', or one text per line)."),
    task: str = typer.Option(..., "--task", help="abuse, threat, sentiment or situation."),
    files: list[Path] = typer.Option([], "--file", "-f", help="A file of JSON lines or of one text per line."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of every text (default: detected per text)."),
) -> None:
    """Classify texts: one JSON object per input with the label, every label's score and the language."""
    if task not in TASK_NAMES:
        raise UsageError(f"--task must be one of {', '.join(TASK_NAMES)}, not {task!r}")
    language = None
    if lang is not None:
        language = normalise_language(lang)
        if language is None:
            raise UsageError(f"unsupported language {lang!r}; use one of pl, no, sv, he, nl, en")
    items: list[dict] = [{"text": t} for t in (texts or [])]
    for path in files:
        items += _items_from_stream(read_text_file(path), str(path))
    if not texts and not files:
        if sys.stdin.isatty():
            raise UsageError("nothing to classify: give texts, --file FILE, or pipe JSON lines on stdin")
        items = _items_from_stream(decode_text(sys.stdin.buffer.read(), "<stdin>"), "<stdin>")
    from ..nlp.api import classify

    languages = [language or (normalise_language(str(i["lang"])) if i.get("lang") else None) for i in items]
    for item, prediction in zip(items, classify([i["text"] for i in items], task, languages)):
        out = {k: item[k] for k in ("id",) if k in item}
        out.update({"text": item["text"], "language": prediction.language, "task": task,
                    "label": prediction.label, "scores": prediction.scores})
        typer.echo(json.dumps(out, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.command("classify")(classify_command)
