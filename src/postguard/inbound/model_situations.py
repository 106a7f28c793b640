"""The situation classifier backed by the project's trained model (``postguard.nlp``).

Same interface as the keyword baseline, so triage takes either. The model loads on the
first message, once per process; identical texts are embedded once.
"""
from __future__ import annotations

from ..languages import LANGUAGES


class ModelSituationClassifier:
    """Situation from the multilingual embedding head, per-language centred and calibrated."""

    def classify(self, text: str, language: str | None) -> tuple[str, dict[str, float]]:
        from ..nlp.api import classify

        prediction = classify([text], "situation", [language if language in LANGUAGES else None])[0]
        return prediction.label, dict(prediction.scores)
