"""Word lists matched in inflected and disguised forms, with offsets into the original.

An entry is a word or phrase as written in a list file:

- ``kurwa`` matches that word only;
- ``kurw*`` matches the stem with up to six more letters (Polish and Hebrew inflect);
- in Hebrew, up to three prefix letters (ו ה ב ל מ ש כ) may stand before a word (the
  span covers the whole written word), and final letters (ך ם ן ף ץ) match their
  ordinary forms, so ``זונ*`` finds ``והזונות``.

Matching runs on both normalised views of the text (see :mod:`postguard.text.normalize`),
so ``f u c k``, ``fuuuuck``, ``ƒцck`` and ``sh1t`` are found, and words masked with
asterisks (``f*ck``, ``k*rwa``) are compared with each entry's base form.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

from .normalize import NormalizedText

_FINALS = str.maketrans("ךםןףץ", "כמנפצ")
_PREFIXES = frozenset("ובלמהשכ")
_HEBREW = regex.compile(r"[\u05d0-\u05ea]")
_MASKED = regex.compile(r"(?<![\p{L}*])\p{L}[\p{L}]*\*+[\p{L}*]*(?![\p{L}*])")
MAX_SUFFIX = 6
#: A word; an apostrophe or geresh joins only Hebrew letters (צ'יפס), so "shit's" is "shit".
_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['\u05f3\u2019]\p{Hebrew}+)*")


@dataclass(frozen=True)
class WordMatch:
    start: int
    end: int
    entry: str


def _entry_pattern(entry: str) -> str:
    entry = entry.strip().lower()
    hebrew = bool(_HEBREW.search(entry))
    if hebrew:
        entry = entry.translate(_FINALS)
    stem = entry.rstrip("*")
    body = r"\s+".join(regex.escape(part) for part in stem.split())
    if entry.endswith("*"):
        body += rf"\p{{L}}{{0,{MAX_SUFFIX}}}"
    if hebrew:
        return rf"(?<![\p{{L}}\p{{N}}])[ובלמהשכ]{{0,3}}{body}"
    return rf"(?<![\p{{L}}\p{{N}}]){body}"


@lru_cache(maxsize=32)
def _tokens(text: str) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """The text with Hebrew final letters unified, and its words: shared by every list."""
    text = text.translate(_FINALS)
    return text, tuple((m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text))


class WordList:
    """A compiled list; ``find`` returns original-text spans of every listed word.

    Single words are looked up per token (a set of exact forms, stems indexed by their
    first two letters), which is several times faster than one big regular expression;
    only phrases ("ja pierdolę", "כוס אמק") go through a pattern.
    """

    def __init__(self, entries: Iterable[str], exceptions: Iterable[str] = ()):
        self.entries = tuple(sorted({e.strip().lower() for e in entries if e and e.strip()}, key=len, reverse=True))
        self.exceptions = frozenset(e.strip().lower().translate(_FINALS) for e in exceptions)
        self._exact: set[str] = set()
        self._stems: dict[str, list[str]] = {}
        phrases = []
        for entry in self.entries:
            key = entry.translate(_FINALS)
            if " " in key:
                phrases.append(entry)
            elif key.endswith("*"):
                stem = key.rstrip("*")
                self._stems.setdefault(stem[:2], []).append(stem)
            else:
                self._exact.add(key)
        self._phrases = regex.compile(
            "(?:" + "|".join(_entry_pattern(e) for e in phrases) + r")(?![\p{L}\p{N}])") if phrases else None
        self._bases = {e.rstrip("*").translate(_FINALS): e for e in self.entries}
        #: Words already looked up: most words of most posts are common and repeat.
        self._seen: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self.entries)

    def _listed(self, word: str) -> bool:
        """The token is a listed word or an inflection of a listed stem (after Hebrew prefixes)."""
        known = self._seen.get(word)
        if known is None:
            if len(self._seen) > 50_000:  # bounded: a stream of odd tokens cannot grow it for ever
                self._seen.clear()
            known = self._seen[word] = self._lookup(word) and not self._is_exception(word)
        return known

    def _lookup(self, word: str) -> bool:
        candidates = [word]
        if "\u05d0" <= word[0] <= "\u05ea":
            i = 0
            while i < 3 and i < len(word) - 1 and word[i] in _PREFIXES:
                i += 1
                candidates.append(word[i:])
        for candidate in candidates:
            if candidate in self._exact:
                return True
            for stem in self._stems.get(candidate[:2], ()):
                if candidate.startswith(stem) and len(candidate) - len(stem) <= MAX_SUFFIX:
                    return True
        return False

    def find(self, views: Iterable[NormalizedText]) -> list[WordMatch]:
        if not self.entries:
            return []
        spans: dict[tuple[int, int], WordMatch] = {}
        for view in views:
            text, tokens = _tokens(view.text)
            for word, lo, hi in tokens:
                if self._listed(word):
                    start, end = view.to_original(lo, hi)
                    spans.setdefault((start, end), WordMatch(start, end, word))
            if self._phrases is not None:
                for match in self._phrases.finditer(text):
                    start, end = view.to_original(match.start(), match.end())
                    spans.setdefault((start, end), WordMatch(start, end, match.group()))
            if "*" in text:
                for match in _MASKED.finditer(text):
                    entry = self._unmask(match.group())
                    if entry:
                        start, end = view.to_original(match.start(), match.end())
                        spans.setdefault((start, end), WordMatch(start, end, entry))
        return _without_overlaps(spans.values())

    def _is_exception(self, word: str) -> bool:
        """The word, or the word after Hebrew prefix letters, is innocent in this language."""
        if word in self.exceptions:
            return True
        i = 0
        while i < 3 and i < len(word) and word[i] in _PREFIXES:
            i += 1
            if word[i:] in self.exceptions:
                return True
        return False

    def _unmask(self, masked: str) -> str | None:
        """The entry whose base form a word like ``f*ck`` or ``k**wa`` stands for."""
        letters = sum(ch != "*" for ch in masked)
        if letters < 2:
            return None
        pattern = regex.compile("".join(r"\p{L}" if ch == "*" else regex.escape(ch) for ch in masked))
        for base, entry in self._bases.items():
            if len(base) == len(masked) and pattern.fullmatch(base):
                return entry
        return None


def _without_overlaps(matches: Iterable[WordMatch]) -> list[WordMatch]:
    """Longest match wins where two overlap (``skurwysyn`` over ``kurw*`` inside it).

    One pass over the matches sorted by start: linear after sorting, so a long input with
    tens of thousands of matches stays fast.
    """
    kept: list[WordMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and match.start < kept[-1].end:
            if match.end - match.start > kept[-1].end - kept[-1].start:
                kept[-1] = match
            continue
        kept.append(match)
    return kept
