"""The models as the check, ``postguard classify`` and the inbox use them.

``analyse(texts, languages)`` embeds each distinct text once and answers every task from
that one embedding; ``classify(texts, task)`` answers one. Nothing is loaded until the first
call; the embedder and the heads are then shared by the whole process.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..errors import UsageError
from ..languages import LANGUAGES
from .embedder import default_embedder
from .heads import HeadSet, cached_heads
from .tasks import TASKS


@dataclass(frozen=True)
class Prediction:
    task: str
    label: str
    #: Every label's probability, in the task's label order.
    scores: dict[str, float]
    language: str

    def score(self, label: str) -> float:
        return self.scores[label]


def heads(directory: str | None = None) -> HeadSet:
    """The heads in use: ``directory`` (the policy's ``rules.model_heads``), else
    ``POSTGUARD_HEADS`` (a directory from ``model train --out``), else the bundled ones."""
    return cached_heads(directory or os.environ.get("POSTGUARD_HEADS") or None, default_embedder().name)


def detect_languages(texts: Sequence[str]) -> list[str]:
    from ..text.langid import detect_language

    return [detect_language(t)[0] or "und" for t in texts]


def analyse(texts: Sequence[str], languages: Sequence[str | None] | None = None,
            tasks: Sequence[str] = tuple(TASKS), heads_dir: str | None = None) -> list[dict[str, Prediction]]:
    """Every requested task for every text: one embedding per distinct text."""
    for task in tasks:
        if task not in TASKS:
            raise UsageError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")
    texts = list(texts)
    if languages is None:
        langs = detect_languages(texts)
    else:
        given = list(languages)
        if len(given) != len(texts):
            raise UsageError(f"{len(texts)} texts but {len(given)} languages")
        detected = detect_languages(["" if lang else text for text, lang in zip(texts, given)])
        langs = [lang or found for lang, found in zip(given, detected)]
        langs = [lang if lang in LANGUAGES else "und" for lang in langs]
    if not texts:
        return []
    headset = heads(heads_dir)
    vectors = default_embedder().embed(texts)
    results: list[dict[str, Prediction]] = [{} for _ in texts]
    counted: dict = {}  # each language's n-gram counts, shared by the tasks' word models
    for task in tasks:
        labels = TASKS[task].labels
        for i, row in enumerate(headset.probabilities(task, vectors, langs, texts, counted)):
            best = int(np.argmax(row))
            results[i][task] = Prediction(task, labels[best], {l: round(float(p), 4) for l, p in zip(labels, row)}, langs[i])
    return results


def classify(texts: Sequence[str], task: str, languages: Sequence[str | None] | None = None) -> list[Prediction]:
    return [r[task] for r in analyse(texts, languages, (task,))]


def prefetch(texts: Sequence[str], batch: int = 32) -> int:
    """Embed the chunks of many drafts in batches ahead of checking them one by one.

    A batch keeps every encoder thread busy (two texts at once on two cores, ~40 % more texts
    per second than one by one); the following ``check()`` calls then find every embedding in
    the process cache. Returns how many distinct chunks were new.
    """
    from .chunks import split_chunks

    embedder = default_embedder()
    chunks = list(dict.fromkeys(c.text for text in texts for c in split_chunks(text)))
    before = embedder.misses
    for start in range(0, len(chunks), batch):
        embedder.embed(chunks[start:start + batch])
    return embedder.misses - before
