"""Import messages from CSV: a header row naming the fields of :class:`InboundMessage`.

Empty cells mean "not given". ``author_account_age_days`` is a whole number; ``arrived_at``
is ``official`` or ``personal:<employee>``. Quoted cells may span lines (the reported line
is where the record starts). A problem names the line and the column (1-based, and the
header name).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError
from ..inbound.message import InboundMessage
from .records import ProblemCollector, check_exists, read_lines, record_to_message

_KNOWN = set(InboundMessage.model_fields)
_REQUIRED = {name for name, field in InboundMessage.model_fields.items() if field.is_required()}


def read_csv(path: str | Path) -> list[InboundMessage]:
    """Every message in the file, or :class:`MessageImportError` with line and column of each problem."""
    path = Path(path)
    check_exists(path)
    problems = ProblemCollector(str(path))
    # Lines are decoded (and size-checked) first so bad UTF-8 and giant lines get positions.
    lines = list(read_lines(path, problems))
    problems.raise_if_any()
    if not any(text.strip() for _, text in lines):
        raise InputError(f"{path}: the file is empty; expected a header row and one message per row")
    reader = csv.reader(io.StringIO("\n".join(text for _, text in lines) + "\n", newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(f"{path}:1: the header row is not valid CSV: {exc}") from None
    header = [name.strip() for name in header]
    _check_header(header, problems)
    problems.raise_if_any()
    messages: list[InboundMessage] = []
    try:
        for row in reader:
            # reader.line_num is the line where the record ends; a quoted cell may span lines.
            number = reader.line_num - sum(cell.count("\n") for cell in row)
            if not any(cell.strip() for cell in row):
                continue
            message = _row_to_message(header, row, number, problems)
            if message is not None:
                messages.append(message)
            if problems.full:
                break
    except csv.Error as exc:
        problems.add(reader.line_num, 1, "", f"not valid CSV: {exc}")
    problems.raise_if_any()
    if not messages:
        raise InputError(f"{path}: the file has a header but no messages")
    return messages


def _check_header(header: list[str], problems: ProblemCollector) -> None:
    for column, name in enumerate(header, start=1):
        if name not in _KNOWN:
            problems.add(1, column, name, f"unknown column (known: {', '.join(InboundMessage.model_fields)})")
    if len(set(header)) != len(header):
        problems.add(1, 1, "", "a column name appears twice")
    for name in sorted(_REQUIRED - set(header)):
        problems.add(1, 1, name, "required column is missing")


def _row_to_message(header: list[str], row: list[str], number: int,
                    problems: ProblemCollector) -> InboundMessage | None:
    if len(row) != len(header):
        problems.add(number, 1, "", f"{len(row)} cells but the header has {len(header)} columns")
        return None
    record: dict[str, object] = {}
    for name, cell in zip(header, row):
        if name in ("author_account_age_days",) and cell.strip():
            try:
                record[name] = int(cell.strip())
            except ValueError:
                problems.add(number, header.index(name) + 1, name, f"{cell!r} is not a whole number of days")
                return None
        elif cell != "":
            record[name] = cell
    positions = {name: index + 1 for index, name in enumerate(header)}
    return record_to_message(record, number, problems, lambda field: positions.get(field, 1))
