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
from typing import Iterable

import regex

from .normalize import NormalizedText

_FINALS = str.maketrans("ךםןףץ", "כמנפצ")
_PREFIXES = frozenset("ובלמהשכ")
_HEBREW = regex.compile(r"[\u05d0-\u05ea]")
_MASKED = regex.compile(r"(?<![\p{L}*])\p{L}[\p{L}]*\*+[\p{L}*]*(?![\p{L}*])")
MAX_SUFFIX = 6


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


class WordList:
    """A compiled list; ``find`` returns original-text spans of every listed word."""

    def __init__(self, entries: Iterable[str], exceptions: Iterable[str] = ()):
        self.entries = tuple(sorted({e.strip().lower() for e in entries if e and e.strip()}, key=len, reverse=True))
        self.exceptions = frozenset(e.strip().lower().translate(_FINALS) for e in exceptions)
        if self.entries:
            alternatives = "|".join(_entry_pattern(e) for e in self.entries)
            self._pattern = regex.compile(rf"(?:{alternatives})(?![\p{{L}}\p{{N}}])")
        else:
            self._pattern = None
        self._bases = {e.rstrip("*").translate(_FINALS): e for e in self.entries}

    def __bool__(self) -> bool:
        return bool(self.entries)

    def find(self, views: Iterable[NormalizedText]) -> list[WordMatch]:
        if self._pattern is None:
            return []
        spans: dict[tuple[int, int], WordMatch] = {}
        for view in views:
            text = view.text.translate(_FINALS)
            for match in self._pattern.finditer(text):
                word = match.group()
                if self._is_exception(word):
                    continue
                start, end = view.to_original(match.start(), match.end())
                spans.setdefault((start, end), WordMatch(start, end, word))
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
