"""The four tasks the heads answer, their labels, and the label that means "nothing to see"."""
from __future__ import annotations

from dataclasses import dataclass

from ..policy.schema import SITUATIONS


@dataclass(frozen=True)
class Task:
    name: str
    labels: tuple[str, ...]
    #: The uninteresting label of a binary task (its score is 1 - the other's).
    negative: str | None = None

    @property
    def binary(self) -> bool:
        return len(self.labels) == 2

    @property
    def positive(self) -> str:
        return next(label for label in self.labels if label != self.negative)


TASKS: dict[str, Task] = {
    "abuse": Task("abuse", ("ok", "abusive"), negative="ok"),
    "threat": Task("threat", ("none", "threat"), negative="none"),
    "sentiment": Task("sentiment", ("negative", "neutral", "positive")),
    "situation": Task("situation", tuple(SITUATIONS)),
}
