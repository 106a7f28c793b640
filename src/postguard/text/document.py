"""A draft's text with the views rules share, each computed once and only when asked for."""
from __future__ import annotations

from functools import cached_property

from .normalize import NormalizedText, normalize, normalize_views
from .pii import PiiMatch, find_pii


class Document:
    def __init__(self, text: str, language: str):
        self.text = text
        self.language = language

    @cached_property
    def normalized(self) -> NormalizedText:
        """Disguises undone (zero-width, look-alikes, leet, spacing) with an offset map."""
        return normalize(self.text)

    @cached_property
    def folded(self) -> str:
        """Case-folded original, same length as ``text`` where casefold keeps lengths."""
        return self.text.lower()

    @cached_property
    def normalized_views(self) -> tuple[NormalizedText, NormalizedText]:
        """The normalised view, and a second one where letter runs collapse to two (``asssss→ass``)."""
        return normalize_views(self.text)

    @cached_property
    def pii(self) -> list[PiiMatch]:
        """Personal data found in the text, shared by the personal-data rules."""
        return find_pii(self.text, self.language)
