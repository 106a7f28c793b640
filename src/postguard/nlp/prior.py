"""A prior direction for each head: what the label descriptions say, in all six languages.

Heads trained on the shared data learn its domain as much as its labels (English slang for
abuse, immigration stance for Swedish "sentiment", support for a president in Hebrew). The
embedding model itself already places "an insulting, hateful message" near insults in every
language — that is what zero-shot classification uses, and on data from other sources it holds
up better than a head fitted to one domain. Each head's weights are therefore moved towards the
direction the label descriptions (``nlp/data/descriptions/<lang>.yaml``, the project's own) span
in the language-centred space; how far is chosen by leave-one-source-out macro-F1 in training
(``train.py``), never on dev or held-out data. The result is folded into the head's weights, so
it costs nothing at run time.
"""
from __future__ import annotations

from importlib import resources

import numpy as np
from ruamel.yaml import YAML

from ..errors import UsageError
from ..languages import LANGUAGES
from .heads import Centres
from .tasks import TASKS


def descriptions() -> dict[str, dict[str, dict[str, list[str]]]]:
    """language -> task -> label -> descriptions, validated against the task labels."""
    out: dict[str, dict[str, dict[str, list[str]]]] = {}
    for lang in LANGUAGES:
        resource = resources.files("postguard.nlp").joinpath("data", "descriptions", f"{lang}.yaml")
        if not resource.is_file():
            continue
        where = f"nlp/data/descriptions/{lang}.yaml"
        data = YAML(typ="safe").load(resource.read_text(encoding="utf-8")) or {}
        for task, labels in data.items():
            if task not in TASKS or set(labels) != set(TASKS[task].labels):
                raise UsageError(f"{where}: {task!r} must be a task with exactly the labels {TASKS.get(task) and TASKS[task].labels}")
            for label, texts in labels.items():
                if not isinstance(texts, list) or not texts or not all(isinstance(t, str) and t.strip() for t in texts):
                    raise UsageError(f"{where}: {task}.{label} must be a list of descriptions")
        out[lang] = data
    return out


def prototypes(embed, centres: Centres) -> dict[str, np.ndarray]:
    """task -> (labels, dim): each label's mean centred description embedding over the languages."""
    by_lang = descriptions()
    out: dict[str, np.ndarray] = {}
    for task_name, task in TASKS.items():
        langs = [lang for lang, tasks in by_lang.items() if task_name in tasks]
        if not langs:
            continue
        rows = []
        for label in task.labels:
            texts = [t for lang in langs for t in by_lang[lang][task_name][label]]
            text_langs = [lang for lang in langs for _ in by_lang[lang][task_name][label]]
            vectors = centres.apply(np.asarray(embed(texts), np.float32), text_langs)
            rows.append(vectors.mean(axis=0))
        out[task_name] = np.vstack(rows).astype(np.float32)
    return out


def direction(prototype: np.ndarray, binary: bool, positive: int) -> np.ndarray:
    """The prior as head weights of unit size: (1, dim) for a binary task, (classes, dim) otherwise."""
    if binary:
        d = prototype[positive] - prototype[1 - positive]
        return (d / max(float(np.linalg.norm(d)), 1e-9))[None, :]
    centred = prototype - prototype.mean(axis=0, keepdims=True)
    return centred / max(float(np.linalg.norm(centred)), 1e-9)


def mixed(weights: np.ndarray, prior: np.ndarray, alpha: float) -> np.ndarray:
    """``weights`` moved towards ``prior`` by ``alpha`` times their own size.

    ``prior`` covers the embedding columns; any further columns (the word-list feature) keep
    their weights. For several classes the size is measured around the classes' mean."""
    if alpha == 0:
        return weights
    dim = prior.shape[1]
    emb = weights[:, :dim]
    size = float(np.linalg.norm(emb - emb.mean(axis=0, keepdims=True) if len(emb) > 1 else emb))
    out = weights.astype(np.float32, copy=True)
    out[:, :dim] = emb + alpha * size * prior
    return out
