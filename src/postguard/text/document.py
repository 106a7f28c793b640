"""A draft's text with the views rules share, each computed once and only when asked for."""
from __future__ import annotations

from functools import cached_property

from .normalize import NormalizedText, normalize


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
