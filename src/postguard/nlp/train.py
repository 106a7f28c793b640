"""``postguard model train``: rebuild every head from the data, deterministically with a seed.

Recipe (each step answers a measured failure of the plain approach, see issue 3):
1. A balanced, seeded sample of the shared data plus the project's own examples in all six
   languages (their held-out quarter excluded) plus, optionally, a company's ``--extra`` rows.
2. Embeddings centred per language (``heads.Centres``, the mean of the project's own
   examples in that language) and re-normalised.
   The abuse head also reads word-list signals (``wordfeatures.py``): the model's own lexicon
   and the core rules' conduct lists (profanity, insults, insults aimed at someone, slurs).
3. Sample weights so that every language weighs the same and, within a language, every label
   weighs the same; the project's own and a company's examples count more than the shared rows,
   because they are written for this product's situations.
4. Logistic regression, its weights then moved towards the direction the label descriptions
   span in every language (``prior.py``) — what the embedding model itself knows, which holds
   up on other domains better than one data set's quirks.
5. C, how far to move (alpha) and, for the abuse head, which word-list signals it reads and at
   what scale, are chosen by *leave-one-source-out* macro-F1 on the training
   data: a head trained without one source (a shared data set in one language, or the project's
   own examples in one language) is scored on that source. The product is judged on data from
   other sources, so this is the generalisation that matters; dev and held-out data are never used.
6. Binary tasks: Platt calibration on out-of-fold training scores, with a (shrunk) intercept
   per language, so the same threshold means about the same in every language and
   ``strictness`` can be set once.
7. Word models (``lexical.py``) for each (task, language) whose shared train file has enough rows,
   learnt from that whole file and the own examples in the language, and added to the head with
   the weight ``beta`` that does best out of fold without costing the own examples
   (``choose_beta``), either everywhere or through a domain gate (``fit_domain_gate``: only as
   far as a text resembles the shared rows), with or without the file's label mix as a prior
   through that gate (``lexical.domain_prior``), whichever scores better out of fold — the shared
   rows weighted back to their file's label mix (``file_mix_weights``).
   ``train_word_models`` refits only these against heads already written.
"""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from .corpus import Example, by_task, extra_examples, own_examples, shared_examples, shared_rows
from .diskcache import DiskCachedEmbedder
from .embedder import configured_embedder
from .heads import Centres, Head, bundled_heads_dir, label_rows
from .lexical import (BETA_GRID, FILE_PREFIX as LEXICAL_PREFIX, FOLDS, LEXICAL_TASKS, MIN_ROWS, DomainGate,
                      domain_prior, fit_with_out_of_fold, fused_macro_f1, targets)
from .wordfeatures import CONDUCT, word_features
from .prior import direction, mixed, prototypes
from .progress import TrainingStep
from .tasks import TASKS, Task

#: Word-list signals a head may read next to the embedding, as (columns, scale) variants among
#: which leave-one-source-out chooses; the first abuse variant is the head before the conduct lists.
WORD_VARIANTS: dict[str, tuple[tuple[tuple[str, ...], float], ...]] = {
    "abuse": ((("lexicon",), 0.3), (("lexicon",) + CONDUCT, 0.3), (("lexicon",) + CONDUCT, 1.0),
              (("lexicon",) + CONDUCT, 3.0)),
}
NO_WORDS: tuple[tuple[tuple[str, ...], float], ...] = (((), 0.0),)
#: Sources written for this product: the project's own examples and a company's ``--extra`` rows.
OWN_SOURCES = ("postguard", "extra")
#: How much more one of the project's own (or a company's) examples weighs than a shared row.
OWN_WEIGHT = 5.0
C_GRID = (0.3, 1.0, 3.0)
#: How much macro-F1 on the project's own examples a word model may cost (about one row in 250).
OWN_LOSS = 0.005
#: How far the weights move towards the label descriptions' direction, in units of their own size.
ALPHA_GRID = (0.0, 0.25, 0.5, 1.0)
#: A language's calibration moves halfway to its own optimum with this many examples of its rarer class.
SHRINK_EXAMPLES = 20
#: Regularisation of the word models' domain gates (a few thousand rows, 384 dimensions).
GATE_C = 0.3


