"""Reading drafts from files and stdin: strict UTF-8, bounded size, clear errors."""
from __future__ import annotations

import os
from pathlib import Path

from .engine import MAX_CHARS
from .errors import InputError

#: Bytes read at most from one file; a little over the character limit so the error can say how big it is.
MAX_BYTES = MAX_CHARS * 4 + 1


def decode_text(data: bytes, source: str) -> str:
    """Bytes to text, refusing binary data and invalid UTF-8 with the position of the problem."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{source}: {len(data):,} bytes is too large to be a post or an e-mail (limit {MAX_CHARS:,} characters)")
    if b"\x00" in data[:8192]:
        raise InputError(f"{source}: looks like a binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{source}:{line}:{column}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    if len(text) > MAX_CHARS:
        raise InputError(f"{source}: {len(text):,} characters is too large (limit {MAX_CHARS:,})")
    return text


def read_text_file(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:  # say the file's real size, not how much of it was read
                size = os.fstat(handle.fileno()).st_size
                raise InputError(f"{path}: {size:,} bytes is too large to be a post or an e-mail "
                                 f"(limit {MAX_CHARS:,} characters)")
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    text = decode_text(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: the file is empty: nothing to check")
    return text
