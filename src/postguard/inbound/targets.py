"""Which employee a message names (R14), tolerant of inflection.

Customers write "Maria Berg", "@mberg", "Marii" (Polish genitive), "Marias" (Scandinavian
genitive), "למריה" (Hebrew prefix). A name matches a word when the word is the name, or
the name's stem (without a final vowel) followed by a short ending, or the name behind a
Hebrew prefix letter. A first or last name alone counts only when it is written with a
capital letter (in scripts that have case) and belongs to one employee, so "mark my
words" never accuses Mark. A full name or a handle always counts.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

_WORD = regex.compile(r"@[\w.\-]+|[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
_HEBREW_PREFIXES = "והשבלמכ"
_VOWELS = set("aeiouyąęóåäöæøéáí")
#: Endings a name takes in our languages: Polish cases (Tomasz-em, Kowalsk-iego, Mari-i,
#: Ann-ie) and the genitive -s of the others. A closed list, so "Bergen" is not "Berg".
_ENDINGS = frozenset({
    "a", "e", "i", "o", "u", "y", "ą", "ę", "em", "ie", "owi", "ego", "emu", "iego", "iemu", "im", "ym",
    "iej", "ej", "ą", "s", "es", "'s", "’s", "'",
})


@dataclass(frozen=True)
class Employee:
    """Someone a message may name: the display name and any handles they are known by."""

    name: str
    handles: tuple[str, ...] = ()
    #: The store's identifier, passed through to the result.
    id: str | None = None


@dataclass(frozen=True)
class NamedTarget:
    employee: Employee
    #: The words in the message that named them.
    matched: str
    start: int
    end: int
    #: "handle", "full_name" or "partial_name".
    how: str


def _has_case(word: str) -> bool:
    return word.lower() != word.upper()


def _word_matches_name(word: str, name: str) -> bool:
    """Inflection-tolerant equality of one written word and one name part."""
    w, n = word.casefold().strip("'’"), name.casefold()
    if w == n:
        return True
    if len(n) < 3:
        return False
    if regex.match(r"\p{Hebrew}", n):
        # Hebrew: up to two prefix letters, then the name exactly.
        head = len(w) - len(n)
        return 0 < head <= 2 and w.endswith(n) and all(ch in _HEBREW_PREFIXES for ch in w[:head])
    if w.startswith(n) and w[len(n):] in _ENDINGS:
        return True
    stem = n[:-1] if n[-1] in _VOWELS and len(n) > 3 else n
    return w.startswith(stem) and w[len(stem):] in _ENDINGS


def find_targets(text: str, employees: Sequence[Employee]) -> list[NamedTarget]:
    """Every employee the text names, best evidence first (handle, full name, then a single name)."""
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    found: dict[Employee, NamedTarget] = {}
    rank = {"handle": 0, "full_name": 1, "partial_name": 2}

    def keep(target: NamedTarget) -> None:
        current = found.get(target.employee)
        if current is None or rank[target.how] < rank[current.how]:
            found[target.employee] = target

    for employee in employees:
        handles = {h.casefold().lstrip("@") for h in employee.handles}
        parts = employee.name.split()
        for index, (word, start, end) in enumerate(words):
            if word.startswith("@"):
                if word[1:].casefold().rstrip(".") in handles:
                    keep(NamedTarget(employee, word, start, end, "handle"))
                continue
            if len(parts) >= 2 and index + len(parts) <= len(words):
                window = words[index:index + len(parts)]
                if all(_word_matches_name(w, p) for (w, _, _), p in zip(window, parts)):
                    keep(NamedTarget(employee, text[start:window[-1][2]], start, window[-1][2], "full_name"))
                    continue
            if any(_word_matches_name(word, part) for part in parts):
                if _has_case(word) and not word[0].isupper():
                    continue
                keep(NamedTarget(employee, word, start, end, "partial_name"))
    strong = [t for t in found.values() if t.how != "partial_name"]
    # "Maria" inside "Maria Berg" names Maria Berg, not also Maria Nilsen.
    partial = [t for t in found.values() if t.how == "partial_name"
               and not any(s.start <= t.start < s.end for s in strong)]
    # A single name shared by two employees names neither for sure: drop those.
    counts: dict[str, int] = {}
    for target in partial:
        counts[target.matched.casefold()] = counts.get(target.matched.casefold(), 0) + 1
    result = strong + [t for t in partial if counts[t.matched.casefold()] == 1]
    return sorted(result, key=lambda t: (rank[t.how], t.start))
