"""Undo disguises in text while keeping a map from every character back to the original.

The normalised view is for *matching* only; findings are always reported on the original
text through :meth:`NormalizedText.to_original`. Steps, in order:

1. NFKC per grapheme (fullwidth, ligatures, mathematical letters), lower case, invisible
   characters (zero-width, bidi controls, soft hyphen) and Hebrew points removed.
2. Look-alike letters from Cyrillic/Greek/… folded to Latin inside a word that is mostly
   Latin. Hebrew is never folded, and real diacritics (``ł``, ``ø``, ``å``) are kept:
   they are Latin letters, not look-alikes.
3. Leetspeak (``0→o 1→i 3→e 4→a 5→s 7→t @→a $→s !→i``) inside a word that is otherwise
   letters, so phone numbers, dates and ``4pm``-free numbers stay digits.
4. Spaced letters joined (``f u c k``, ``k.u.r.w.a``): three or more single letters with
   the same separator.
5. Runs of three or more equal letters collapsed: to one letter by default
   (``fuuuuck→fuck``) and to two in the second view (``asssss→ass``), so words with a real
   double letter are found in one of the two views.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

import regex


@dataclass(frozen=True)
class NormalizedText:
    text: str
    #: ``offsets[i]`` is the index in the original of normalised character ``i``;
    #: one extra entry maps the end.
    offsets: tuple[int, ...]
    #: ``ends[i]`` is the index just after the original characters normalised character
    #: ``i`` came from (a composed ``é`` from ``e`` + accent covers both).
    ends: tuple[int, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span ``[a, b)`` that the normalised span ``[start, end)`` came from."""
        if end <= start:
            pos = self.offsets[start]
            return pos, pos
        last = self.ends[end - 1] if self.ends else self.offsets[end - 1] + 1
        return self.offsets[start], last


#: Characters that only hide things: zero-width, joiners, bidi controls, soft hyphen, BOM.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\u3164\uffa0"
)
#: Hebrew points and cantillation (niqqud, te'amim); letters and maqaf/sof pasuq stay.
_HEBREW_POINT = regex.compile(r"[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]")
_NEEDS_SLOW_PATH = regex.compile(
    "[" + "".join(_INVISIBLE) + r"\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"
)
_GRAPHEME = regex.compile(r"\P{M}\p{M}*|\p{M}+", regex.DOTALL)

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
#: A word that may carry leetspeak: letters, leet digits and symbols, nothing else.
_LEET_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}@$!])[\p{L}\p{M}013457@$!]+")
_LEET_NEXT_TO_LETTER = regex.compile(r"[\p{L}\p{M}][013457@$!]|[013457@$!][\p{L}\p{M}]")
_NUMBER_WITH_UNIT = regex.compile(r"^\d+\p{L}{0,2}$")
_SPACED = regex.compile(
    r"(?<![\p{L}\p{N}])\p{L}(?P<sep>[ .\-_*·•/]{1,2})\p{L}(?:(?P=sep)\p{L})+(?![\p{L}\p{N}])"
)
_RUN = regex.compile(r"(\p{L})\1{2,}")
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_LATIN_LETTER = regex.compile(r"\p{Latin}")
_NON_LATIN_LETTER = regex.compile(r"(?=\p{L})\P{Latin}")


#: Letters of pl, no, sv, nl that must never be folded even where Unicode lists a look-alike.
_PROTECTED = frozenset("ąćęłńóśźżøæåäöüéèëïĳ" + "ąćęłńóśźżøæåäöüéèëïĳ".upper())


@lru_cache(maxsize=1)
def _homoglyph_table() -> dict[str, str]:
    """Non-Latin letters that look like a Latin letter, from Unicode's confusables data."""
    from confusable_homoglyphs import confusables

    table: dict[str, str] = {}
    for char, entries in confusables.confusables_data.items():
        if len(char) != 1 or not char.isalpha():
            continue
        if char.isascii() or char in _PROTECTED or unicodedata.name(char, "").startswith("HEBREW"):
            continue  # never fold Hebrew letters or the letters of our languages' alphabets
        for entry in entries:
            target = entry["c"]
            if len(target) == 1 and entry["n"].startswith("LATIN ") and target.isascii():
                # Lower-casing can land on ASCII (KELVIN SIGN → "k"): never map ASCII.
                for variant in {char, char.lower()}:
                    if not variant.isascii() and variant not in _PROTECTED:
                        table[variant] = target.lower()
                break
    return table


