"""Undo disguises in text while keeping a map from every character back to the original.

Interim version: lower-cases only. Replaced by the full normaliser (zero-width, look-alike
letters, leet, repeated and spaced letters) that never corrupts Hebrew or diacritics.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NormalizedText:
    text: str
    #: ``offsets[i]`` is the index in the original of normalised character ``i``;
    #: one extra entry maps the end.
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[start]


def normalize(text: str) -> NormalizedText:
    out = text.lower()
    if len(out) != len(text):
        out = "".join(ch.lower()[:1] or ch for ch in text)
    return NormalizedText(out, tuple(range(len(text) + 1)))
