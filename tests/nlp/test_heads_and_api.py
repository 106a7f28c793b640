"""The committed heads answer every task in every language, the way a user of classify sees it."""
from __future__ import annotations

import pytest

from postguard.languages import LANGUAGES
from postguard.nlp.api import analyse, classify, heads
from postguard.nlp.embedder import default_embedder
from postguard.nlp.tasks import TASKS
from postguard.errors import UsageError

#: Not in the training files: written for this test.
FRIENDLY = {
    "en": "Thank you so much, the new meter works perfectly.",
    "pl": "Bardzo dziękuję, nowy licznik działa bez zarzutu.",
    "no": "Tusen takk, den nye måleren fungerer perfekt.",
    "sv": "Tack så mycket, den nya mätaren fungerar perfekt.",
    "he": "תודה רבה, המונה החדש עובד מצוין.",
    "nl": "Heel erg bedankt, de nieuwe meter werkt perfect.",
}
HOSTILE = {
    "en": "You brainless idiots can't even install a meter properly.",
    "pl": "Wy bezmózgie idioty nie potraficie nawet porządnie zamontować licznika.",
    "no": "Dere hjernedøde idioter klarer ikke engang å montere en måler.",
    "sv": "Ni hjärnlösa idioter kan inte ens montera en mätare ordentligt.",
    "he": "אתם אידיוטים חסרי מוח שלא מסוגלים אפילו להתקין מונה כמו שצריך.",
    "nl": "Jullie hersenloze idioten kunnen niet eens een meter fatsoenlijk installeren.",
}


def test_heads_are_trained_on_the_configured_embedder_with_every_language_centred():
    headset = heads()
    assert set(headset.heads) == set(TASKS)
    for head in headset.heads.values():
        assert head.embedder == default_embedder().name
    assert set(LANGUAGES) <= set(headset.centres.by_language)
    for task in ("abuse", "threat"):
        assert set(LANGUAGES) <= set(headset.head(task).calibration)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hostile_and_friendly_are_told_apart_in_every_language(lang):
    friendly, hostile = classify([FRIENDLY[lang], HOSTILE[lang]], "abuse", [lang, lang])
    assert friendly.label == "ok" and hostile.label == "abusive", (friendly.scores, hostile.scores)
    sentiment = classify([FRIENDLY[lang]], "sentiment", [lang])[0]
    assert sentiment.label == "positive", sentiment.scores


def test_analyse_answers_every_task_with_scores_that_sum_to_one_and_detects_language():
    result = analyse(["Jeg vil ha pengene tilbake for billetten, den ble avlyst."])[0]
    assert set(result) == set(TASKS)
    assert result["situation"].label == "refund_request"
    assert result["situation"].language == "no"
    for prediction in result.values():
        assert abs(sum(prediction.scores.values()) - 1) < 0.01


def test_unknown_task_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown task"):
        analyse(["x"], tasks=("toxicity",))
