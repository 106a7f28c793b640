"""A draft's text cut into pieces, each marked with the findings that cover it.

The server-side twin of ``drawMarks`` in ``static/compose.js``: the same cuts at every
finding's start and end, and the worst severity of the findings covering a piece, so a
stored draft on the review page is highlighted exactly as it was while being written.
Offsets are the core's Python string indices.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_RANK = {"info": 0, "warn": 1, "block": 2}


@dataclass(frozen=True)
class Piece:
    text: str
    #: The worst severity of the findings covering this piece; None for unmarked text.
    severity: str | None = None
    #: Indexes (in the report's order) of the findings covering it.
    findings: tuple[int, ...] = ()


def pieces(text: str, findings: list[dict[str, Any]]) -> list[Piece]:
    spans = [(i, max(0, f["start"]), min(len(text), f["end"]), f["severity"]) for i, f in enumerate(findings)]
    spans = [s for s in spans if s[1] < s[2]]
    cuts = sorted({0, len(text), *(s[1] for s in spans), *(s[2] for s in spans)})
    out: list[Piece] = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s[1] <= start and s[2] >= end]
        if not covering:
            out.append(Piece(text[start:end]))
            continue
        worst = max(covering, key=lambda s: _RANK.get(s[3], 0))[3]
        out.append(Piece(text[start:end], worst, tuple(s[0] for s in covering)))
    return out
