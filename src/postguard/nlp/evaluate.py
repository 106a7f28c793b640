"""Precision, recall and F1 per label and per language — never one blended number."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .corpus import Example
from .tasks import TASKS


@dataclass(frozen=True)
class Scores:
    task: str
    lang: str
    n: int
    #: label -> (precision, recall, f1, support)
    per_label: dict[str, tuple[float, float, float, int]]

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the labels that occur in the gold data of this language."""
        f1s = [f1 for (_p, _r, f1, support) in self.per_label.values() if support > 0]
        return float(np.mean(f1s)) if f1s else 0.0


def score(task: str, lang: str, gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    per_label = {}
    for label in TASKS[task].labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        support = tp + fn
        if support == 0 and fp == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = (precision, recall, f1, support)
    return Scores(task, lang, len(gold), per_label)


def evaluate(examples: Sequence[Example], predict: Callable[[str, list[str], list[str]], list[str]]) -> list[Scores]:
    """Score ``predict(task, texts, languages) -> labels`` per task and language."""
    groups: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for e in examples:
        groups[(e.task, e.lang)].append(e)
    out = []
    for (task, lang), rows in sorted(groups.items()):
        predicted = predict(task, [e.text for e in rows], [e.lang for e in rows])
        out.append(score(task, lang, [e.label for e in rows], predicted))
    return out


def format_table(results: Sequence[Scores], title: str = "", language: str = "en") -> str:
    """Per task and language a line with its macro-F1, then a table of its labels, in ``language``; the
    tables of one call share their columns. Task, label and language codes stay codes; "F1" and "n" are symbols."""
    from ..output.labels import label
    from ..output.table import columns, decimal, integer

    header = [label("model.eval.label", language), label("model.eval.precision", language),
              label("model.eval.recall", language), "F1", "n"]
    tables = [[header] + [[name, decimal(p, language), decimal(r, language), decimal(f1, language),
                           integer(support, language)] for name, (p, r, f1, support) in s.per_label.items()]
              for s in results]
    aligned = iter(columns([row for table in tables for row in table], language, right={1, 2, 3, 4}, indent="    "))
    lines = [title] if title else []
    for s, table in zip(results, tables):
        lines.append(f"{s.task:<10} {s.lang:<3} n={integer(s.n, language)}  {label('model.eval.macro_f1', language)} "
                     f"{decimal(s.macro_f1, language)}")
        lines += [next(aligned) for _ in table]
    if not results:
        lines.append("  " + label("model.eval.no_examples", language))
    return "\n".join(lines)
