"""Conduct word lists: inflection, disguise, cross-language innocence, policy words."""
from __future__ import annotations

import pytest

import postguard
from postguard import CheckContext
from postguard.policy.loader import load_policy_text

POLICY = """
version: 1
policy: {name: Test, revision: "1"}
organisation: {name: Fjordline, support_url: https://fjordline.example}
speakers: {model: strict}
rules:
  extra_profanity:
    no: [skitsekk]
    en: [frak*]
"""


def found(text: str, language: str, code: str = "PG401") -> list[str]:
    report = postguard.check(text, load_policy_text(POLICY), CheckContext(language=language))
    return [f.excerpt for f in report.findings if f.code == code]


@pytest.mark.parametrize("text,language,word", [
    ("ale wkurwiony klient", "pl", "wkurwiony"),
    ("spierdalaj", "pl", "spierdalaj"),
    ("ВЫ fuсk", "en", "fuсk"),  # Cyrillic с
    ("וְהַזּוֹנוֹת האלה", "he", "וְהַזּוֹנוֹת"),
    ("f.u.c.k.i.n.g hell", "en", "f.u.c.k.i.n.g"),
    ("k u r w a", "pl", "k u r w a"),
])
def test_inflected_and_disguised_forms(text, language, word):
    assert found(text, language) == [word]


@pytest.mark.parametrize("text,language", [
    ("Rean är slut, tack!", "sv"),           # English list, Swedish "end"
    ("Hoe laat gaan jullie open?", "nl"),    # Dutch "how"
    ("Full fart på lageret", "no"),          # Norwegian "speed"
    ("Kocken lagar mat", "sv"),
    ("כוס קפה", "he"),
    ("Scunthorpe assistant passes the class", "en"),
])
def test_innocent_words_stay_clean(text, language):
    assert found(text, language) == []


def test_policy_adds_words_per_language():
    assert found("For en skitsekk", "no") == ["skitsekk"]
    assert found("Frakking printer", "en") == ["Frakking"]
    assert found("For en skitsekk", "sv") == []


def test_insult_needs_a_target():
    assert found("Du är en idiot", "sv", "PG402") == ["idiot"]
    assert found("Idiotsäker installation", "sv", "PG402") == []


@pytest.mark.parametrize("text,language", [
    ("Ten sukces to zasługa całego zespołu, ty też!", "pl"),
    ("Moja ciotka kupiła sukienkę, a pan baraninę", "pl"),
    ("Psychologia klienta: ty decydujesz", "pl"),
    ("Pedały w rowerach służbowych wymienione", "pl"),
    ("Vi öppnar en butik i Fittja, välkommen du också", "sv"),
    ("Wij lopen voor KWF tegen kanker, doe jij mee?", "nl"),
    ("You found the chink in the armour of our competitor", "en"),
    ("הוא צחצח שיניים ואתה מפגר בתשלומים", "he"),
])
def test_ordinary_words_that_contain_or_resemble_listed_words_stay_clean(text, language):
    report = postguard.check(text, load_policy_text(POLICY), CheckContext(language=language))
    assert [f.excerpt for f in report.findings if f.code.startswith("PG40")] == []