def training_examples(seed: int, extra: Path | None) -> list[Example]:
    examples = shared_examples("train", seed) + own_examples("train")
    # No shared source labels threats; its abuse and sentiment rows are, almost all, not threats.
    rng = np.random.RandomState(seed)
    others = [e for e in examples if e.source != "postguard" and e.task in ("abuse", "sentiment")]
    for i in sorted(rng.choice(len(others), size=min(1500, len(others)), replace=False)):
        examples.append(Example(others[i].text, others[i].lang, "threat", "none", others[i].source))
    if extra is not None:
        examples += extra_examples(extra)
    return examples


def _prior(task: Task, priors: dict[str, np.ndarray], dim: int) -> np.ndarray:
    """The label descriptions' direction for ``task`` (``prior.py``), or zeros where it has none."""
    if task.name not in priors:
        return np.zeros((1 if task.binary else len(task.labels), dim), np.float32)
    return direction(priors[task.name], task.binary, task.labels.index(task.positive) if task.binary else 0)


def _variant_key(variants, v: int, C: float, alpha: float) -> str:
    names, scale = variants[v]
    words = f" words={'+'.join(names)}@{scale}" if names else ""
    return f"C={C} alpha={alpha}{words}"


def sample_weights(examples: list[Example]) -> np.ndarray:
    raw = np.array([OWN_WEIGHT if e.source in OWN_SOURCES else 1.0 for e in examples])
    group_total: dict[tuple[str, str], float] = defaultdict(float)
    for e, w in zip(examples, raw):
        group_total[(e.lang, e.label)] += w
    labels_in: dict[str, set[str]] = defaultdict(set)
    for e in examples:
        labels_in[e.lang].add(e.label)
    weights = np.array([w / group_total[(e.lang, e.label)] / len(labels_in[e.lang]) for e, w in zip(examples, raw)])
    return weights * len(weights) / weights.sum()


def _fit(X, y, w, C, seed):
    model = LogisticRegression(C=C, max_iter=3000, random_state=seed)
    model.fit(X, y, sample_weight=w)
    return model


def _predict(X, weights, bias, binary: bool) -> np.ndarray:
    raw = X @ weights.T + bias
    return (raw[:, 0] > 0).astype(int) if binary else raw.argmax(axis=1)


def _leave_one_source_out(X, y, w, groups, C, seed, task: Task, binary: bool, prior) -> dict[float, float]:
    """Mean macro-F1 over held-out sources, for each alpha: fit without a source, score on it."""
    scores: dict[float, list[float]] = {a: [] for a in ALPHA_GRID}
    for group in sorted(set(groups)):
        test = groups == group
        if len(set(y[test])) < 2 or len(set(y[~test])) < 2:
            continue
        weights, bias = label_rows(_fit(X[~test], y[~test], w[~test], C, seed), task, X.shape[1])
        for alpha in ALPHA_GRID:
            predicted = _predict(X[test], mixed(weights, prior, alpha), bias, binary)
            scores[alpha].append(f1_score(y[test], predicted, average="macro"))
    return {a: float(np.mean(v)) if v else 0.0 for a, v in scores.items()}


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    model = LogisticRegression(C=100.0, class_weight="balanced", max_iter=1000)
    model.fit(scores.reshape(-1, 1), y)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def _balanced_log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(np.log(p[y == 1])) - np.mean(np.log(1 - p[y == 0])))


def _out_of_fold_raw(X, y, w, langs, C, seed, task: Task, prior, alpha: float) -> np.ndarray:
    """(n, 1 or labels) raw scores of each row from the head's recipe fitted without it: 5 folds,
    stratified by language and label. Calibration learns from them, and the word models' ``beta``
    is judged against them, so that neither the head nor the word model has seen the row."""
    strata = np.array([f"{l}:{t}" for l, t in zip(langs, y)])
    counts = Counter(strata)
    strata = np.array([s if counts[s] >= 5 else "rare" for s in strata])
    oof = np.zeros((len(y), 1 if task.binary else len(task.labels)))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(X, strata):
        weights, bias = label_rows(_fit(X[train], y[train], w[train], C, seed), task, X.shape[1])
        oof[test] = X[test] @ mixed(weights, prior, alpha).T + bias
    return oof


