"""What ``model train`` says while it works: a step's code and its params, said in any language.

``train.py`` reports each step as a :class:`TrainingStep` through its ``log`` callback. ``str(step)``
is the English sentence, so ``log=print`` prints what it always did; ``postguard model train
--lang`` says ``step.text(language)``. The sentences are labels (``output/model_labels.py``,
``model.train.<code>``) in every first-class language.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..output.labels import label
from ..output.model_labels import MODEL_LABELS
from ..output.table import integer

#: Every step ``train.py`` reports.
STEP_CODES: frozenset[str] = frozenset(key.removeprefix("train.") for key in MODEL_LABELS if key.startswith("train."))


@dataclass(frozen=True)
class TrainingStep:
    code: str
    #: What the sentence is filled with. Counts (ints) are written the reader's way; ``variant`` is a
    #: word model's variant code (``gated``), said in words; everything else (task and language codes,
    #: parameters, the pre-formatted lists of scores tried) is shown as it is.
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in STEP_CODES:
            raise ValueError(f"unknown training step {self.code!r}; known: {', '.join(sorted(STEP_CODES))}")

    def text(self, language: str) -> str:
        return label(f"model.train.{self.code}", language).format_map(
            {name: _shown(name, value, language) for name, value in self.params.items()})

    def __str__(self) -> str:
        return self.text("en")


def _shown(name: str, value: Any, language: str) -> str:
    if name == "variant":
        return label(f"model.variant.{value}", language)
    if isinstance(value, int) and not isinstance(value, bool):
        return integer(value, language)
    return str(value)
