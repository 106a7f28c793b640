"""Policy terms are found in inflected forms in six languages, with spans on the original text."""
from __future__ import annotations

import pytest

from postguard.policy.loader import load_policy_text
from postguard.text.terms import TermEntry, TermMatcher, fold, policy_terms

FALCON = TermEntry("confidential_project", "Projekt Sokół")
MATCHER = TermMatcher([
    (FALCON, ["Projekt Sokół", "Project Falcon", "פרויקט פלקון", "Prosjekt Falk", "Project Valk"]),
    (TermEntry("unreleased_product", "Aurora"), ["Aurora"]),
    (TermEntry("internal_tool", "Ion"), ["Ion"]),
    (TermEntry("confidential_project", "Project X"), ["Project X"]),
])


def found(text: str, language: str) -> list[str]:
    return [text[m.start:m.end] for m in MATCHER.find(text, language)]


@pytest.mark.parametrize("text,expected", [
    ("Pracuję przy projekcie Sokół.", ["projekcie Sokół"]),
    ("Termin projektu Sokoła to piątek.", ["projektu Sokoła"]),
    ("Chwalimy się Sokołem.", ["Sokołem"]),
    ("Rozmawialiśmy o Sokole i o Aurorze.", ["Sokole", "Aurorze"]),
    ("PROJEKTU SOKOŁA nie wolno wymieniać.", ["PROJEKTU SOKOŁA"]),
    ("Bez polskich znaków: projektu Sokola.", ["projektu Sokola"]),
    ("Premiera Aurory i zdjęcia z Aurorą.", ["Aurory", "Aurorą"]),
])
def test_polish_declension(text, expected):
    assert found(text, "pl") == expected


@pytest.mark.parametrize("text,expected", [
    ("עבדתי היום בפרויקט פלקון", ["בפרויקט פלקון"]),
    ("ופלקון עוד לא גמור", ["ופלקון"]),
    ("שלחתי לפלקון ומפלקון ושבפלקון", ["לפלקון", "ומפלקון", "ושבפלקון"]),
    ("אנחנו ב-Falcon עכשיו", ["Falcon"]),
])
def test_hebrew_prefix_letters(text, expected):
    assert found(text, "he") == expected


def test_hebrew_is_never_folded_to_latin():
    hebrew = "בפרויקט פלקון שלום"
    folded = fold(hebrew)
    assert len(folded) == len(hebrew)
    assert all(not ("a" <= ch <= "z") for ch in folded)
    # Only final letters are normalised (ם→מ, ן→נ) so that suffixes compare equal.
    assert folded == "בפרויקט פלקונ שלומ"


@pytest.mark.parametrize("language,text,expected", [
    ("no", "Falk-prosjektet og Falken er i rute, Falkens team også.", ["Falk-prosjektet", "Falken", "Falkens"]),
    ("sv", "Auroran lanseras snart, Aurorans pris är hemligt.", ["Auroran", "Aurorans"]),
    ("nl", "De Aurora's staan klaar in het Project Valk magazijn.", ["Aurora's", "Project Valk"]),
    ("en", "Project Falcon's budget and the Falcons team.", ["Project Falcon's", "Falcons"]),
])
def test_nordic_dutch_and_english_endings(language, text, expected):
    assert found(text, language) == expected


@pytest.mark.parametrize("language,text", [
    ("pl", "Jedziemy do Sokółki na weekend."),
    ("en", "A falconer showed us his birds, and superfalcon is a game."),
    ("en", "We met Iona and the ions in the lab."),
    ("en", "Project management in X is fun."),
    ("pl", "Nowy projekt wystartował."),
])
def test_no_hit_inside_other_words_or_on_short_or_generic_words(language, text):
    assert found(text, language) == []


def test_short_names_match_exactly_and_case_insensitively():
    assert found("We moved reports to ION yesterday.", "en") == ["ION"]


def test_spans_are_offsets_in_the_original_text():
    text = "Ẓ̌ emoji 🎉 and ŁÓDŹ: projektu Sokoła!"
    (match,) = MATCHER.find(text, "pl")
    assert text[match.start:match.end] == "projektu Sokoła"
    assert match.entry is FALCON


def test_translations_in_the_policy_count_and_the_matcher_is_built_once_per_policy():
    policy = load_policy_text("""
version: 1
policy: {name: t, revision: "1"}
organisation: {name: Acme, support_url: https://acme.example}
speakers: {model: open}
sensitive:
  confidential_projects:
    - name: Projekt Sokół
      translations: {he: פרויקט פלקון, en: Project Falcon}
""")
    matcher = policy_terms(policy)
    assert matcher is policy_terms(policy)
    texts = {"he": "בפרויקט פלקון", "en": "the Falcon's nest", "pl": "Sokołem"}
    for language, text in texts.items():
        assert [m.entry.name for m in matcher.find(text, language)] == ["Projekt Sokół"], language
    other = policy.model_copy()
    assert policy_terms(other) is not matcher


def test_a_long_name_is_not_found_in_a_short_word_one_letter_off_its_stem():
    routine = TermMatcher([(TermEntry("security_routine", "Nattlås"), ["Nattlås"])])
    text = "Takk til montørene som jobbet hele natten. Nattlåsen er på."
    assert [text[m.start:m.end] for m in routine.find(text, "no")] == ["Nattlåsen"]


@pytest.mark.parametrize("language,text,expected", [
    ("no", "Falkprosjektet er forsinket.", ["Falkprosjektet"]),
    ("sv", "Falkprojektets budget är hemlig.", ["Falkprojektets"]),
    ("nl", "Het Valkproject loopt uit.", ["Valkproject"]),
    ("no", "Falkenbergprosjektet er offentlig.", []),
])
def test_closed_compounds_with_a_generic_word(language, text, expected):
    assert found(text, language) == expected
