"""Classifier heads: logistic regression on language-centred embeddings, small committed files.

One ``heads/<task>.npz`` per task holds the weights, the labels, the backend it was trained
on, and for the binary tasks a Platt calibration per language (fitted on out-of-fold scores
of the training data, never on dev or held-out data). ``heads/centres.npz`` holds the mean
embedding of each language's training texts: subtracting it removes much of what the
embedding says about the *language* and keeps what it says about the *content*, which is
what lets English and Polish labels transfer to Dutch or Hebrew.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import UsageError
from .tasks import TASKS, Task

HEADS_PACKAGE = "postguard.nlp"
HEADS_DIR = "heads"


def bundled_heads_dir() -> Path:
    return Path(str(resources.files(HEADS_PACKAGE).joinpath(HEADS_DIR)))


@dataclass(frozen=True)
class Centres:
    by_language: dict[str, np.ndarray]
    overall: np.ndarray

    def apply(self, vectors: np.ndarray, languages: list[str]) -> np.ndarray:
        out = vectors.astype(np.float32, copy=True)
        for i, lang in enumerate(languages):
            out[i] -= self.by_language.get(lang, self.overall)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-6)

    def save(self, path: Path) -> None:
        np.savez(path, overall=self.overall, **{f"lang_{k}": v for k, v in sorted(self.by_language.items())})

    @classmethod
    def load(cls, path: Path) -> "Centres":
        with np.load(path) as data:
            langs = {k[5:]: data[k].astype(np.float32) for k in data.files if k.startswith("lang_")}
            return cls(langs, data["overall"].astype(np.float32))


@dataclass(frozen=True)
class Head:
    task: Task
    weights: np.ndarray  # (classes, dim), or (1, dim) for a binary task
    bias: np.ndarray
    embedder: str
    #: Binary tasks: language -> (slope, intercept) mapping the raw score to a probability.
    calibration: dict[str, tuple[float, float]] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    @property
    def word_columns(self) -> tuple[str, ...]:
        """The word-list signals the head reads after the embedding (``wordfeatures.py``)."""
        return tuple(f for f in self.meta.get("features", []) if f != "embedding")

    @property
    def uses_lexicon(self) -> bool:
        return bool(self.word_columns)

    def inputs(self, centred: np.ndarray, languages: list[str], texts: list[str] | None) -> np.ndarray:
        """The head's input rows: the centred embedding, plus the word-list signals it was trained with."""
        names = self.word_columns
        if not names:
            return centred
        if texts is None:
            raise UsageError(f"the {self.task.name} head needs the texts for its word-list features")
        from .lexicon import SCALE
        from .wordfeatures import word_features

        # Heads from before ``word_scale`` existed read the lexicon column at lexicon.SCALE.
        scale = float(self.meta.get("word_scale", SCALE))
        return np.hstack([centred, word_features(list(texts), list(languages), names, scale)])

    def probabilities(self, centred: np.ndarray, languages: list[str], texts: list[str] | None = None) -> np.ndarray:
        """(n, len(task.labels)) probabilities, rows summing to 1, in ``task.labels`` order."""
        return self.calibrated(self.inputs(centred, languages, texts) @ self.weights.T + self.bias, languages)

    def calibrated(self, raw: np.ndarray, languages: list[str]) -> np.ndarray:
        """Probabilities from the head's raw scores: per-language Platt for a binary task, else softmax."""
        if self.task.binary:
            slopes = np.array([self.calibration.get(l, self.calibration.get("*", (1.0, 0.0)))[0] for l in languages])
            inter = np.array([self.calibration.get(l, self.calibration.get("*", (1.0, 0.0)))[1] for l in languages])
            positive = 1.0 / (1.0 + np.exp(-(slopes * raw[:, 0] + inter)))
            index = self.task.labels.index(self.task.positive)
            out = np.empty((len(raw), 2))
            out[:, index] = positive
            out[:, 1 - index] = 1.0 - positive
            return out
        raw = raw - raw.max(axis=1, keepdims=True)
        exp = np.exp(raw)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        meta = {"task": self.task.name, "labels": list(self.task.labels), "embedder": self.embedder,
                "calibration": {k: list(v) for k, v in sorted(self.calibration.items())}, **self.meta}
        np.savez(path, weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
                 meta=np.array(json.dumps(meta, sort_keys=True)))

    @classmethod
    def load(cls, path: Path) -> "Head":
        task, meta, (weights, bias) = read_model_file(path, "head", ("weights", "bias"))
        calibration = {k: (float(a), float(b)) for k, (a, b) in meta.pop("calibration", {}).items()}
        return cls(task, weights, bias, meta.pop("embedder"), calibration, meta)