def _calibrate(oof: np.ndarray, y: np.ndarray, langs: np.ndarray) -> dict[str, tuple[float, float]]:
    """Platt scaling on out-of-fold scores: one slope for all, an intercept per language.

    A language with few examples of a class would get a wild slope of its own (a dozen Swedish
    threats separate perfectly); its intercept shift is shrunk towards the global one instead.
    """
    slope, intercept = _platt(oof, y)
    calibration = {"*": (slope, intercept)}
    shifts = np.linspace(-4, 4, 161)
    for lang in sorted(set(langs)):
        mine = langs == lang
        smaller = int(min(np.sum(y[mine] == 0), np.sum(y[mine] == 1)))
        if smaller < 3:
            continue
        losses = [_balanced_log_loss(1 / (1 + np.exp(-(slope * oof[mine] + intercept + d))), y[mine]) for d in shifts]
        shift = float(shifts[int(np.argmin(losses))]) * smaller / (smaller + SHRINK_EXAMPLES)
        calibration[lang] = (slope, intercept + shift)
    return calibration


def train(seed: int = 13, extra: Path | None = None, out: Path | None = None,
          log: Callable[[TrainingStep], None] = print, select_c: bool = True,
          examples: list[Example] | None = None, embedder=None) -> dict[str, dict]:
    """Train all heads and write them to ``out`` (default: the bundled heads). Returns a summary.

    ``examples`` and ``embedder`` replace the data and the (disk-cached) backend, for tests.
    """
    started = time.time()
    out = Path(out) if out else bundled_heads_dir()
    out.mkdir(parents=True, exist_ok=True)
    whole_files = examples is None
    if examples is None:
        examples = training_examples(seed, extra)
    elif extra is not None:
        examples = examples + extra_examples(extra)
    embedder = embedder or DiskCachedEmbedder(configured_embedder())
    texts = sorted({e.text for e in examples})
    log(TrainingStep("embedding", {"count": len(texts)}))
    if isinstance(embedder, DiskCachedEmbedder):
        embedded = embedder.embed(texts, progress=lambda d, n: log(TrainingStep("embedded", {"done": d, "total": n}))
                                  if d % 1024 == 0 else None)
    else:
        embedded = embedder.embed(texts)
    vectors = dict(zip(texts, embedded))
    # Centres come from the project's own examples: they say much the same things in every
    # language, so their mean differs by language only. The shared data would add its domain
    # (Swedish immigration debate, Hebrew political comments) to the "language" direction.
    by_lang: dict[str, list[str]] = defaultdict(list)
    for text, lang in sorted({(e.text, e.lang) for e in examples if e.source == "postguard"}):
        by_lang[lang].append(text)
    for text, lang in sorted({(e.text, e.lang) for e in examples if e.lang not in by_lang}):
        by_lang[lang].append(text)  # a language only a company's --extra rows speak
    lang_means = {lang: np.mean([vectors[t] for t in ts], axis=0).astype(np.float32) for lang, ts in by_lang.items()}
    centres = Centres(lang_means, np.mean(list(lang_means.values()), axis=0).astype(np.float32))
    centres.save(out / "centres.npz")
    priors = prototypes(lambda ts: embedder.embed(list(ts)), centres)
    summary: dict[str, dict] = {}
    built: dict[str, Head] = {}
    out_of_fold: dict[str, dict[str, np.ndarray]] = {}
    for name, task in TASKS.items():
        rows = by_task(examples, name)
        langs = np.array([e.lang for e in rows])
        embedded_rows = centres.apply(np.vstack([vectors[e.text] for e in rows]), list(langs))
        variants = WORD_VARIANTS.get(name, NO_WORDS)
        every_column = tuple(dict.fromkeys(c for names, _ in variants for c in names))
        counts_01 = word_features([e.text for e in rows], list(langs), every_column, 1.0)

        def inputs(variant: int) -> np.ndarray:
            names, scale = variants[variant]
            columns = [every_column.index(c) for c in names]
            return np.hstack([embedded_rows, scale * counts_01[:, columns]])

        y, w = targets(task, [e.label for e in rows]), sample_weights(rows)
        prior = _prior(task, priors, embedded_rows.shape[1])
        groups = np.array([f"{e.lang}:{e.source}" for e in rows])
        loso = {(v, C, a): f1 for v in range(len(variants)) for C in (C_GRID if select_c else (1.0,))
                for a, f1 in _leave_one_source_out(inputs(v), y, w, groups, C, seed, task, task.binary, prior).items()
                if a == 0 or name in priors}
        # Ties go to the smaller move, then the earlier (simpler) word variant, then the smaller C.
        variant, C, alpha = max(loso, key=lambda k: (round(loso[k], 4), -k[2], -k[0], -k[1]))
        X = inputs(variant)
        word_names, word_scale = variants[variant]
        weights, bias = label_rows(_fit(X, y, w, C, seed), task, X.shape[1])
        weights = mixed(weights, prior, alpha)
        oof = (_out_of_fold_raw(X, y, w, langs, C, seed, task, prior, alpha)
               if task.binary or name in LEXICAL_TASKS else None)
        calibration = _calibrate(oof[:, 0], y, langs) if task.binary else {}
        counts = Counter((e.lang, e.label) for e in rows)
        meta = {"seed": seed, "C": C, "alpha": alpha,
                "leave_one_source_out_macro_f1": {_variant_key(variants, v, c, a): round(f1, 4)
                                                  for (v, c, a), f1 in loso.items()},
                "training_rows": {f"{l}:{lab}": n for (l, lab), n in sorted(counts.items())},
                "extra": bool(extra), "features": ["embedding", *word_names]}
        if word_names:
            meta["word_scale"] = word_scale
        head = Head(task, np.asarray(weights, np.float32), np.asarray(bias, np.float32), embedder.name, calibration, meta)
        head.save(out / f"{name}.npz")
        built[name] = head
        if name in LEXICAL_TASKS:
            out_of_fold[name] = dict(zip([e.text for e in rows], head.calibrated(oof, list(langs))))
        summary[name] = {"C": C, "alpha": alpha, "words": variants[variant], "loso": loso, "rows": len(rows)}
        log(TrainingStep("head", {
            "task": name, "rows": len(rows), "C": C, "alpha": alpha,
            "words": f"{'+'.join(word_names)}@{word_scale}" if word_names else "-",
            "tried": ", ".join(f"{_variant_key(variants, v, c, a)}: {f1:.3f}" for (v, c, a), f1 in loso.items())}))
    summary.update(write_word_models(built, lexical_rows(examples, from_files=whole_files), examples, vectors,
                                     centres, seed, out, log, out_of_fold))
    log(TrainingStep("heads_written", {"directory": out, "seconds": round(time.time() - started)}))
    return summary


