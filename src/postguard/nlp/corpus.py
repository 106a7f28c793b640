"""Labelled examples for training and evaluation: the shared data and the project's own.

The shared data (``../shared/data``, see its README) is large and lopsided (English slang
tweets for abuse, 8 % abusive Polish tweets, no Dutch or Norwegian at all), so training
draws a balanced, seeded sample of it. The project's own examples cover all six languages
and every task: ``nlp/data/<lang>.txt`` are trained on; ``nlp/data/<lang>.heldout.txt`` were
written separately (other scenarios, other wording, not translations of training lines, so a
translation of a test line cannot leak in through another language) and are only evaluated.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from ..errors import InputError, UsageError
from ..languages import LANGUAGES, normalise_language
from .tasks import TASKS

#: Per shared file: label -> how many rows training samples at most.
TRAIN_SAMPLE: dict[tuple[str, str], dict[str, int]] = {
    ("abuse", "en"): {"abusive": 1200, "ok": 1200},
    ("abuse", "pl"): {"abusive": 761, "ok": 1200},
    ("sentiment", "en"): {"negative": 600, "neutral": 600, "positive": 600},
    ("sentiment", "pl"): {"negative": 600, "neutral": 600, "positive": 600},
    ("sentiment", "sv"): {"negative": 500, "neutral": 500, "positive": 500},
    ("sentiment", "he"): {"negative": 600, "neutral": 175, "positive": 600},
    ("situation", "en"): {"question": 900, "refund_request": 204, "other": 400, "complaint": 68, "praise": 62},
}

#: The dev files are evaluated whole, except the English intents (4,214 rows, 57 % unmapped),
#: of which every situation row and a seeded sample of questions and unmapped rows is used.
DEV_SAMPLE: dict[tuple[str, str], dict[str, int]] = {
    ("situation", "en"): {"question": 500, "other": 300},
}


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    task: str
    label: str
    source: str


def shared_data_dir() -> Path:
    env = os.environ.get("POSTGUARD_SHARED_DATA")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "data"


def _shared_file(task: str, lang: str, split: str, data_dir: Path) -> Iterator[Example]:
    folder = "intent" if task == "situation" else task
    path = data_dir / folder / f"{lang}.{split}.jsonl"
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for row in map(json.loads, handle):
            if task == "situation":
                # CLINC rows without a customer-service meaning are "other" for an inbox.
                label = row.get("situation") or "other"
            else:
                label = row["label"]
            yield Example(row["text"], lang, task, label, row.get("source", "shared"))


def _sample(rows: list[Example], caps: dict[str, int], rng: np.random.RandomState) -> list[Example]:
    out = []
    for label in sorted({r.label for r in rows}):
        group = [r for r in rows if r.label == label]
        cap = caps.get(label, len(group))
        if cap < len(group):
            picked = rng.choice(len(group), size=cap, replace=False)
            group = [group[i] for i in sorted(picked)]
        out.extend(group)
    return out


def shared_examples(split: str, seed: int = 13, data_dir: Path | None = None) -> list[Example]:
    """The shared data's train sample or dev files, every task and language that exists."""
    data_dir = data_dir or shared_data_dir()
    if not data_dir.is_dir():
        raise UsageError(f"shared data not found at {data_dir} (set POSTGUARD_SHARED_DATA)")
    plan = TRAIN_SAMPLE if split == "train" else {key: DEV_SAMPLE.get(key, {}) for key in TRAIN_SAMPLE}
    out: list[Example] = []
    for (task, lang), caps in plan.items():
        rng = np.random.RandomState(seed)
        rows = list(_shared_file(task, lang, split, data_dir))
        out.extend(_sample(rows, caps, rng))
    return out


def shared_rows(task: str, lang: str, split: str, data_dir: Path | None = None) -> list[Example]:
    """Every row of one shared file, unsampled (an empty list where the file does not exist)."""
    return list(_shared_file(task, lang, split, data_dir or shared_data_dir()))


# --- the project's own examples -------------------------------------------------------

_SENTIMENT = {"neg": "negative", "neu": "neutral", "pos": "positive"}


def parse_own_line(line: str, lang: str, where: str) -> list[Example]:
    """``situation sentiment flags | text``; ``-`` leaves a task unlabelled; flags A=abusive, T=threat."""
    head, sep, text = line.partition("|")
    fields = head.split()
    text = text.strip()
    if not sep or len(fields) != 3 or not text:
        raise InputError(f"{where}: expected 'situation sentiment flags | text', got {line.strip()!r}")
    situation, sentiment, flags = fields
    if situation != "-" and situation not in TASKS["situation"].labels:
        raise InputError(f"{where}: unknown situation {situation!r}")
    if sentiment != "-" and sentiment not in _SENTIMENT:
        raise InputError(f"{where}: sentiment must be neg, neu, pos or -, not {sentiment!r}")
    if set(flags) - set("AT-"):
        raise InputError(f"{where}: flags are A (abusive), T (threat) or -, not {flags!r}")
    out = [
        Example(text, lang, "abuse", "abusive" if "A" in flags else "ok", "postguard"),
        Example(text, lang, "threat", "threat" if "T" in flags else "none", "postguard"),
    ]
    if sentiment != "-":
        out.append(Example(text, lang, "sentiment", _SENTIMENT[sentiment], "postguard"))
    if situation != "-":
        out.append(Example(text, lang, "situation", situation, "postguard"))
    return out


def own_examples(part: str) -> list[Example]:
    """The project's own examples: ``train`` or ``heldout`` (never trained on)."""
    if part not in ("train", "heldout"):
        raise UsageError(f"part must be train or heldout, not {part!r}")
    out: list[Example] = []
    for lang in LANGUAGES:
        name = f"{lang}.txt" if part == "train" else f"{lang}.heldout.txt"
        resource = resources.files("postguard.nlp").joinpath("data", name)
        if not resource.is_file():
            continue
        out.extend(parse_own_file(resource.read_text(encoding="utf-8"), lang, f"nlp/data/{name}"))
    return out


def parse_own_file(text: str, lang: str, where: str) -> list[Example]:
    """Every example of a file in the ``parse_own_line`` format (blank lines and ``#`` comments skipped)."""
    out: list[Example] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.extend(parse_own_line(line, lang, f"{where}:{number}"))
    return out


def extra_examples(path: Path) -> list[Example]:
    """A company's own labelled examples: JSONL with ``text``, ``task``, ``label`` and ``lang``."""
    out: list[Example] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read as UTF-8 text: {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON: {exc.msg}") from None
        if not isinstance(row, dict):
            raise InputError(f"{where}: expected an object with text, task, label, lang")
        task, label, text = row.get("task"), row.get("label"), row.get("text")
        if task not in TASKS:
            raise InputError(f"{where}: task must be one of {', '.join(TASKS)}, not {task!r}")
        if label not in TASKS[task].labels:
            raise InputError(f"{where}: label for {task} must be one of {', '.join(TASKS[task].labels)}, not {label!r}")
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where}: text must be a non-empty string")
        lang = normalise_language(str(row.get("lang", "")))
        if lang is None:
            raise InputError(f"{where}: lang must be one of {', '.join(LANGUAGES)}, not {row.get('lang')!r}")
        out.append(Example(text, lang, task, label, "extra"))
    return out


def by_task(examples: Iterable[Example], task: str) -> list[Example]:
    return [e for e in examples if e.task == task]
