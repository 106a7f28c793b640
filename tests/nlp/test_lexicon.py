"""The abuse head's own word lists (``nlp/lexicon.py``): the same kinds of words in every language."""
import pytest

from postguard.nlp.lexicon import hits

#: One insult per kind on the lists, in every language: an insult must not weigh less for its language.
USELESS = {
    "en": "Our new intern is completely useless.",
    "pl": "Nasz nowy stażysta jest kompletnie bezużyteczny.",
    "no": "Den nye praktikanten vår er helt ubrukelig.",
    "sv": "Vår nya praktikant är helt värdelös.",
    "he": "המתמחה החדש שלנו חסר תועלת לגמרי.",
    "nl": "Onze nieuwe stagiair is volkomen nutteloos.",
}
PATHETIC = {
    "en": "What a pathetic excuse for a manager.",
    "pl": "Co za żałosny kierownik.",
    "no": "For en patetisk leder.",
    "sv": "Vilken patetisk chef.",
    "he": "איזה מנהל פתטי.",
    "nl": "Wat een zielige manager.",
}
IMBECILE = {
    "en": "Only an imbecile would sign that contract.",
    "pl": "Tylko imbecyl podpisałby tę umowę.",
    "no": "Bare en imbesil ville signert den kontrakten.",
    "sv": "Bara en imbecill skulle skriva under det avtalet.",
    "he": "רק אימבציל יחתום על החוזה הזה.",
    "nl": "Alleen een imbeciel zou dat contract tekenen.",
}


@pytest.mark.parametrize("language", sorted(USELESS))
def test_every_language_lists_the_same_kinds_of_insult(language):
    for kind in (USELESS, PATHETIC, IMBECILE):
        assert hits(kind[language], language) == 1, kind[language]


def test_a_phrase_counts_once_and_takes_a_hebrew_prefix_on_its_first_word():
    assert hits("היא פרה עצלנית וחסרת תועלת", "he") == 1  # ו+חסרת תועלת
    assert hits("העובדים האלה חסרי ערך", "he") == 1


def test_the_words_of_a_phrase_alone_are_innocent():
    assert hits("התועלת של המוצר ברורה", "he") == 0  # "the benefit of the product is clear"
    assert hits("חסר לי מידע על ההזמנה", "he") == 0  # "I am missing information about the order"


def test_disguises_and_other_languages_fall_back_as_before():
    assert hits("fuuuuck you, idi0t", "en") == 2  # stretched letters, leetspeak
    assert hits("you idiot", "xx") == 1  # an unknown language reads the English list
