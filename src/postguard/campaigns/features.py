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
    """Negative and positive word stems of one language, matched as word prefixes.

    An entry of several words ("stay away", "לא עונה") is a phrase: its words must follow each
    other, the last one matched as a stem. Phrases are tried before single words, and before a
    negator is taken as one (so "לא מקצועי" is a phrase, not a negated "מקצועי").
    """

    def __init__(self, negative: list[str], positive: list[str], negators: list[str], hebrew: bool = False):
        self.negative = frozenset(w.casefold() for w in negative if " " not in w.strip())
        self.positive = frozenset(w.casefold() for w in positive if " " not in w.strip())
        self.negators = frozenset(w.casefold() for w in negators)
        self.lengths = sorted({len(w) for w in self.negative | self.positive})
        self.hebrew = hebrew
        #: first word -> [(the phrase's words, polarity)], longest phrase first
        self.phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for entries, polarity in ((negative, -1), (positive, 1)):
            for entry in entries:
                words = tuple(entry.casefold().split())
                if len(words) > 1:
                    self.phrases.setdefault(words[0], []).append((words, polarity))
        for options in self.phrases.values():
            options.sort(key=lambda option: -len(option[0]))

    def _candidates(self, word: str) -> list[str]:
        if self.hebrew and len(word) > 3 and word[0] in _HE_PREFIXES:
            return [word, word[1:]]
        return [word]

    def _polarity(self, word: str) -> int:
        for candidate in self._candidates(word):
            for size in self.lengths:
                if size > len(candidate):
                    break
                stem = candidate[:size]
                if stem in self.negative:
                    return -1
                if stem in self.positive:
                    return 1
        return 0

    def _phrase(self, words: list[str], at: int) -> tuple[int, int]:
        """(polarity, words used) of the phrase starting at ``at``, else (0, 0)."""
        word = words[at]
        # A glued prefix is taken off even a short first word here ("ולא" is "and" + "not").
        firsts = (word, word[1:]) if self.hebrew and len(word) > 1 and word[0] in _HE_PREFIXES else (word,)
        for first in firsts:
            for phrase, polarity in self.phrases.get(first, ()):
                end = at + len(phrase)
                if end <= len(words) and words[at + 1:end - 1] == list(phrase[1:-1]) \
                        and words[end - 1].startswith(phrase[-1]):
                    return polarity, len(phrase)
        return 0, 0

    def score(self, words: list[str]) -> tuple[int, int]:
        negative = positive = 0
        flip = False
        at = 0
        while at < len(words):
            word = words[at]
            polarity, used = self._phrase(words, at) if self.phrases else (0, 0)
            if used:
                # A phrase says what it means ("nigdy nie odpisali"): a negator before it does not turn it.
                at += used
                flip = False
            else:
                at += 1
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
    negative = [*data.get("negative", []), *data.get("complaint", [])]
    return Lexicon(negative, data.get("positive", []), data.get("negators", []), language == "he")


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
