"""Import messages from JSON Lines: one JSON object per line, fields as in :class:`InboundMessage`.

Example line::

    {"platform": "facebook", "external_id": "fb-1001", "author_handle": "kari", "text": "Takk!",
     "received_at": "2026-11-23T08:12:00+01:00", "arrived_at": "official"}

``arrived_at`` is ``official`` or ``personal:<employee>``. Blank lines are skipped.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from ..inbound.message import InboundMessage
from .records import ProblemCollector, check_exists, read_lines, record_to_message


def read_jsonl(path: str | Path) -> list[InboundMessage]:
    """Every message in the file, or :class:`MessageImportError` listing each problem by line and column."""
    path = Path(path)
    check_exists(path)
    problems = ProblemCollector(str(path))
    messages: list[InboundMessage] = []
    any_line = False
    for number, line in read_lines(path, problems):
        if not line.strip():
            continue
        any_line = True
        message = _parse_line(line, number, problems)
        if message is not None:
            messages.append(message)
        if problems.full:
            break
    problems.raise_if_any()
    if not any_line:
        raise InputError(f"{path}: the file is empty; expected one JSON object per line")
    return messages


def _parse_line(line: str, number: int, problems: ProblemCollector) -> InboundMessage | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        problems.add(number, exc.colno, "", f"not valid JSON: {exc.msg}")
        return None
    if not isinstance(record, dict):
        problems.add(number, 1, "", f"expected a JSON object {{...}}, found {type(record).__name__}")
        return None

    def column_of(field: str) -> int:
        # The column where the field's key starts, so an editor can jump to it.
        at = line.find(json.dumps(field))
        return at + 1 if at >= 0 else 1

    return record_to_message(record, number, problems, column_of)