class _Buffer:
    """The text being normalised plus, per character, its original span."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: list[int], ends: list[int]):
        self.text, self.starts, self.ends = text, starts, ends

    def rewrite(self, matches: Iterable[regex.Match], replace: Callable[[regex.Match], list[tuple[str, int, int]]]) -> None:
        """Replace each match by ``(char, src_lo, src_hi)`` pieces in current coordinates."""
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        prev = 0
        changed = False
        for match in matches:
            pieces = replace(match)
            if pieces is None:
                continue
            changed = True
            out.append(self.text[prev:match.start()])
            starts.extend(self.starts[prev:match.start()])
            ends.extend(self.ends[prev:match.start()])
            for char, lo, hi in pieces:
                out.append(char)
                starts.append(self.starts[lo])
                ends.append(self.ends[hi - 1])
            prev = match.end()
        if not changed:
            return
        out.append(self.text[prev:])
        starts.extend(self.starts[prev:])
        ends.extend(self.ends[prev:])
        self.text, self.starts, self.ends = "".join(out), starts, ends


def _base(text: str) -> _Buffer:
    """Step 1: NFKC, lower case, invisible characters and Hebrew points removed."""
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _NEEDS_SLOW_PATH.search(text)):
        lowered = text.lower()
        if len(lowered) == len(text):
            n = len(text)
            return _Buffer(lowered, list(range(n)), list(range(1, n + 1)))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _GRAPHEME.finditer(text):
        segment = match.group()
        if segment[0] in _INVISIBLE:
            segment = segment[1:]
            if not segment:
                continue
        if "\u05d0" <= segment[0] <= "\u05ea" or _HEBREW_POINT.match(segment):
            segment = _HEBREW_POINT.sub("", segment)
        segment = "".join(ch for ch in segment if ch not in _INVISIBLE)
        if not segment:
            continue
        folded = unicodedata.normalize("NFKC", segment).lower()
        folded = "".join(ch for ch in folded if ch not in _INVISIBLE)
        for char in folded:
            out.append(char)
            starts.append(match.start())
            ends.append(match.end())
    return _Buffer("".join(out), starts, ends)


def _fold_homoglyphs(buf: _Buffer) -> None:
    """Step 2: in a mostly-Latin word, replace look-alike letters by the Latin letter."""
    if buf.text.isascii():
        return
    table = _homoglyph_table()
    if set(buf.text).isdisjoint(table):
        return

    def fold(match: regex.Match):
        word = match.group()
        foreign = [ch for ch in word if ch in table]
        if not foreign:
            return None
        # A real word is written in one script: a word mixing Latin with look-alikes is a
        # disguise. A word made only of look-alikes is folded when the text around it is Latin.
        mixed = _LATIN_LETTER.search(word) is not None
        if not mixed and (len(foreign) < len(word) or not _mostly_latin(buf.text)):
            return None
        base = match.start()
        return [(table.get(ch, ch), base + i, base + i + 1) for i, ch in enumerate(word)]

    buf.rewrite(_WORD.finditer(buf.text), fold)


def _mostly_latin(text: str) -> bool:
    latin = len(_LATIN_LETTER.findall(text))
    letters = sum(1 for ch in text if ch.isalpha())
    return letters > 0 and latin * 2 > letters


def _undo_leet(buf: _Buffer) -> None:
    """Step 3: leet symbols inside a word that is otherwise letters."""
    text = buf.text
    if not _LEET_NEXT_TO_LETTER.search(text):
        return

    def undo(match: regex.Match):
        word = match.group()
        start = match.start()
        if word[0] == "@" or _NUMBER_WITH_UNIT.match(word):
            return None  # a mention, or "4pm", "2nd", "23h": not a disguise
        word = word.rstrip("!")  # "great!!" is punctuation
        if not any(ch.isalpha() for ch in word) or not any(ch in _LEET for ch in word):
            return None
        if _NON_LATIN_LETTER.search(word):
            return None  # leetspeak is a Latin-script habit; "ב4" stays as written
        pieces = []
        for i, ch in enumerate(word):
            repl = _LEET.get(ch, ch)
            if ch == "!" and not (i + 1 < len(word) and word[i + 1].isalpha()):
                repl = ch
            pieces.append((repl, start + i, start + i + 1))
        pieces.extend((ch, start + i, start + i + 1) for i, ch in enumerate(match.group()[len(word):], len(word)))
        return pieces

    buf.rewrite(_LEET_WORD.finditer(text), undo)


def _join_spaced(buf: _Buffer) -> None:
    """Step 4: ``f u c k`` and ``k.u.r.w.a`` become one word."""

    def join(match: regex.Match):
        sep = match.group("sep")
        start = match.start()
        return [(ch, start + i, start + i + 1) for i, ch in enumerate(match.group()) if ch not in sep]

    buf.rewrite(_SPACED.finditer(buf.text), join)


def _collapse_runs(buf: _Buffer, keep: int) -> None:
    """Step 5: ``fuuuuck`` → ``fuck`` (keep=1) or ``asssss`` → ``ass`` (keep=2)."""

    def collapse(match: regex.Match):
        char = match.group(1)
        start, end = match.start(), match.end()
        if keep == 1:
            return [(char, start, end)]
        return [(char, start, start + 1), (char, start + 1, end)]

    buf.rewrite(_RUN.finditer(buf.text), collapse)


def _finish(buf: _Buffer, original_length: int) -> NormalizedText:
    return NormalizedText(buf.text, tuple(buf.starts) + (original_length,), tuple(buf.ends))


@lru_cache(maxsize=256)
def normalize_views(text: str) -> tuple[NormalizedText, NormalizedText]:
    """Both views: runs of letters collapsed to one, and to two (the second differs only there)."""
    buf = _base(text)
    _fold_homoglyphs(buf)
    _undo_leet(buf)
    _join_spaced(buf)
    if not _RUN.search(buf.text):
        view = _finish(buf, len(text))
        return view, view
    twice = _Buffer(buf.text, buf.starts, buf.ends)
    _collapse_runs(buf, keep=1)
    _collapse_runs(twice, keep=2)
    return _finish(buf, len(text)), _finish(twice, len(text))


def normalize(text: str) -> NormalizedText:
    """The main normalised view (runs of three or more equal letters collapsed to one)."""
    return normalize_views(text)[0]
