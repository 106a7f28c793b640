"""Tracked short links (``/r/<code>``): unguessable codes, and only known codes ever redirect."""
from __future__ import annotations

import secrets
import string

import regex

_ALPHABET = string.ascii_letters + string.digits
CODE_LENGTH = 10
_CODE = regex.compile(rf"^[A-Za-z0-9]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    """A random base-62 code (~59 bits): not guessable, not sequential."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def is_code(value: str) -> bool:
    """Whether ``value`` has the shape of a code; the redirect looks up only such values."""
    return bool(_CODE.match(value))


def tracked_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/r/{code}"
