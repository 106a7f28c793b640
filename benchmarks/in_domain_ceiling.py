"""How far a bag-of-words model fitted to one dev file's own domain gets on that file.

    PYTHONPATH=src python benchmarks/in_domain_ceiling.py [--task abuse] [--lang en]

For every shared task and language with a train and a dev file (``../shared/data``), a logistic
regression on word (1-2) and character (2-5) TF-IDF n-grams of the texts as the word models read
them (``lexical.normalise``: no links, handles or retweet marks, no space before punctuation) is trained on the *whole* train file,
every label weighed the same, C chosen by 5-fold cross-validation on the train file. For a binary
task the decision threshold is also chosen out of fold; the dev file's macro-F1 is printed at that
threshold and, as an upper bound no model could know in advance, at the best threshold for the dev
file itself. Beside it: what the bundled heads score (``nlp_quality.py --sets dev``) is not
recomputed here; compare the two by hand.

This is not a peer: a model of one domain, which the product's heads must not be (they are judged on
held-out examples and unseen languages too, where such a model falls apart). It answers one question:
how much of a dev file is learnable from its own words at all, when its labels are noisy (Davidson's
tweets) or its classes overlap (ABSAbank's neutral and negative).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from postguard.nlp.corpus import shared_data_dir
from postguard.nlp.lexical import normalise

_CS = (1.0, 3.0, 10.0)
_THRESHOLDS = np.linspace(0.05, 0.95, 91)


def read(path: Path) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return [normalise(row["text"]) for row in rows], [row["label"] for row in rows]


def features(train: list[str], dev: list[str]):
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    fitted = hstack([words.fit_transform(train), chars.fit_transform(train)]).tocsr()
    return fitted, hstack([words.transform(dev), chars.transform(dev)]).tocsr()


def ceiling(train_texts: list[str], train_labels: list[str], dev_texts: list[str], dev_labels: list[str]) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    labels = sorted(set(train_labels))
    y, y_dev = np.array([labels.index(v) for v in train_labels]), np.array([labels.index(v) for v in dev_labels])
    X, X_dev = features(train_texts, dev_texts)
    folds = StratifiedKFold(5, shuffle=True, random_state=13)

    def model(C: float):
        return LogisticRegression(C=C, max_iter=3000, class_weight="balanced")

    out_of_fold = {C: cross_val_predict(model(C), X, y, cv=folds, method="predict_proba") for C in _CS}
    binary = len(labels) == 2

    def best_threshold(probs: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
        return max(((f1_score(truth, probs[:, 1] > t, average="macro"), t) for t in _THRESHOLDS))

    if binary:
        C, (oof_f1, threshold) = max(((C, best_threshold(p, y)) for C, p in out_of_fold.items()), key=lambda x: x[1][0])
    else:
        C, oof_f1 = max(((C, f1_score(y, p.argmax(1), average="macro")) for C, p in out_of_fold.items()),
                        key=lambda x: x[1])
    dev = model(C).fit(X, y).predict_proba(X_dev)
    result = {"labels": labels, "C": C, "out_of_fold": oof_f1,
              "dev": f1_score(y_dev, dev.argmax(1), average="macro")}
    if binary:
        result["threshold"] = threshold
        result["dev"] = f1_score(y_dev, dev[:, 1] > threshold, average="macro")
        result["dev_oracle"], result["oracle_threshold"] = best_threshold(dev, y_dev)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--task", help="only this task (abuse, sentiment)")
    parser.add_argument("--lang", help="only this language")
    args = parser.parse_args()
    data = shared_data_dir()
    if not data.is_dir():
        sys.exit(f"shared data not found at {data} (set POSTGUARD_SHARED_DATA)")
    print("macro-F1 on the dev file of a word+character TF-IDF logistic regression fitted to the whole train file")
    for train_file in sorted(data.glob("*/*.train.jsonl")):
        task, lang = train_file.parent.name, train_file.name.split(".")[0]
        dev_file = train_file.with_name(f"{lang}.dev.jsonl")
        if task == "intent" or not dev_file.is_file() or args.task not in (None, task) or args.lang not in (None, lang):
            continue
        started = time.perf_counter()
        r = ceiling(*read(train_file), *read(dev_file))
        line = f"  {task:<10} {lang}  C={r['C']:<4} out of fold {r['out_of_fold']:.3f}  dev {r['dev']:.3f}"
        if "dev_oracle" in r:
            line += (f" (threshold {r['threshold']:.2f}, chosen out of fold)  "
                     f"best threshold for dev itself {r['dev_oracle']:.3f} (at {r['oracle_threshold']:.2f})")
        print(line + f"  [{time.perf_counter() - started:.0f} s]", flush=True)


if __name__ == "__main__":
    main()
