"""Numbers and columns for plain-text output in the reader's language.

Counts and scores are written the reader's way (Babel: ``12,345`` / ``12 345`` / ``12.345``;
``0.812`` / ``0,812``): a comma-grouped ``1,234`` reads as a decimal in Polish or Dutch.
Parameters a user would type or a heads file records (``C=1.0``, ``beta 0.5``) are not numbers
for reading and are left as they are.

Columns are padded by terminal cells (``rich.cells.cell_len``), not characters. A terminal that
lays out bidirectional text would move a right-to-left header (``תווית  דיוק``) or the number
after it out of its column, so in a right-to-left language every cell starts with a
LEFT-TO-RIGHT MARK (zero width): each cell is laid out on its own, the columns stay where they are.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

from babel.numbers import format_decimal
from rich.cells import cell_len

from ..languages import BABEL_LOCALES, RTL_LANGUAGES

#: Starts a cell in right-to-left output, so that a terminal keeps each cell in its column.
LRM = "\u200e"


def integer(value: int, language: str) -> str:
    """A count as the reader writes it: ``12,345`` (en, he), ``12 345`` (pl, no, sv), ``12.345`` (nl)."""
    return format_decimal(value, locale=BABEL_LOCALES.get(language, "en_GB"))


def decimal(value: float, language: str, places: int = 3) -> str:
    """A score with ``places`` decimals: ``0.812`` (en, he), ``0,812`` (pl, no, sv, nl)."""
    return format_decimal(value, format="0." + "0" * places, locale=BABEL_LOCALES.get(language, "en_GB"))


def columns(rows: Sequence[Sequence[str]], language: str, right: Collection[int] = (), indent: str = "") -> list[str]:
    """``rows`` as lines of aligned columns, two spaces apart; columns in ``right`` (numbers) aligned right."""
    widths = [max(cell_len(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows), default=0))]
    mark = LRM if language in RTL_LANGUAGES else ""
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            gap = " " * (widths[i] - cell_len(cell))
            cells.append(mark + (gap + cell if i in right else cell + gap))
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines
