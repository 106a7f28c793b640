"""The tone lexicons know how customers complain, in all six languages, phrases included."""
from __future__ import annotations

import pytest

from postguard.campaigns.features import lexicon, lexicon_negativity
from postguard.languages import LANGUAGES

#: Complaints as campaign members write them: unfortunately, charged twice, nobody answers, it gets
#: worse, the money is gone, stay away, fed up, still waiting, never replied.
COMPLAINTS = {
    "en": ["Unfortunately they charged me twice and nobody answers.", "It keeps getting worse, my money is gone.",
           "They cancelled my order without a word, stay away.", "I wasted two months, I'm fed up.",
           "Still waiting for an answer after three weeks.", "They overcharged me and never replied."],
    "pl": ["Niestety pobrali opłatę dwa razy i nikt nie odpowiada.", "Jest coraz gorzej, moje pieniądze przepadły.",
           "Anulowali zamówienie bez słowa, trzymajcie się z daleka.", "Zmarnowałem dwa miesiące, mam dość.",
           "Nadal czekam na odpowiedź od trzech tygodni.", "Pobrali za dużo i nigdy nie odpisali."],
    "no": ["Dessverre ble jeg belastet to ganger og ingen svarer.", "Det blir bare verre, pengene mine er borte.",
           "De kansellerte bestillingen uten et ord, hold dere unna.", "Jeg kastet bort to måneder, jeg har fått nok.",
           "Venter fortsatt på svar etter tre uker.", "De tok for mye betalt og svarte aldri."],
    "sv": ["Tyvärr drog de pengar två gånger och ingen svarar.", "Det blir bara värre, mina pengar är borta.",
           "De avbokade min beställning utan ett ord, håll er borta.", "Jag slösade bort två månader, jag har fått nog.",
           "Väntar fortfarande på svar efter tre veckor.", "De tog för mycket betalt och svarade aldrig."],
    "nl": ["Helaas hebben ze twee keer afgeschreven en niemand reageert.", "Het wordt alleen maar erger, mijn geld is weg.",
           "Ze annuleerden mijn bestelling zonder een woord, blijf weg.", "Ik heb twee maanden verspild, ik ben het zat.",
           "Nog steeds geen antwoord na drie weken.", "Ze rekenden te veel en reageerden nooit."],
    "he": ["לצערי חייבו אותי פעמיים ואף אחד לא עונה.", "זה רק מחמיר, הכסף שלי נעלם.",
           "ביטלו את ההזמנה בלי מילה, תימנעו מהם.", "בזבזתי חודשיים, נמאס לי.",
           "עדיין מחכה לתשובה אחרי שלושה שבועות.", "גבו ממני יותר מדי ואף פעם לא ענו."],
}
PRAISE = {
    "en": "Thank you, great service and a friendly team.", "pl": "Dziękuję, świetna obsługa i miły zespół.",
    "no": "Takk, flott service og et hyggelig team.", "sv": "Tack, bra service och ett trevligt team.",
    "nl": "Bedankt, geweldige service en een vriendelijk team.", "he": "תודה, שירות מעולה וצוות נחמד.",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_complaints_read_as_negative(language):
    missed = [text for text in COMPLAINTS[language] if lexicon_negativity(text, language) < 0.5]
    assert missed == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_praise_stays_positive(language):
    assert lexicon_negativity(PRAISE[language], language) == 0.0


def test_phrases_match_word_by_word_and_are_not_negated():
    english = lexicon("en")
    assert english.score("just stay away from them".split()) == (1, 0)
    assert english.score("stay here".split()) == (0, 0)  # only the whole phrase counts
    # A phrase is read before its first word is taken as a negator: "לא מקצועי" is negative, once.
    assert lexicon("he").score("שירות לא מקצועי".split()) == (1, 0)
    # "nigdy nie odpisali" (never answered) is a complaint, not a double negation turned positive.
    assert lexicon("pl").score("nigdy nie odpisali".split()) == (1, 0)
    # A Hebrew prefix letter on the phrase's first word: "ולא עונה" (and does not answer).
    assert lexicon("he").score("ולא עונה".split()) == (1, 0)
