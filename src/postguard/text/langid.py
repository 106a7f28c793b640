"""Language identification restricted to the first-class languages, loaded once, lazily.

Social posts are short and full of things that are in no language: links, @mentions,
#hashtags (often English inside a Polish post), e-mail addresses, numbers and emoji.
Those are removed before detection. Hebrew script decides Hebrew at once. Lingua is
restricted to our languages plus Danish and German, so a German post is not forced
into Dutch; Danish is kept apart because Bokmål is so close to it that lingua often
says "Danish" for Norwegian: a Danish verdict becomes Norwegian unless the text has
words only Danish uses.

A second, wider detector names the language of a Latin-script text that is clearly in none
of ours (German, French, Spanish, Italian, Portuguese, Finnish), and a text mostly in a
script other than Latin or Hebrew is tagged by its script (``und-Cyrl``, ``und-Arab``, …),
so that the check can say "written in a language the checks do not read" instead of
forcing a French post into English rules or passing a German one as checked. It never
chooses another first-class language than the first detector: it either says "not ours", or,
when the first detector's lead is below its threshold, confirms it by putting the same
language first (English that scored 0.25 was left undecided and so unchecked).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..languages import LANGUAGES

_MIN_CONFIDENCE = 0.3
#: Fewer letters than this (after cleaning) are not enough to say anything.
MIN_LETTERS = 3
#: Below this many letters lingua is unreliable; we then need a clearer lead.
SHORT_TEXT = 25
_SHORT_MIN_CONFIDENCE = 0.2
#: The wider detector calls a text "other" only when that language scores this many times the
#: best first-class one (chosen on the first-class dev data, where it changes almost nothing:
#: benchmarks/langid_accuracy.py).
_OTHER_MARGIN = 2.0
#: Fewer letters than this ("Kolla", "Se her") are too few to name a language that is not ours.
_OTHER_MIN_LETTERS = 10

_NOISE = regex.compile(
    r"(?:https?://|www\.)\S+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+|[@#][\p{L}\p{N}_]+|\p{N}+",
    regex.IGNORECASE,
)
_HEBREW_LETTER = regex.compile(r"[\u05d0-\u05ea]")
_LATIN_LETTER = regex.compile(r"\p{Latin}")
#: ISO 15924 codes of the other scripts a text may be written in, for ``und-Xxxx`` tags.
_SCRIPTS = {tag: regex.compile(rf"\p{{Script={name}}}") for tag, name in (
    ("Cyrl", "Cyrillic"), ("Arab", "Arabic"), ("Grek", "Greek"), ("Hani", "Han"), ("Hira", "Hiragana"),
    ("Kana", "Katakana"), ("Hang", "Hangul"), ("Deva", "Devanagari"), ("Thai", "Thai"), ("Armn", "Armenian"),
    ("Geor", "Georgian"), ("Beng", "Bengali"), ("Taml", "Tamil"), ("Ethi", "Ethiopic"))}
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


#: lingua's names of the languages the first detector chooses among: ours, Danish and German.
_NARROW = ("POLISH", "BOKMAL", "NYNORSK", "SWEDISH", "HEBREW", "DUTCH", "ENGLISH", "DANISH", "GERMAN")
#: What the wider detector adds: the languages employees most often write in otherwise.
_OTHERS = ("FRENCH", "SPANISH", "ITALIAN", "PORTUGUESE", "FINNISH")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in _NARROW)).build()


@lru_cache(maxsize=1)
def _wide_detector():
    """The first detector's languages and ``_OTHERS`` (all in Latin script: a text in another
    script is told by its letters, see ``_script_tag``)."""
    from lingua import Language, LanguageDetectorBuilder

    names = (*_NARROW, *_OTHERS)
    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in names)).build()


@dataclass(frozen=True)
class Identification:
    """What a text is written in: a first-class ``language``, or None with, when the text is
    clearly in another language, that language's ISO 639-1 code (or, for another script, a
    tag such as ``und-Cyrl``) as ``other``."""

    language: str | None
    confidence: float
    other: str | None = None
    #: Letters left after links, mentions, hashtags and numbers are removed.
    letters: int = 0

    @property
    def unread(self) -> str | None:
        """The language the checks cannot read: ``other``, or ``"und"`` for a text long enough to
        be in some language that could not be told; None when the text is ours or too short."""
        if self.language is not None:
            return None
        if self.other:
            return self.other
        return "und" if self.letters >= SHORT_TEXT else None


_LINGUA_TO_OURS = {"pl": "pl", "nb": "no", "nn": "no", "sv": "sv", "he": "he", "nl": "nl", "en": "en"}


def clean_for_detection(text: str) -> str:
    """The text without links, e-mail addresses, mentions, hashtags and numbers."""
    return " ".join(_NOISE.sub(" ", text).split())


def detect_language(text: str) -> tuple[str | None, float]:
    """(language, confidence); language is None when the text is not one of ours."""
    found = identify(text)
    return found.language, found.confidence


def identify(text: str) -> Identification:
    """The first-class language of ``text``, or the other language it is clearly written in."""
    cleaned = clean_for_detection(text)
    letters = sum(ch.isalpha() for ch in cleaned)
    if letters < MIN_LETTERS:
        return Identification(None, 0.0, letters=letters)
    hebrew, latin = len(_HEBREW_LETTER.findall(cleaned)), len(_LATIN_LETTER.findall(cleaned))
    if hebrew and hebrew * 2 >= latin:
        return Identification("he", 1.0, letters=letters)
    if (hebrew + latin) * 2 < letters:  # mostly another script: none of ours, whatever the words
        return Identification(None, 1.0, _script_tag(cleaned), letters)
    language, confidence, lingua_best = _first_class(cleaned, letters)
    if letters < _OTHER_MIN_LETTERS:
        return Identification(language, confidence, letters=letters)
    scores = _wide_scores(cleaned)
    other = _other_language(scores)
    if other is not None:
        return Identification(None, other[1], other[0], letters)
    if language is None and lingua_best in ("da", "de"):  # the narrow detector already knows these two
        return Identification(None, confidence, lingua_best, letters)
    wide_best = max(scores, key=scores.__getitem__, default=None)
    if language is None and lingua_best in _LINGUA_TO_OURS \
            and _LINGUA_TO_OURS.get(wide_best or "") == _LINGUA_TO_OURS[lingua_best]:
        # Below the narrow detector's threshold, but both detectors put the same language first.
        return Identification(_LINGUA_TO_OURS[lingua_best], confidence, letters=letters)
    return Identification(language, confidence, letters=letters)


def _script_tag(cleaned: str) -> str:
    """``und-Cyrl``, ``und-Arab``, …: a BCP 47 tag for "a language in this script" (naming the
    language itself would load a detector model per script for no decision of ours)."""
    counts = {tag: len(pattern.findall(cleaned)) for tag, pattern in _SCRIPTS.items()}
    tag = max(counts, key=counts.__getitem__)
    return f"und-{tag}" if counts[tag] else "und"


def _wide_scores(cleaned: str) -> dict[str, float]:
    values = _wide_detector().compute_language_confidence_values(cleaned)
    return {item.language.iso_code_639_1.name.lower(): item.value for item in values}


def _other_language(scores: dict[str, float]) -> tuple[str, float] | None:
    """(ISO code, confidence) of a language that is not ours and clearly beats all of ours."""
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    if best in _LINGUA_TO_OURS or best == "da":  # Danish is read as Norwegian (see above)
        return None
    ours = max((scores.get(code, 0.0) for code in (*_LINGUA_TO_OURS, "da")), default=0.0)
    return (best, scores[best]) if scores[best] >= _OTHER_MARGIN * ours else None


def _first_class(cleaned: str, letters: int) -> tuple[str | None, float, str | None]:
    """(first-class language or None, its confidence, lingua's own best code)."""
    values = _detector().compute_language_confidence_values(cleaned)
    if not values:
        return None, 0.0, None
    # Choose among lingua's own languages (a Swedish text often gets Bokmål and Nynorsk
    # shares that together beat Swedish), then report Bokmål/Nynorsk as "no" with their
    # summed confidence.
    scores = {item.language.iso_code_639_1.name.lower(): item.value for item in values}
    best = max(scores, key=scores.__getitem__)
    if best == "da" and not _looks_danish(cleaned):
        best = "nb"
    confidence = scores.get("nb", 0.0) + scores.get("nn", 0.0) + scores.get("da", 0.0) if best in ("nb", "nn") \
        else scores[best]
    ours = _LINGUA_TO_OURS.get(best)
    threshold = _SHORT_MIN_CONFIDENCE if letters < SHORT_TEXT else _MIN_CONFIDENCE
    if ours is None or confidence < threshold:
        return None, confidence, best
    return ours, confidence, best


def _looks_danish(text: str) -> bool:
    """More Danish-only words than Norwegian-only words."""
    return len(_DANISH_ONLY.findall(text)) > len(_NORWEGIAN_ONLY.findall(text))


assert set(_LINGUA_TO_OURS.values()) == set(LANGUAGES)
