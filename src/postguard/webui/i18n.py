"""The interface's languages: message catalogues, the reader's choice, text direction.

Catalogues are Babel ``.po`` files under ``webui/locale/<lang>/LC_MESSAGES/``: ``messages.po``
holds the shared interface, and each area of the product may keep its own strings in a file of
its own (``inbox.po``, ``incidents.po``, …) so that areas grow without editing one file; a
language's catalogue is all of its files together (``messages.po`` wins a duplicate).
Only the ``.po`` files are committed: they are compiled in memory (Babel's ``write_mo``) the
first time a language is used, so a compiled file can never be stale and no build step is
needed. Fuzzy entries are not used, so an unreviewed translation never reaches a reader.

The reader's language comes from, in order: the ``pg_lang`` cookie set by the language
switcher, the browser's ``Accept-Language``, English.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..languages import LANGUAGES, NATIVE_NAMES, direction, normalise_language

#: The cookie the language switcher sets; a year, the interface's own path.
LANGUAGE_COOKIE = "pg_lang"
DEFAULT_LANGUAGE = "en"
DOMAIN = "messages"


def catalogue_files(language: str) -> list:
    """A language's ``.po`` files inside the package, ``messages.po`` first, then by name."""
    folder = resources.files("postguard.webui").joinpath("locale", language, "LC_MESSAGES")
    files = [entry for entry in folder.iterdir() if entry.name.endswith(".po")]
    return sorted(files, key=lambda entry: (entry.name != f"{DOMAIN}.po", entry.name))


def read_catalogue(files, language: str) -> Catalog:
    """One catalogue of all ``files``; the first file that has a message wins."""
    parts = []
    for path in files:
        with path.open("rb") as handle:
            parts.append(read_po(handle, locale=_babel_locale(language), domain=DOMAIN))
    if not parts:
        return Catalog(locale=_babel_locale(language), domain=DOMAIN, project="postguard")
    merged = parts[0]
    for part in parts[1:]:
        for message in part:
            if message.id and merged.get(message.id, context=message.context) is None:
                merged[message.id] = message
    return merged


@lru_cache(maxsize=None)
def translations(language: str) -> Translations:
    """The compiled catalogue of ``language`` (English source strings for ``en``)."""
    if language not in LANGUAGES:
        raise ValueError(f"no interface catalogue for {language!r}")
    catalog = read_catalogue(catalogue_files(language), language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _babel_locale(language: str) -> str:
    # Babel names Norwegian Bokmål "nb"; our language code is "no".
    return {"no": "nb"}.get(language, language)


@dataclass(frozen=True)
class Translator:
    """Translates the interface's strings into one language; passed to every template as ``_``."""

    language: str

    @property
    def dir(self) -> str:
        return direction(self.language)

    def gettext(self, message: str, **params: Any) -> str:
        text = translations(self.language).gettext(message)
        return _fill(text, self._isolated(params))

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        text = translations(self.language).ngettext(singular, plural, n)
        return _fill(text, {"num": n, **self._isolated(params)})

    def _isolated(self, params: dict[str, Any]) -> dict[str, Any]:
        """In a right-to-left sentence a filled-in Latin name or code ("2026.11-t") would be
        reordered with its neighbours; Unicode isolates (FSI … PDI) keep it whole."""
        if self.dir != "rtl":
            return params
        return {k: f"\u2068{v}\u2069" if isinstance(v, str) else v for k, v in params.items()}

    __call__ = gettext


def _fill(text: str, params: dict[str, Any]) -> str:
    # Templates autoescape the result, so parameters are filled in as plain text.
    return text % params if params else text


def from_accept_language(header: str | None) -> str | None:
    """The best first-class language in an ``Accept-Language`` header, honouring q-values."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = normalise_language(tag) if tag and tag != "*" else None
        if language and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else None


def choose_language(cookie: str | None, accept_language: str | None) -> str:
    """The interface language for a request: the switcher's cookie, the browser's wish, English."""
    if cookie:
        chosen = normalise_language(cookie)
        if chosen:
            return chosen
    return from_accept_language(accept_language) or DEFAULT_LANGUAGE


def language_choices() -> list[dict[str, str]]:
    """Each language with its own name and direction, for switchers."""
    return [{"code": code, "name": NATIVE_NAMES[code], "dir": direction(code)} for code in LANGUAGES]
