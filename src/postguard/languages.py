"""The languages postguard treats as first-class, and how to name them."""
from __future__ import annotations

from typing import Literal

Language = Literal["pl", "no", "sv", "he", "nl", "en"]

#: Every first-class language, in the order the handbook and the interface list them.
LANGUAGES: tuple[str, ...] = ("en", "pl", "no", "sv", "he", "nl")

#: Languages written right to left.
RTL_LANGUAGES: frozenset[str] = frozenset({"he"})

#: Other spellings accepted on input (ISO 639-1/2 and locale tags) mapped to ours.
ALIASES: dict[str, str] = {
    "nb": "no", "nn": "no", "nob": "no", "nno": "no", "nor": "no",
    "iw": "he", "heb": "he", "pol": "pl", "swe": "sv", "nld": "nl", "dut": "nl", "eng": "en",
}

#: Each language's own name, for language switchers and handbooks.
NATIVE_NAMES: dict[str, str] = {
    "en": "English", "pl": "Polski", "no": "Norsk", "sv": "Svenska", "he": "עברית", "nl": "Nederlands",
}


#: Babel's locale for each first-class language (Norwegian is written in Bokmål): how dates and
#: numbers are written for its readers.
BABEL_LOCALES: dict[str, str] = {"en": "en_GB", "pl": "pl_PL", "no": "nb_NO", "sv": "sv_SE", "he": "he_IL", "nl": "nl_NL"}


def normalise_language(tag: str) -> str | None:
    """Map a language tag (``nb``, ``pl-PL``, ``HE``) to a first-class language, or None."""
    base = tag.strip().replace("_", "-").split("-")[0].lower()
    base = ALIASES.get(base, base)
    return base if base in LANGUAGES else None


def direction(language: str) -> str:
    """``rtl`` or ``ltr`` for HTML's dir attribute."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"
