"""Shared by the import formats: turn one record into a message, or into problems with positions.

A file is accepted whole or not at all ("nothing stored" on a malformed message), but every
problem in it is reported at once, up to a cap, each with ``file:line:column: field: what``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError, Problem
from ..inbound.message import InboundMessage

#: A longer line is refused before parsing: no message is this long, and memory stays bounded.
MAX_LINE_BYTES = 1_000_000
#: After this many problems the rest of the file is not reported (the first ones say enough).
MAX_PROBLEMS = 50


class MessageImportError(InputError):
    """An import file with problems; ``problems`` lists each with its position."""

    def __init__(self, problems: list[Problem], truncated: bool = False):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        if truncated:
            lines.append(f"… more problems after the first {len(self.problems)}; nothing was imported")
        else:
            lines.append(f"{len(self.problems)} problem(s); nothing was imported")
        super().__init__("\n".join(lines))


class ProblemCollector:
    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []
        self.truncated = False

    def add(self, line: int, column: int, path: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.truncated = True
            return
        self.problems.append(Problem(self.name, line, column, path, message))

    @property
    def full(self) -> bool:
        return self.truncated

    def raise_if_any(self) -> None:
        if self.problems:
            raise MessageImportError(self.problems, self.truncated)


def record_to_message(record: dict, line: int, problems: ProblemCollector,
                      column_of: Callable[[str], int]) -> InboundMessage | None:
    """Validate one record; on failure add one problem per wrong field and return None."""
    try:
        return InboundMessage.model_validate(record)
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            path = ".".join(str(part) for part in error["loc"])
            message = _plain(error)
            problems.add(line, column_of(field) if field else 1, path, message)
        return None


def _plain(error: dict) -> str:
    """pydantic's message, said the way a person fixing a file needs it."""
    kind = error.get("type", "")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        known = ", ".join(InboundMessage.model_fields)
        return f"unknown field (known fields: {known})"
    message = error.get("msg", "invalid value")
    return message.removeprefix("Value error, ")


def read_lines(path: Path, problems: ProblemCollector) -> Iterator[tuple[int, str]]:
    """(line number, decoded line) for each line; long lines and bad UTF-8 become problems.

    Reads in binary with a bounded ``readline`` so a 5 MB line never lands in memory whole
    twice, and a decoding error names the line and the byte column.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with handle:
        number = 0
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                size = len(raw) + _skip_rest_of_line(handle)
                problems.add(number, 1, "", f"line is {size:,} bytes; the limit is {MAX_LINE_BYTES:,} per message")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.add(number, exc.start + 1, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})")
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            yield number, text.rstrip("\r\n")


def _skip_rest_of_line(handle) -> int:
    skipped = 0
    while True:
        chunk = handle.readline(MAX_LINE_BYTES)
        skipped += len(chunk.rstrip(b"\r\n"))
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def unique(messages: Iterable[InboundMessage]) -> tuple[list[InboundMessage], list[InboundMessage]]:
    """(first delivery of each message, later re-deliveries), in input order."""
    seen: set[str] = set()
    first: list[InboundMessage] = []
    again: list[InboundMessage] = []
    for message in messages:
        (again if message.dedupe_key in seen else first).append(message)
        seen.add(message.dedupe_key)
    return first, again


def check_exists(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a JSONL or CSV file")
