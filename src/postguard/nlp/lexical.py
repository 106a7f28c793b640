"""In-language word and character n-gram models beside the embedding heads.

The embedding heads carry what transfers between languages; they blur what a language's own
data knows word by word (a Polish vulgarism in an inflected form, a Hebrew term of abuse the
small encoder has rarely seen). Where the shared data has labelled rows in a language (abuse:
en, pl; sentiment: en, pl, sv, he), a logistic regression on hashed word 1–2-grams and
character 2–5-grams (tf-idf weighted, sublinear) is trained on that language's rows, and its
score is added to the head's:

- binary tasks: ``logit(head) + beta * lexical logit``;
- other tasks: ``log p(head) + beta * log p(lexical)``, normalised again.

The model learns from the language's whole shared file and the project's own examples in that
language, the two sources weighing the same (``source_weights``). ``beta`` is chosen per model in
training (``train.choose_beta``): the best mean macro-F1 over the two sources, both scored out of
fold, among the betas that do not cost the own examples — a model that only learnt one data set's
quirks gets a small ``beta`` or none (then no file is written). Languages without such data
(nl, no) and tasks without it (threat, situation) are answered by the head alone, exactly as before.

A shared file is one domain (subtitles, tweets, product reviews), and its words mean what they
mean there. A model may therefore carry a **domain gate** (``DomainGate``): a logistic regression
on the centred embedding that tells how much a text resembles the shared rows the model learnt
from, against every other training text. The word evidence is multiplied by that resemblance
(``beta * gate(x) * words``), so the model speaks up on text like its data and stays quiet on
the product's own kinds of text, where its domain's habits mislead. Training keeps the gate only
where it scores better out of fold (``train.train_lexical``).

A gated model may also carry its **domain prior** (``domain_prior``): how often each label occurs
in the shared file, as log-odds against the equal footing the heads are trained on. Heads and
word models learn from balanced rows, so that no language's or data set's label mix becomes
everyone's; but a text that resembles Davidson's tweets comes from a collection that is 83 %
abusive, and one like XED's subtitles from one where positive lines are a fifth. The prior is
added as far as the gate says the text is from that domain (``gate(x) * prior``): Bayes' rule with
the domain's label frequencies, and nothing on the product's own kinds of text. Training keeps it
only where it scores better out of fold on the shared rows weighted back to the file's own label
mix, without costing the own examples.

Hashing keeps the files free of vocabularies: the same text always lands in the same buckets,
whatever version wrote the file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import regex
from scipy import sparse
from scipy.special import log_softmax, softmax

from ..errors import UsageError
from .heads import label_rows, read_model_file
from .ngrams import CHAR_BUCKETS, WORD_BUCKETS, hashed_counts
from .tasks import Task

#: Tasks with labelled rows in more than one language of the shared data.
LEXICAL_TASKS = ("abuse", "sentiment")
#: A language needs this many labelled rows of a task before it gets a model of its own.
MIN_ROWS = 300
C = 4.0
BETA_GRID = (0.0, 0.25, 0.5, 1.0, 2.0)
FOLDS = 5
FILE_PREFIX = "lexical-"

_NOISE = regex.compile(r"https?://\S+|www\.\S+|@\w+|\bRT\b|#")


_SPACE_BEFORE_PUNCTUATION = regex.compile(r"\s+(?=[.,!?;:…)\]])")


def normalise(text: str) -> str:
    """Links, handles, retweet marks and hash signs say where a text was posted, not what it says;
    so does a space before punctuation ("boring !"), which tokenised corpora add (XED's emotional
    lines, PolEmo) and people rarely type: in XED it told emotional lines from neutral ones."""
    return _SPACE_BEFORE_PUNCTUATION.sub("", _NOISE.sub(" ", text))


def term_counts(texts: list[str]) -> sparse.csr_matrix:
    """Sublinear (1 + log) counts of every hashed word and character n-gram (``ngrams.py``):
    (n, words + chars), after ``normalise``."""
    counts = hashed_counts([normalise(t) for t in texts])
    counts.data = 1.0 + np.log(counts.data)
    return counts


def _weighted(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """tf-idf rows scaled to unit length, computed on the CSR arrays (a text has a few hundred
    n-grams out of half a million buckets: broadcasting the idf row costs more than the work)."""
    row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    data = counts.data * idf[counts.indices]
    norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=counts.shape[0]))
    data = data / np.maximum(norms, 1e-12)[row_of]
    return sparse.csr_matrix((data, counts.indices.copy(), counts.indptr.copy()), shape=counts.shape)


def _idf(counts: sparse.csr_matrix) -> np.ndarray:
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def domain_prior(task: Task, labels: list[str]) -> np.ndarray:
    """A shared file's label frequencies as log-odds against equal labels: (1,) for a binary task
    (the positive label's log-odds), else (labels,) in ``task.labels`` order (log of frequency
    times the number of labels). A label the file lacks counts as one row, never minus infinity."""
    counts = np.maximum([labels.count(label) for label in task.labels], 1).astype(np.float64)
    frequencies = counts / counts.sum()
    if task.binary:
        positive = task.labels.index(task.positive)
        return np.array([np.log(frequencies[positive] / frequencies[1 - positive])])
    return np.log(frequencies * len(task.labels))


def _fused_scores(task: Task, head_probabilities: np.ndarray, raw: np.ndarray, beta: float,
                  gate: np.ndarray | None = None, prior: np.ndarray | None = None) -> np.ndarray:
    """The head's evidence plus ``beta`` times the word model's: (n,) log-odds of the positive
    label for a binary task, else (n, labels) unnormalised log-probabilities. ``gate``: (n,)
    weights in [0, 1] per text (``DomainGate``), multiplying ``beta`` and the ``prior``
    (``domain_prior``) when there is one."""
    reach = np.ones((len(head_probabilities), 1)) if gate is None else np.asarray(gate, np.float64)[:, None]
    shift = 0.0 if prior is None else reach * np.asarray(prior, np.float64)[None, :]
    if task.binary:
        return (_logit(head_probabilities[:, task.labels.index(task.positive)])
                + (beta * reach * raw)[:, 0] + (shift[:, 0] if prior is not None else 0.0))
    return np.log(np.clip(head_probabilities, 1e-9, 1.0)) + beta * reach * log_softmax(raw, axis=1) + shift


@dataclass(frozen=True)
class DomainGate:
    """How much a text resembles the shared rows a word model learnt from: a logistic regression
    on the language-centred embedding (shared rows against every other training text)."""
    weights: np.ndarray  # (dim,)
    bias: float

    def __call__(self, centred: np.ndarray) -> np.ndarray:
        """(n,) in [0, 1] for (n, dim) centred embeddings."""
        if centred.ndim != 2 or centred.shape[1] != self.weights.shape[0]:
            raise UsageError(f"the word model's domain gate reads {self.weights.shape[0]}-dimensional embeddings, "
                             f"got shape {centred.shape}; retrain with `postguard model train`")
        return 1.0 / (1.0 + np.exp(-(centred.astype(np.float64) @ self.weights + self.bias)))

    def as_array(self) -> np.ndarray:
        return np.append(self.weights, self.bias).astype(np.float32)

    @classmethod
    def from_array(cls, values: np.ndarray) -> "DomainGate":
        values = np.asarray(values, np.float64)
        return cls(values[:-1], float(values[-1]))


@dataclass(frozen=True)
class LexicalModel:
    task: Task
    lang: str
    idf: np.ndarray
    #: (1, features) for a binary task (the positive label's side), else (labels, features).
    weights: np.ndarray
    bias: np.ndarray
    beta: float
    meta: dict = field(default_factory=dict)
    gate: DomainGate | None = None
    #: The shared file's label frequencies as log-odds (``domain_prior``), added through the gate.
    prior: np.ndarray | None = None

    @property
    def active(self) -> bool:
        """Whether the model changes anything: word evidence (``beta``) or a domain prior."""
        return self.beta > 0 or self.prior is not None

    def raw(self, texts: list[str], counts: sparse.csr_matrix | None = None) -> np.ndarray:
        """(n, 1) logits of the positive label, or (n, labels) scores in ``task.labels`` order.
        ``counts``: ``term_counts(texts)`` when the caller already has them (another task's model)."""
        features = _weighted(term_counts(list(texts)) if counts is None else counts, self.idf)
        return np.asarray(features @ self._columns) + self.bias

    @cached_property
    def _columns(self) -> np.ndarray:
        """The weights as (features, k), contiguous and in float64 like the features: a transposed
        or float32 array would be copied whole (4 MB per label) by every product."""
        return np.ascontiguousarray(self.weights.T, dtype=np.float64)

    def fuse(self, head_probabilities: np.ndarray, texts: list[str], beta: float | None = None,
             counts: sparse.csr_matrix | None = None, centred: np.ndarray | None = None) -> np.ndarray:
        """The head's probabilities for ``texts`` with this model's word evidence added.
        ``centred``: the texts' centred embeddings, which a model with a domain gate needs."""
        beta = self.beta if beta is None else beta
        if (beta == 0.0 and self.prior is None) or not len(texts):
            return head_probabilities
        gate = None
        if self.gate is not None:
            if centred is None:
                raise UsageError(f"the {self.task.name} word model for {self.lang} has a domain gate: "
                                 "it needs the texts' centred embeddings")
            gate = self.gate(centred)
        raw = self.raw(texts, counts) if beta else np.zeros((len(texts), self.weights.shape[0]))
        scores = _fused_scores(self.task, head_probabilities, raw, beta, gate, self.prior)
        if not self.task.binary:
            return softmax(scores, axis=1)
        positive = self.task.labels.index(self.task.positive)
        out = np.empty_like(head_probabilities)
        out[:, positive] = 1.0 / (1.0 + np.exp(-scores))
        out[:, 1 - positive] = 1.0 - out[:, positive]
        return out

    def with_beta(self, beta: float, **meta) -> "LexicalModel":
        return replace(self, beta=beta, meta={**self.meta, **meta})

    def with_gate(self, gate: DomainGate | None, prior: np.ndarray | None = None) -> "LexicalModel":
        """This model behind ``gate``, adding ``prior`` (``domain_prior``) as far as the gate opens."""
        if prior is not None and gate is None:
            raise UsageError("a domain prior needs a domain gate: it applies only to text like the shared rows")
        return replace(self, gate=gate, prior=None if prior is None else np.asarray(prior, np.float32))

    @property
    def file_name(self) -> str:
        return f"{FILE_PREFIX}{self.task.name}-{self.lang}.npz"

    def save(self, directory: Path) -> None:
        meta = {"task": self.task.name, "lang": self.lang, "labels": list(self.task.labels), "beta": self.beta,
                "word_buckets": WORD_BUCKETS, "char_buckets": CHAR_BUCKETS, **self.meta}
        optional = {} if self.gate is None else {"gate": self.gate.as_array()}
        if self.prior is not None:
            optional["prior"] = np.asarray(self.prior, np.float32)
        np.savez_compressed(directory / self.file_name, idf=self.idf.astype(np.float16),
                            weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32),
                            meta=np.array(json.dumps(meta, sort_keys=True)), **optional)

    @classmethod
    def load(cls, path: Path) -> "LexicalModel":
        task, meta, arrays = read_model_file(path, "word model", ("idf", "weights", "bias"), optional=("gate", "prior"))
        idf, weights, bias = (a.astype(np.float32) for a in arrays[:3])
        gate = None if arrays[3] is None else DomainGate.from_array(arrays[3])
        prior = None if arrays[4] is None else arrays[4].astype(np.float32)
        if prior is not None and (gate is None or prior.shape != (weights.shape[0],)):
            raise UsageError(f"{path}: a domain prior needs a domain gate and one value per label of the weights")
        if (meta.pop("word_buckets"), meta.pop("char_buckets")) != (WORD_BUCKETS, CHAR_BUCKETS):
            raise UsageError(f"{path}: written with other feature buckets; retrain with `postguard model train`")
        if idf.shape != (WORD_BUCKETS + CHAR_BUCKETS,) or weights.shape[1] != idf.shape[0]:
            raise UsageError(f"{path}: weights do not match the feature buckets")
        return cls(task, meta.pop("lang"), idf, weights, bias, float(meta.pop("beta")), meta, gate, prior)


