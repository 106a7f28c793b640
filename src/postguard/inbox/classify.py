"""Situation (and sentiment, abuse) for a whole batch of messages with one embedding call.

Triage asks its classifier one message at a time; the model is fastest on batches. The
worker therefore classifies a batch first (:func:`classify_batch`: one ``analyse`` call,
one embedding per distinct text, all heads on the same vectors) and hands triage a
:class:`PreparedClassifier` that answers from those results.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..inbound.situations import KeywordSituationClassifier, SituationClassifier
from ..languages import LANGUAGES
from ..text.langid import detect_language

MODEL_TASKS = ("situation", "sentiment", "abuse")


@dataclass(frozen=True)
class BatchPrediction:
    situation: str
    scores: dict[str, float]
    #: What the other heads said, stored with the triage result.
    extra: dict


class PreparedClassifier:
    """Answers ``classify(text, language)`` from predictions made for the batch beforehand."""

    def __init__(self, predictions: dict[str, BatchPrediction], fallback: SituationClassifier):
        self.predictions = predictions
        self.fallback = fallback

    def classify(self, text: str, language: str | None) -> tuple[str, dict[str, float]]:
        found = self.predictions.get(text)
        if found is None:
            return self.fallback.classify(text, language)
        return found.situation, found.scores


def detect_all(texts: Sequence[str], hints: Sequence[str | None]) -> list[tuple[str | None, float] | None]:
    """(language, confidence) per text without a language hint; None where the platform gave one."""
    return [None if hint else detect_language(text) for text, hint in zip(texts, hints)]


def languages_of(hints: Sequence[str | None], detected: Sequence[tuple[str | None, float] | None]) -> list[str | None]:
    return [hint or (found[0] if found else None) for hint, found in zip(hints, detected)]


def classify_batch(texts: Sequence[str], languages: Sequence[str | None]) -> dict[str, BatchPrediction]:
    """Every distinct text of the batch through the trained heads, in one embedding call."""
    from ..nlp.api import analyse

    distinct = list(dict.fromkeys(zip(texts, languages)))
    if not distinct:
        return {}
    results = analyse([t for t, _ in distinct], [lang if lang in LANGUAGES else None for _, lang in distinct],
                      MODEL_TASKS)
    predictions = {}
    for (text, _), result in zip(distinct, results):
        situation = result["situation"]
        predictions[text] = BatchPrediction(
            situation.label, dict(situation.scores),
            {"sentiment": result["sentiment"].label, "abuse": result["abuse"].score("abusive")})
    return predictions


def keyword_batch(texts: Sequence[str], languages: Sequence[str | None]) -> dict[str, BatchPrediction]:
    classifier = KeywordSituationClassifier()
    return {text: BatchPrediction(*classifier.classify(text, lang), {}) for text, lang in zip(texts, languages)}
