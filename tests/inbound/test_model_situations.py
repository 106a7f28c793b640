"""The trained situation model behind triage's classifier interface."""
from __future__ import annotations

import pytest

from postguard.inbound.model_situations import ModelSituationClassifier
from postguard.inbound.situations import SituationClassifier
from postguard.policy.schema import SITUATIONS


@pytest.mark.parametrize("text,language,expected", [
    ("I was charged twice this month and I want my money back.", "en", "refund_request"),
    ("Proszę o zwrot pieniędzy za podwójnie pobraną opłatę.", "pl", "refund_request"),
    ("Tusen takk for den fantastiske hjelpen i går!", "no", "praise"),
])
def test_model_classifier_names_the_situation(text, language, expected):
    classifier = ModelSituationClassifier()
    assert isinstance(classifier, SituationClassifier)
    situation, scores = classifier.classify(text, language)
    assert situation == expected
    assert set(scores) == set(SITUATIONS) and abs(sum(scores.values()) - 1) < 0.01


def test_unknown_language_still_classifies():
    situation, _ = ModelSituationClassifier().classify("Thank you so much, great service!", None)
    assert situation == "praise"
