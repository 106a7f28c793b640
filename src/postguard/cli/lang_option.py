"""``--lang`` on the commands that print lines for people: the check every such command makes first."""
from __future__ import annotations

from typing import Optional

from ..errors import UsageError
from ..languages import LANGUAGES, normalise_language


def checked_language(lang: Optional[str]) -> Optional[str]:
    """``--lang`` as a first-class language (``nb``, ``he-IL`` accepted); None stays None (the command's
    default, decided later). Anything else is refused before the command does any work."""
    if lang is None:
        return None
    language = normalise_language(lang)
    if language is None:
        raise UsageError(f"--lang {lang!r}: use one of {', '.join(LANGUAGES)}")
    return language
