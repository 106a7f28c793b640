"""A stored draft's text cut into marked pieces, the way the compose page marks it."""
from __future__ import annotations

from postguard.webui.highlight import Piece, pieces


def finding(start: int, end: int, severity: str) -> dict:
    return {"start": start, "end": end, "severity": severity}


def test_unmarked_text_is_one_piece():
    assert pieces("Hello", []) == [Piece("Hello")]


def test_overlapping_findings_are_cut_and_take_the_worst_severity():
    text = "call 912 34 567 now"
    out = pieces(text, [finding(5, 15, "warn"), finding(9, 19, "block")])
    assert "".join(p.text for p in out) == text
    assert [(p.text, p.severity, p.findings) for p in out] == [
        ("call ", None, ()), ("912 ", "warn", (0,)), ("34 567", "block", (0, 1)), (" now", "block", (1,))]


def test_offsets_beyond_the_text_and_empty_spans_are_ignored():
    assert pieces("abc", [finding(2, 99, "info"), finding(1, 1, "block")]) == [Piece("ab"), Piece("c", "info", (0,))]