def load_lexical(directory: Path) -> dict[tuple[str, str], LexicalModel]:
    models = {}
    for path in sorted(Path(directory).glob(f"{FILE_PREFIX}*.npz")):
        model = LexicalModel.load(path)
        models[(model.task.name, model.lang)] = model
    return models


# --- training -------------------------------------------------------------------------


def _fit(counts: sparse.csr_matrix, y: np.ndarray, weights: np.ndarray, idf: np.ndarray, seed: int):
    from sklearn.linear_model import LogisticRegression  # training only: a check never imports scikit-learn

    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
    return model.fit(_weighted(counts, idf), y, sample_weight=weights)


def _as_model(fitted, task: Task, lang: str, idf: np.ndarray, meta: dict) -> LexicalModel:
    weights, bias = label_rows(fitted, task, idf.shape[0])  # binary: y was 1 for the positive label
    # Stored as float16: round here, so what is scored in training is what the file holds.
    return LexicalModel(task, lang, idf.astype(np.float16).astype(np.float32),
                        weights.astype(np.float16).astype(np.float32), bias, 0.0, meta)


def targets(task: Task, labels: list[str]) -> np.ndarray:
    """Label indices, or 1 for the positive label of a binary task: what the heads and word models fit."""
    y = np.array([task.labels.index(label) for label in labels])
    return (y == task.labels.index(task.positive)).astype(int) if task.binary else y


