"""What the detector reads from a comment's text: a matching key, shingles, links, tags, tone.

Everything here is cheap and pure. The detector calls it only for comments in threads that
are busy enough to matter, so most of a large stream never pays for it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from ruamel.yaml import YAML

from ..languages import LANGUAGES, normalise_language

#: ``negativity(text, language) -> [0, 1]``: the share of evidence that the comment is negative.
#: The default is a per-language lexicon; a trained classifier from ``postguard.nlp`` fits here.
Sentiment = Callable[[str, "str | None"], float]

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_MENTION = re.compile(r"(?<!\w)@\w+")
_HASHTAG = re.compile(r"(?<!\w)#(\w{2,})")
_NOT_WORD = re.compile(r"[\W\d_]+")
_WORD = re.compile(r"\w+")
#: Hebrew one-letter prefixes (and, the, in, to, from, that, as) glued to the next word.
_HE_PREFIXES = "והבלמשכ"

_NONE: frozenset[str] = frozenset()
SHINGLE = 4
#: Shorter texts ("lol", "+1") are too common to say anything about coordination.
MIN_MATCH_CHARS = 24


def matching_key(text: str) -> str:
    """Case-folded letters and single spaces: links, mentions, digits and punctuation removed."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _MENTION.sub(" ", text)
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def shingles(key: str) -> list[str] | None:
    """Character 4-grams of a matching key, or None when the text is too short to compare."""
    if len(key) < MIN_MATCH_CHARS:
        return None
    return list({key[i:i + SHINGLE] for i in range(len(key) - SHINGLE + 1)})


def links(text: str) -> frozenset[str]:
    """Links reduced to host and path, so tracking parameters do not hide a shared link."""
    if "://" not in text and "www." not in text:
        return _NONE
    found = set()
    for url in _URL.findall(text):
        url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).split("?")[0].split("#")[0].rstrip("/.,;:!")
        if url:
            found.add(url)
    return frozenset(found)


def hashtags(text: str) -> frozenset[str]:
    if "#" not in text:
        return _NONE
    return frozenset(tag.casefold() for tag in _HASHTAG.findall(text))


class Lexicon:
    """Negative and positive word stems of one language, matched as word prefixes."""

    def __init__(self, negative: list[str], positive: list[str], negators: list[str], hebrew: bool = False):
        self.negative = frozenset(w.casefold() for w in negative)
        self.positive = frozenset(w.casefold() for w in positive)
        self.negators = frozenset(w.casefold() for w in negators)
        self.lengths = sorted({len(w) for w in self.negative | self.positive})
        self.hebrew = hebrew

    def _polarity(self, word: str) -> int:
        candidates = [word]
        if self.hebrew and len(word) > 3 and word[0] in _HE_PREFIXES:
            candidates.append(word[1:])
        for candidate in candidates:
            for size in self.lengths:
                if size > len(candidate):
                    break
                stem = candidate[:size]
                if stem in self.negative:
                    return -1
                if stem in self.positive:
                    return 1
        return 0

    def score(self, words: list[str]) -> tuple[int, int]:
        negative = positive = 0
        flip = False
        for word in words:
            if word in self.negators:
                flip = True
                continue
            polarity = self._polarity(word)
            if flip and polarity:
                polarity = -polarity
            flip = False
            if polarity < 0:
                negative += 1
            elif polarity > 0:
                positive += 1
        return negative, positive


@lru_cache(maxsize=None)
def lexicon(language: str) -> Lexicon:
    """The bundled lexicon of a first-class language (read once)."""
    path = resources.files("postguard.campaigns").joinpath("data", "sentiment", f"{language}.yaml")
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}
    return Lexicon(data.get("negative", []), data.get("positive", []), data.get("negators", []), language == "he")


def lexicon_negativity(text: str, language: str | None = None) -> float:
    """Default :data:`Sentiment`: negative stems against positive ones, with simple negation.

    Without a known language every bundled lexicon votes and the most negative counts.
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return 0.0
    lang = normalise_language(language) if language else None
    best = 0.0
    for code in (lang,) if lang else LANGUAGES:
        negative, positive = lexicon(code).score(words)
        if negative:
            best = max(best, negative / (negative + positive))
    return best
