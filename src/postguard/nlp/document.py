"""The model view of one draft, computed once per check and shared by every model rule.

The first model rule that asks embeds the draft's chunks (one call, identical texts once)
and runs every head on them; the other model rules read the same result. It is kept per
:class:`~postguard.text.document.Document` in a weak map, so it lives exactly as long as the check.
"""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from .api import Prediction, analyse
from .chunks import Chunk, split_chunks


@dataclass(frozen=True)
class ScoredChunk:
    chunk: Chunk
    predictions: dict[str, Prediction]

    def score(self, task: str, label: str) -> float:
        return self.predictions[task].scores[label]


#: The tasks the check's model rules read (PG450-PG452 abuse and threat, PG650 sentiment); the
#: situation head is the inbox's, and skipping it in a check saves a quarter of the head work.
CHECK_TASKS = ("abuse", "threat", "sentiment")

_results: "weakref.WeakKeyDictionary[object, list[ScoredChunk]]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def scored_chunks(doc, heads_dir: str | None = None) -> list[ScoredChunk]:
    """Every chunk of ``doc.text`` with the prediction of the check's tasks, in ``doc.language``."""
    with _lock:
        cached = _results.get(doc)
    if cached is not None:
        return cached
    chunks = split_chunks(doc.text)
    predictions = analyse([c.text for c in chunks], [doc.language] * len(chunks), CHECK_TASKS,
                          heads_dir=heads_dir) if chunks else []
    result = [ScoredChunk(c, p) for c, p in zip(chunks, predictions)]
    with _lock:
        _results[doc] = result
    return result
