"""Keep the interface's message catalogues in step with the code.

``python -m postguard.webui.catalogue update [--into AREA]`` extracts every translatable string
from the templates (``_("…")``, ``ngettext``) and the Python modules (``_``/``N_``); strings no
catalogue file has yet go into ``AREA.po`` of each language (default ``messages.po``; new strings
appear empty, except in English), and strings the code no longer uses leave every file.
``python -m postguard.webui.catalogue check`` lists what any catalogue lacks; the test suite
runs the same check, so an untranslated string fails the build.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ..languages import LANGUAGES
from .i18n import DOMAIN, _babel_locale, read_catalogue

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"

_METHODS = [
    ("templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
_OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract() -> Catalog:
    """Every translatable string of the interface, with where it is used."""
    catalog = Catalog(domain=DOMAIN, project="postguard", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE_DIR), method_map=_METHODS, options_map=_OPTIONS, keywords=_KEYWORDS,
    ):
        if filename.startswith("catalogue.py"):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(language: str, area: str = DOMAIN) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{area}.po"


def area_files(language: str) -> list[Path]:
    """A language's ``.po`` files, ``messages.po`` first (it wins a duplicate)."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    return sorted(folder.glob("*.po"), key=lambda path: (path.stem != DOMAIN, path.name))


def load(language: str, area: str | None = None) -> Catalog:
    """One area's catalogue, or with no ``area`` all of the language's files together."""
    if area is not None:
        with po_path(language, area).open("rb") as handle:
            return read_po(handle, locale=_babel_locale(language), domain=DOMAIN)
    return read_catalogue(area_files(language), language)


def gaps(language: str, template: Catalog | None = None) -> list[str]:
    """Messages the code uses that ``language``'s catalogue lacks, leaves empty or marks fuzzy."""
    template = template or extract()
    catalog = load(language)
    problems = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        label = message.id if isinstance(message.id, str) else message.id[0]
        if entry is None:
            problems.append(f"{language}: missing {label!r}")
        elif entry.fuzzy:
            problems.append(f"{language}: fuzzy {label!r}")
        elif isinstance(entry.string, (tuple, list)):
            if len(entry.string) < catalog.num_plurals or not all(entry.string):
                problems.append(f"{language}: a plural form is empty for {label!r}")
        elif not entry.string and language != "en":
            problems.append(f"{language}: empty {label!r}")
    return problems


def update(into: str = DOMAIN) -> None:
    """Bring every language's files in step with the code: strings no file has yet go into
    ``into``'s file (English keeps its source strings), strings no longer used leave every file."""
    for language in LANGUAGES:
        template = extract()
        wanted = {(m.id, m.context) for m in template if m.id}
        known = load(language) if area_files(language) else None
        for path in area_files(language):
            catalog = load(language, path.stem)
            for message in list(catalog):
                if message.id and (message.id, message.context) not in wanted:
                    catalog.delete(message.id, context=message.context)
            _write(path, catalog)
        path = po_path(language, into)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = load(language, into) if path.exists() else Catalog(
            locale=_babel_locale(language), domain=DOMAIN, project="postguard")
        for message in template:
            if not message.id or (known is not None and known.get(message.id, context=message.context)):
                continue
            if catalog.get(message.id, context=message.context) is None:
                catalog[message.id] = message
        for message in catalog:
            if message.id and not message.string and language == "en":
                message.string = message.id
        catalog.fuzzy = False  # the header; messages keep their own flags
        _write(path, catalog)


def _write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        if len(argv) == 3 and argv[1] == "--into" and argv[2].isidentifier():
            update(argv[2])
            return 0
        if len(argv) == 1:
            update()
            return 0
    if command == "check":
        template = extract()
        problems = [p for language in LANGUAGES for p in gaps(language, template)]
        print("\n".join(problems) or f"{len(template)} messages, complete in {', '.join(LANGUAGES)}")
        return 1 if problems else 0
    print("usage: python -m postguard.webui.catalogue [update [--into AREA]|check]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