def train_word_models(seed: int = 13, extra: Path | None = None, out: Path | None = None,
                      log: Callable[[TrainingStep], None] = print, examples: list[Example] | None = None,
                      embedder=None) -> dict[str, dict]:
    """Refit only the word models (``lexical.py``) against the heads already in ``out``.

    The embedding heads and centres are read, not rewritten; the rows and the choice of
    ``beta`` are those of a full ``train`` with the same seed and ``extra``: ``beta`` is judged
    against the heads' out-of-fold scores, their recipe refitted per fold (``heads_out_of_fold``).
    ``examples`` and ``embedder`` replace the data and the backend, for tests.
    """
    from .heads import load_heads

    started = time.time()
    out = Path(out) if out else bundled_heads_dir()
    embedder = embedder or DiskCachedEmbedder(configured_embedder())
    headset = load_heads(out, embedder.name)
    whole_files = examples is None
    examples = training_examples(seed, extra) if examples is None else examples
    rows = lexical_rows(examples, from_files=whole_files)
    texts = sorted({e.text for e in examples})  # the rows beta is judged on, and the domain gates' other side
    log(TrainingStep("embedding", {"count": len(texts)}))
    vectors = dict(zip(texts, embedder.embed(texts)))
    judged_by = heads_out_of_fold(headset.heads, examples, vectors, headset.centres, embedder, seed)
    summary = write_word_models(headset.heads, rows, examples, vectors, headset.centres, seed, out, log, judged_by)
    log(TrainingStep("word_models_written", {"directory": out, "seconds": round(time.time() - started)}))
    return summary