def label_rows(fitted, task: Task, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """A fitted scikit-learn linear model as (rows, dim) float32 weights and a bias, rows in
    ``task.labels`` order ((1, dim) for a binary task): how heads and word models store it."""
    if task.binary:
        return np.asarray(fitted.coef_, np.float32), np.asarray(fitted.intercept_, np.float32)
    # sklearn orders classes by index; absent labels get a very negative bias.
    weights = np.zeros((len(task.labels), dim), dtype=np.float32)
    bias = np.full(len(task.labels), -30.0, dtype=np.float32)
    for row, cls in enumerate(fitted.classes_):
        weights[cls], bias[cls] = fitted.coef_[row], fitted.intercept_[row]
    return weights, bias


def read_model_file(path: Path, kind: str, arrays: tuple[str, ...],
                    optional: tuple[str, ...] = ()) -> tuple[Task, dict, list[np.ndarray | None]]:
    """A model file's task, the rest of its metadata, and the named arrays (then the ``optional``
    ones, None where the file has none) — or a UsageError that names the file when it is not one
    of ours or was written for other labels."""
    try:
        with np.load(path) as data:
            meta = json.loads(str(data["meta"]))
            values = [data[name] for name in arrays] + [data[name] if name in data.files else None for name in optional]
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(f"{path}: not a postguard {kind} file ({exc})") from None
    task = TASKS.get(meta.pop("task", ""))
    if task is None or tuple(meta.pop("labels", ())) != task.labels:
        raise UsageError(f"{path}: {kind} for an unknown task or with other labels")
    return task, meta, values


@dataclass(frozen=True)
class HeadSet:
    centres: Centres
    heads: dict[str, Head]
    directory: Path
    #: (task, language) -> that language's word model (``lexical.py``), where the data had one.
    lexical: dict = field(default_factory=dict)

    def head(self, task: str) -> Head:
        if task not in self.heads:
            raise UsageError(f"no head for task {task!r} in {self.directory}")
        return self.heads[task]

    def probabilities(self, task: str, vectors: np.ndarray, languages: list[str], texts: list[str],
                      counted: dict | None = None) -> np.ndarray:
        """(n, labels) probabilities from raw embeddings: the head, plus each language's word model.

        ``counted``: a dict the caller keeps while it asks several tasks about the same texts, so
        that each language's n-grams are hashed once (``lexical.term_counts``), not once per task.
        """
        from .lexical import term_counts

        counted = {} if counted is None else counted
        centred = self.centres.apply(vectors, list(languages))
        out = self.head(task).probabilities(centred, list(languages), list(texts))
        for lang in sorted(set(languages)):
            model = self.lexical.get((task, lang))
            if model is not None and model.active:
                rows = [i for i, l in enumerate(languages) if l == lang]
                subset = [texts[i] for i in rows]
                key = (lang, tuple(subset))
                if key not in counted and model.beta:  # a model with only a domain prior reads no words
                    counted[key] = term_counts(subset)
                out[rows] = model.fuse(out[rows], subset, counts=counted.get(key), centred=centred[rows])
        return out


def load_heads(directory: Path | None = None, embedder_name: str | None = None) -> HeadSet:
    directory = Path(directory) if directory else bundled_heads_dir()
    if not (directory / "centres.npz").exists():
        raise UsageError(f"{directory}: no trained heads here (run `postguard model train`)")
    heads = {}
    for task in TASKS:
        path = directory / f"{task}.npz"
        if path.exists():
            heads[task] = Head.load(path)
            if embedder_name and heads[task].embedder != embedder_name:
                raise UsageError(
                    f"{path} was trained on {heads[task].embedder}, but the embedder is {embedder_name}; "
                    "retrain with `postguard model train --out DIR`")
    from .lexical import load_lexical

    centres = Centres.load(directory / "centres.npz")
    lexical = load_lexical(directory)
    for model in lexical.values():
        if model.gate is not None and model.gate.weights.shape != centres.overall.shape:
            raise UsageError(f"{directory / model.file_name}: its domain gate reads {model.gate.weights.shape[0]}-"
                             f"dimensional embeddings, the heads {centres.overall.shape[0]}; "
                             "retrain with `postguard model train`")
    return HeadSet(centres, heads, directory, lexical)


@lru_cache(maxsize=4)
def cached_heads(directory: str | None, embedder_name: str) -> HeadSet:
    return load_heads(Path(directory) if directory else None, embedder_name)
