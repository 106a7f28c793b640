"""The keyword baseline: clear messages in each language land in the right situation."""
from __future__ import annotations

import pytest

from postguard.inbound.situations import KeywordSituationClassifier, SituationClassifier, load_patterns
from postguard.languages import LANGUAGES
from postguard.policy.schema import SITUATIONS

CASES = [
    ("en", "Thank you so much for fixing the meter so quickly!", "praise"),
    ("en", "How do I move my contract to a new address?", "question"),
    ("en", "I have waited three weeks and still no answer. Unacceptable.", "complaint"),
    ("en", "You charged me twice in October, I want a refund.", "refund_request"),
    ("en", "I left a one-star review on Trustpilot because of you.", "public_review_complaint"),
    ("en", "The price on your website is wrong, it says 0.89 but I pay 1.20.", "incorrect_information"),
    ("en", "This company are thieves and steal from customers.", "libel"),
    ("en", "You used my photo without permission, take it down.", "copyright_claim"),
    ("en", "I know where you live. You will regret this.", "threat"),
    ("en", "Your agent is a complete idiot.", "harassment"),
    ("en", "Get 5000 followers today at bit.ly/cheapfans", "spam"),
    ("en", "hello", "other"),
    ("pl", "Dziękuję za szybką pomoc, jesteście super!", "praise"),
    ("pl", "Czy mogę zmienić taryfę od przyszłego miesiąca?", "question"),
    ("pl", "Proszę o zwrot pieniędzy, pobraliście opłatę podwójnie.", "refund_request"),
    ("pl", "Wykorzystaliście moje zdjęcie bez mojej zgody!", "copyright_claim"),
    ("pl", "Ta firma to oszuści, okradają klientów.", "libel"),
    ("no", "Tusen takk for god hjelp i dag!", "praise"),
    ("no", "Jeg har skrevet en dårlig anmeldelse på Google.", "public_review_complaint"),
    ("no", "Jeg vet hvor du bor, pass deg.", "threat"),
    ("no", "Prisen dere oppgir stemmer ikke.", "incorrect_information"),
    ("sv", "Jag vill ha pengarna tillbaka, ni har dragit dubbelt.", "refund_request"),
    ("sv", "Hur lång tid tar det att byta elavtal?", "question"),
    ("sv", "Vilken idiot som svarade mig i telefon.", "harassment"),
    ("he", "תודה רבה על השירות המעולה!", "praise"),
    ("he", "חויבתי פעמיים, אני רוצה החזר כספי", "refund_request"),
    ("he", "אני יודע איפה אתה גר, תצטער על זה", "threat"),
    ("he", "השתמשתם בתמונה שלי בלי רשות", "copyright_claim"),
    ("nl", "Ik wacht al drie weken en nog steeds geen reactie, schandalig!", "complaint"),
    ("nl", "Koop 10k volgers vandaag via bit.ly/volg", "spam"),
    ("nl", "Die informatie op jullie website klopt niet.", "incorrect_information"),
]


@pytest.mark.parametrize("language,text,expected", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_clear_messages(language, text, expected):
    situation, scores = KeywordSituationClassifier().classify(text, language)
    assert situation == expected, scores
    assert scores[expected] == max(scores.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_patterns_for_every_situation(language):
    covered = {p.situation for p in load_patterns(language).patterns}
    assert covered == set(SITUATIONS)
    assert load_patterns(language).urgent


def test_nothing_recognised_is_other_with_scores_that_sum_to_one():
    situation, scores = KeywordSituationClassifier().classify("Lorem ipsum dolor sit amet", "en")
    assert situation == "other" and sum(scores.values()) == pytest.approx(1.0)


def test_unknown_language_uses_every_language():
    # German is not ours; the Polish pattern for "refund of money" still catches the Polish words.
    situation, _ = KeywordSituationClassifier().classify("Proszę o zwrot pieniędzy", None)
    assert situation == "refund_request"


def test_a_threat_that_asks_a_question_is_a_threat():
    situation, scores = KeywordSituationClassifier().classify("Do you want me to come? I will burn your office.", "en")
    assert situation == "threat" and scores["question"] > 0


def test_urgency_words():
    classifier = KeywordSituationClassifier()
    assert classifier.is_urgent("Vi har strømbrudd, haster!", "no")
    assert not classifier.is_urgent("Takk for sist", "no")


def test_the_baseline_is_a_situation_classifier():
    assert isinstance(KeywordSituationClassifier(), SituationClassifier)