def heads_out_of_fold(heads: dict[str, Head], examples: list[Example], vectors: dict, centres: Centres,
                      embedder, seed: int) -> dict[str, dict[str, np.ndarray]]:
    """task -> text -> the head's calibrated probabilities from its recipe (C, alpha, word signals,
    as its file records them) refitted without the text: what a full ``train`` judges ``beta`` against.

    Heads whose file does not record the recipe (trained by another version) are left out; their
    word models are then judged against the head in sample."""
    priors = prototypes(lambda ts: embedder.embed(list(ts)), centres)
    out: dict[str, dict[str, np.ndarray]] = {}
    for name in LEXICAL_TASKS:
        head = heads.get(name)
        if head is None or "C" not in head.meta or "alpha" not in head.meta:
            continue
        rows = by_task(examples, name)
        texts, langs = [e.text for e in rows], [e.lang for e in rows]
        X = head.inputs(centres.apply(np.vstack([vectors[t] for t in texts]), langs), langs, texts)
        y = targets(head.task, [e.label for e in rows])
        prior = _prior(head.task, priors, len(centres.overall))
        raw = _out_of_fold_raw(X, y, sample_weights(rows), np.array(langs), head.meta["C"], seed, head.task, prior,
                               head.meta["alpha"])
        out[name] = dict(zip(texts, head.calibrated(raw, langs)))
    return out


def write_word_models(heads: dict[str, Head], rows: dict[tuple[str, str], list[Example]], examples: list[Example],
                      vectors: dict, centres: Centres, seed: int, out: Path, log: Callable[[TrainingStep], None],
                      head_out_of_fold: dict[str, dict[str, np.ndarray]] | None = None) -> dict[str, dict]:
    """Replace every word model in ``out`` with one per (task, language) of ``rows``.

    ``head_out_of_fold`` (task -> text -> probabilities) are the head's scores for rows it was not
    fitted on (``train``, ``heads_out_of_fold``); without them the head scores its training rows in
    sample, which makes it look better than it is and favours a small beta.
    """
    for stale in out.glob(f"{LEXICAL_PREFIX}*.npz"):  # a language that no longer has data keeps no word model
        stale.unlink()
    return {f"lexical {name} {lang}": train_lexical(heads[name], lang, shared, examples, vectors, centres, seed, out, log,
                                                    (head_out_of_fold or {}).get(name))
            for (name, lang), shared in sorted(rows.items())}


def lexical_rows(examples: list[Example], from_files: bool) -> dict[tuple[str, str], list[Example]]:
    """Per (task, language) that gets a word model, the shared rows it learns from.

    A (task, language) qualifies with ``MIN_ROWS`` shared rows, or as many of a company's
    ``--extra`` rows (then it may have no shared rows at all: a company's Norwegian reviewer
    decisions make a Norwegian word model). Shared rows come from the train files whole
    (``from_files``: the heads see a balanced sample, the word model gains from every row), else
    from the given examples (tests).
    """
    lexical = [e for e in examples if e.task in LEXICAL_TASKS]
    shared_keys = {(e.task, e.lang) for e in lexical if e.source not in OWN_SOURCES}
    extra = Counter((e.task, e.lang) for e in lexical if e.source == "extra")
    out: dict[tuple[str, str], list[Example]] = {}
    for task, lang in sorted(shared_keys | set(extra)):
        rows = [] if (task, lang) not in shared_keys else (
            shared_rows(task, lang, "train") if from_files else
            [e for e in lexical if (e.task, e.lang) == (task, lang) and e.source not in OWN_SOURCES])
        labels = {e.label for e in rows} | {e.label for e in lexical if (e.task, e.lang) == (task, lang)
                                             and e.source == "extra"}
        if (len(rows) >= MIN_ROWS or extra[(task, lang)] >= MIN_ROWS) and len(labels) >= 2:
            out[(task, lang)] = rows
    return out