def source_weights(own: list[bool]) -> np.ndarray:
    """Row weights under which the project's own rows, together, weigh as much as the shared rows.

    A shared data set is one domain (tweets, reviews); weighted by count alone, its quirks would
    outvote the few hundred rows written for this product's situations.
    """
    own = np.asarray(own, bool)
    weights = np.ones(len(own))
    if own.any() and (~own).any():
        weights[own] = (~own).sum() / own.sum()
    return weights


def fit_with_out_of_fold(task: Task, lang: str, texts: list[str], labels: list[str], seed: int,
                         own: list[bool] | None = None) -> tuple[LexicalModel, dict[str, np.ndarray]]:
    """The model on every row, and each row's raw score from a model that did not see it.

    ``own`` marks the project's own rows (``source_weights``); the folds keep each source's share.
    """
    own = [False] * len(texts) if own is None else list(own)
    counts = term_counts(texts)
    y = targets(task, labels)
    weights = source_weights(own)
    idf = _idf(counts)
    width = 1 if task.binary else len(task.labels)
    oof = np.zeros((len(texts), width), np.float32)
    strata = [f"{mine}:{label}" for mine, label in zip(own, labels)]
    from sklearn.model_selection import StratifiedKFold

    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(counts, strata):
        fold_idf = _idf(counts[train])
        fold = _as_model(_fit(counts[train], y[train], weights[train], fold_idf, seed), task, lang, fold_idf, {})
        oof[test] = fold.raw([texts[i] for i in test])
    model = _as_model(_fit(counts, y, weights, idf, seed), task, lang, idf,
                      {"rows": len(texts), "own_rows": int(sum(own)), "C": C, "seed": seed,
                       "features": "word 1-2-grams + char_wb 2-5-grams, hashed, sublinear tf-idf"})
    return model, dict(zip(texts, oof))


def fused_macro_f1(model: LexicalModel, beta: float, head_probabilities: np.ndarray, raw: np.ndarray,
                   labels: list[str], gate: np.ndarray | None = None, prior: np.ndarray | None = None,
                   weights: np.ndarray | None = None) -> float:
    """Macro-F1 of the head plus ``beta`` (times ``gate``, per text) times precomputed lexical scores ``raw``,
    plus the gated ``prior``; ``weights`` per row (a sample weighted back to its file's label mix)."""
    task = model.task
    scores = _fused_scores(task, head_probabilities, raw, beta, gate, prior)
    predicted = ([task.positive if v > 0 else task.negative for v in scores] if task.binary
                 else [task.labels[i] for i in scores.argmax(axis=1)])
    from sklearn.metrics import f1_score

    return float(f1_score(labels, predicted, average="macro", sample_weight=weights))
