"""Language identification restricted to the first-class languages, loaded once, lazily."""
from __future__ import annotations

from functools import lru_cache

from ..languages import LANGUAGES

_MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.POLISH, Language.BOKMAL, Language.NYNORSK, Language.SWEDISH,
                 Language.HEBREW, Language.DUTCH, Language.ENGLISH, Language.DANISH, Language.GERMAN]
    return LanguageDetectorBuilder.from_languages(*languages).build()


_LINGUA_TO_OURS = {"pl": "pl", "nb": "no", "nn": "no", "sv": "sv", "he": "he", "nl": "nl", "en": "en"}


def detect_language(text: str) -> tuple[str | None, float]:
    """(language, confidence); language is None when the text is not one of ours."""
    if not any(ch.isalpha() for ch in text):
        return None, 0.0
    if any("\u0590" <= ch <= "\u05ff" for ch in text):
        return "he", 1.0
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    # Bokmål and Nynorsk are both "no": add their confidences before choosing.
    totals: dict[str, float] = {}
    for item in values:
        code = item.language.iso_code_639_1.name.lower()
        key = _LINGUA_TO_OURS.get(code, code)
        totals[key] = totals.get(key, 0.0) + item.value
    best, confidence = max(totals.items(), key=lambda kv: kv[1])
    if best not in LANGUAGES or confidence < _MIN_CONFIDENCE:
        return None, confidence
    return best, confidence


assert set(_LINGUA_TO_OURS.values()) == set(LANGUAGES)