def choose_beta(scores: dict[str, dict[float, float]], own_alone: float | None = None) -> float | None:
    """The beta with the best mean macro-F1 over the sources, among those that cost the
    project's own examples (source ``own``) at most ``OWN_LOSS`` against the head alone
    (``own_alone``; by default their score at beta 0); ties go to the smaller beta.
    None when every beta costs more (only possible with ``own_alone``: a domain prior that hurts)."""
    if not scores:
        return 0.0
    mean = {beta: float(np.mean([s[beta] for s in scores.values()])) for beta in BETA_GRID}
    own = scores.get("own")
    floor = (own[0.0] if own_alone is None else own_alone) - OWN_LOSS if own is not None else None
    allowed = [b for b in BETA_GRID if own is None or own[b] >= floor]
    return max(allowed, key=lambda b: (round(mean[b], 4), -b)) if allowed else None


def fit_domain_gate(inside: list[str], examples: list[Example], vectors: dict, centres: Centres,
                    seed: int) -> tuple[DomainGate, dict[str, float]]:
    """A gate that tells the texts ``inside`` (a word model's shared rows) from every other training
    text, on the language-centred embedding, and every one of those texts' gate value out of fold."""
    language = {e.text: e.lang for e in examples}
    inside = sorted(set(inside))
    outside = sorted(set(language) - set(inside))
    texts = inside + outside
    X = centres.apply(np.vstack([vectors[t] for t in texts]), [language[t] for t in texts])
    y = np.r_[np.ones(len(inside), int), np.zeros(len(outside), int)]
    model = LogisticRegression(C=GATE_C, class_weight="balanced", max_iter=3000, random_state=seed)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
    out_of_fold = cross_val_predict(model, X, y, cv=folds, method="predict_proba")[:, 1]
    model.fit(X, y)
    return DomainGate(model.coef_[0].astype(np.float32), float(model.intercept_[0])), dict(zip(texts, out_of_fold))


