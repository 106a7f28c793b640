"""What ``model train`` says while it works: English by default, any first-class language on request."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import postguard.nlp.train as training
from postguard.languages import LANGUAGES
from postguard.nlp.progress import STEP_CODES, TrainingStep

WORD_MODEL = {"task": "sentiment", "language": "pl", "shared": 5181, "own": 90, "beta": 2.0,
              "tried": "gated: beta=0.0: 0.700 / 0.910"}


def test_a_step_prints_in_english_where_a_plain_print_is_the_log():
    step = TrainingStep("embedding", {"count": 14203})
    assert str(step) == "embedding 14,203 distinct texts (cached on disk after the first run)…"
    assert step.text("nl") == "vectoren berekenen voor 14.203 verschillende teksten (na de eerste keer bewaard op schijf)…"
    assert TrainingStep("embedded", {"done": 1024, "total": 14203}).text("pl") == "  gotowe: 1\xa0024 z 14\xa0203 tekstów"
    with pytest.raises(ValueError, match="unknown training step 'lexical'"):
        TrainingStep("lexical", {})


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("variant,said", [
    ("everywhere", {"en": "everywhere", "pl": "wszędzie", "no": "overalt", "sv": "överallt", "he": "בכל מקום",
                    "nl": "overal"}),
    ("gated+prior", {"en": "through a domain gate, with its data's label mix as a prior",
                     "pl": "przez bramkę domeny, z rozkładem etykiet", "no": "gjennom en domeneport, med dataenes",
                     "sv": "genom en domänspärr, med datans", "he": "דרך שער תחום, עם התפלגות התוויות",
                     "nl": "via een domeinpoort, met de labelverdeling"}),
    ("not_written", {"en": "changes nothing: not written", "pl": "nie zapisano", "no": "ikke skrevet",
                     "sv": "skrevs inte", "he": "לא נכתב", "nl": "niet weggeschreven"}),
])
def test_what_a_word_model_chose_is_said_in_every_language(language, variant, said):
    text = TrainingStep("word_model", {**WORD_MODEL, "variant": variant}).text(language)
    assert said[language] in text
    assert "beta=2.0" in text and text.endswith(": gated: beta=0.0: 0.700 / 0.910")  # parameters and scores as tried
    assert ("5,181" if language in ("en", "he") else "5.181" if language == "nl" else "5\xa0181") in text


def test_training_reports_only_steps_that_have_sentences():
    source = Path(training.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'TrainingStep\("(\w+)"', source))
    assert used and used <= STEP_CODES
