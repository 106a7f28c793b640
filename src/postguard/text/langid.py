"""Language identification restricted to the first-class languages, loaded once, lazily.

Social posts are short and full of things that are in no language: links, @mentions,
#hashtags (often English inside a Polish post), e-mail addresses, numbers and emoji.
Those are removed before detection. Hebrew script decides Hebrew at once. Lingua is
restricted to our languages plus Danish and German, so a German post is not forced
into Dutch; Danish is kept apart because Bokmål is so close to it that lingua often
says "Danish" for Norwegian: a Danish verdict becomes Norwegian unless the text has
words only Danish uses.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..languages import LANGUAGES

_MIN_CONFIDENCE = 0.3
#: Fewer letters than this (after cleaning) are not enough to say anything.
MIN_LETTERS = 3
#: Below this many letters lingua is unreliable; we then need a clearer lead.
SHORT_TEXT = 25
_SHORT_MIN_CONFIDENCE = 0.2

_NOISE = regex.compile(
    r"(?:https?://|www\.)\S+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+|[@#][\p{L}\p{N}_]+|\p{N}+",
    regex.IGNORECASE,
)
_HEBREW_LETTER = regex.compile(r"[\u05d0-\u05ea]")
_LATIN_LETTER = regex.compile(r"\p{Latin}")
#: Words Danish writes and Norwegian (bokmål and nynorsk) does not.
_DANISH_ONLY = regex.compile(
    r"(?<!\p{L})(?:af|hvad|mig|dig|sig|efter|nu|købe|sprog|meget|spørgsmål|også gerne|tak for|"
    r"igennem|venlig|hilsen|rigtig|ikk'|sjov|pige|drenge)(?!\p{L})",
    regex.IGNORECASE,
)
_NORWEGIAN_ONLY = regex.compile(
    r"(?<!\p{L})(?:ikke|jeg|hva|meg|deg|seg|etter|nå|kjøpe|språk|veldig|takk|gjennom|"
    r"jobb|jobben|butikken|kveld|ikkje|eg|kva|korleis)(?!\p{L})",
    regex.IGNORECASE,
)


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.POLISH, Language.BOKMAL, Language.NYNORSK, Language.SWEDISH,
                 Language.HEBREW, Language.DUTCH, Language.ENGLISH, Language.DANISH, Language.GERMAN]
    return LanguageDetectorBuilder.from_languages(*languages).build()


_LINGUA_TO_OURS = {"pl": "pl", "nb": "no", "nn": "no", "sv": "sv", "he": "he", "nl": "nl", "en": "en"}


def clean_for_detection(text: str) -> str:
    """The text without links, e-mail addresses, mentions, hashtags and numbers."""
    return " ".join(_NOISE.sub(" ", text).split())


def detect_language(text: str) -> tuple[str | None, float]:
    """(language, confidence); language is None when the text is not one of ours."""
    cleaned = clean_for_detection(text)
    letters = sum(ch.isalpha() for ch in cleaned)
    if letters < MIN_LETTERS:
        return None, 0.0
    hebrew = len(_HEBREW_LETTER.findall(cleaned))
    if hebrew and hebrew * 2 >= len(_LATIN_LETTER.findall(cleaned)):
        return "he", 1.0
    values = _detector().compute_language_confidence_values(cleaned)
    if not values:
        return None, 0.0
    # Choose among lingua's own languages (a Swedish text often gets Bokmål and Nynorsk
    # shares that together beat Swedish), then report Bokmål/Nynorsk as "no" with their
    # summed confidence.
    scores = {item.language.iso_code_639_1.name.lower(): item.value for item in values}
    best = max(scores, key=scores.__getitem__)
    if best == "da" and not _looks_danish(cleaned):
        best = "nb"
    confidence = scores.get("nb", 0.0) + scores.get("nn", 0.0) + scores.get("da", 0.0) if best in ("nb", "nn") \
        else scores[best]
    best = _LINGUA_TO_OURS.get(best, best)
    threshold = _SHORT_MIN_CONFIDENCE if letters < SHORT_TEXT else _MIN_CONFIDENCE
    if best not in LANGUAGES or confidence < threshold:
        return None, confidence
    return best, confidence


def _looks_danish(text: str) -> bool:
    """More Danish-only words than Norwegian-only words."""
    return len(_DANISH_ONLY.findall(text)) > len(_NORWEGIAN_ONLY.findall(text))


assert set(_LINGUA_TO_OURS.values()) == set(LANGUAGES)