def train_lexical(head: Head, lang: str, rows: list[Example], examples: list[Example], vectors: dict,
                  centres: Centres, seed: int, out: Path, log: Callable[[TrainingStep], None],
                  head_out_of_fold: dict[str, np.ndarray] | None = None) -> dict:
    """Fit one language's word model and choose how much it adds to the head (``lexical.py``).

    The model learns from the shared rows and the project's own examples in that language, the
    two weighing the same. ``beta`` maximises the mean macro-F1 over the two sources, the shared
    rows and the own examples, with the word scores out of fold (and the head's too, when
    ``head_out_of_fold`` is given: in a full ``train``) — among the betas that cost the own
    examples at most ``OWN_LOSS`` against the head alone. A shared set is
    one domain (Davidson's tweets are 83 % abusive, so "idiot" there leans towards "ok"); its
    gains must not be bought with the product's own situations.

    Where there are shared rows, the same choice is also made with a domain gate
    (``fit_domain_gate``, scored out of fold too), and with the gate plus the file's domain prior
    (``lexical.domain_prior``). The shared rows are scored weighted back to their file's own
    label mix (the heads' sample is balanced; the domain is not). The model keeps the variant
    with the best mean; ties go to the gate alone, then to no gate, then to the prior.
    """
    task = head.task
    own_rows = [e for e in examples if (e.task, e.lang) == (task.name, lang) and e.source in OWN_SOURCES]
    learnt = rows + own_rows
    model, out_of_fold = fit_with_out_of_fold(task, lang, [e.text for e in learnt], [e.label for e in learnt], seed,
                                              own=[e.source in OWN_SOURCES for e in learnt])
    judged = {"shared": [e for e in examples if (e.task, e.lang) == (task.name, lang) and e.text in out_of_fold
                         and e.source not in OWN_SOURCES],
              "own": own_rows}
    gate, gate_out_of_fold = (fit_domain_gate([e.text for e in judged["shared"]], examples, vectors, centres, seed)
                              if judged["shared"] else (None, {}))
    prior = domain_prior(task, [e.label for e in rows]) if rows else None
    variants: dict[str, tuple[dict | None, np.ndarray | None]] = {"everywhere": (None, None)}
    if gate is not None:
        variants |= {"gated": (gate_out_of_fold, None), "gated+prior": (gate_out_of_fold, prior)}
    scores: dict[str, dict[str, dict[float, float]]] = {variant: {} for variant in variants}
    for source, judged_rows in judged.items():
        if len({e.label for e in judged_rows}) < 2:
            continue
        texts = [e.text for e in judged_rows]
        labels = [e.label for e in judged_rows]
        langs = [lang] * len(texts)
        if head_out_of_fold is not None and all(t in head_out_of_fold for t in texts):
            head_p = np.vstack([head_out_of_fold[t] for t in texts])
        else:
            head_p = head.probabilities(centres.apply(np.vstack([vectors[t] for t in texts]), langs), langs, texts)
        raw = np.vstack([out_of_fold[t] for t in texts])
        mix = file_mix_weights(labels, [e.label for e in rows]) if source == "shared" else None
        for variant, (gate_values, variant_prior) in variants.items():
            reach = None if gate_values is None else np.array([gate_values[t] for t in texts])
            scores[variant][source] = {beta: fused_macro_f1(model, beta, head_p, raw, labels, reach, variant_prior, mix)
                                       for beta in BETA_GRID}
    own_alone = scores["everywhere"].get("own", {}).get(0.0)  # beta 0 without a prior: the head alone
    chosen = {variant: choose_beta(s, own_alone) for variant, s in scores.items()}
    chosen = {variant: beta for variant, beta in chosen.items() if beta is not None}
    mean = {variant: float(np.mean([s[chosen[variant]] for s in scores[variant].values()])) if scores[variant] else 0.0
            for variant in chosen}
    preference = {"gated": 2, "everywhere": 1, "gated+prior": 0}
    variant = max(mean, key=lambda v: (round(mean[v], 4), preference[v]))
    beta = chosen[variant]
    gated = variant != "everywhere"
    with_prior = variant == "gated+prior"
    gate_meta = {"domain_gate": {"inside_rows": len({e.text for e in judged["shared"]}), "C": GATE_C}} if gated else {}
    if with_prior:
        gate_meta["domain_prior"] = {label: sum(e.label == label for e in rows) for label in task.labels}
    tried = {v: {source: {str(b): round(f, 4) for b, f in by_beta.items()} for source, by_beta in by_source.items()}
             for v, by_source in scores.items()}
    model = model.with_gate(gate if gated else None, prior if with_prior else None).with_beta(
        beta, beta_macro_f1=tried, judged_rows={k: len(v) for k, v in judged.items()}, variant=variant, **gate_meta)
    if model.active:  # otherwise the model changes nothing: no file, nothing to load
        model.save(out)
    log(TrainingStep("word_model", {
        "task": task.name, "language": lang, "shared": len(rows), "own": len(own_rows), "beta": beta,
        "variant": variant if model.active else "not_written",
        "tried": "; ".join(f"{v}: " + ", ".join(f"beta={b}: {' / '.join(f'{x[b]:.3f}' for x in s.values())}"
                                                for b in BETA_GRID) for v, s in scores.items())}))
    return {"beta": beta, "gated": gated and model.active, "prior": with_prior, "scores": scores, "rows": len(rows)}


def file_mix_weights(sample_labels: list[str], file_labels: list[str]) -> np.ndarray:
    """Row weights that make a (balanced) sample count like its file's own label mix:
    each label's share in the file over its share in the sample."""
    in_sample, in_file = Counter(sample_labels), Counter(file_labels)
    if not file_labels:
        return np.ones(len(sample_labels))
    return np.array([(in_file[label] / len(file_labels)) / (in_sample[label] / len(sample_labels))
                     for label in sample_labels])
