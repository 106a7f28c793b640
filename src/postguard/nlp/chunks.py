"""Split a draft into the pieces the models judge, with offsets into the original text.

A short post is judged whole (one embedding, the speed target counts on it). A long one is
cut into sentences (very short ones joined to their neighbour, run-ons cut at
``CHUNK_CHARS``), so one hostile sentence in a long e-mail is not diluted by ten friendly
ones and the finding can point at it.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

CHUNK_CHARS = 300
#: A sentence shorter than this ("Hi Anna!", "Thanks.") is judged together with the next one.
MIN_CHUNK_CHARS = 60
#: A bound on the model work for one draft; text after this many chunks is not model-checked.
MAX_CHUNKS = 64

_SENTENCE_END = regex.compile(r"(?<=[.!?…。]|\n)\s+|\n")


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    text: str


def _trimmed(text: str, start: int, end: int) -> Chunk | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Chunk(start, end, text[start:end]) if end > start else None


def split_chunks(text: str) -> list[Chunk]:
    whole = _trimmed(text, 0, len(text))
    if whole is None:
        return []
    if len(whole.text) <= CHUNK_CHARS:
        return [whole]
    sentences: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            sentences.append((start, match.start()))
        start = match.end()
    if start < len(text):
        sentences.append((start, len(text)))
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for s, e in sentences:
        while e - s > CHUNK_CHARS:  # a run-on "sentence": cut at the last space before the limit
            cut = text.rfind(" ", s, s + CHUNK_CHARS)
            cut = cut if cut > s else s + CHUNK_CHARS
            if current:
                spans.append(current)
                current = None
            spans.append((s, cut))
            s = cut
        if current and current[1] - current[0] < MIN_CHUNK_CHARS and e - current[0] <= CHUNK_CHARS:
            current = (current[0], e)
        else:
            if current:
                spans.append(current)
            current = (s, e)
    if current:
        spans.append(current)
    chunks = [_trimmed(text, s, e) for s, e in spans[:MAX_CHUNKS]]
    return [c for c in chunks if c is not None]
