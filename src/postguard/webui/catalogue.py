"""Keep the interface's message catalogues in step with the code.

``python -m postguard.webui.catalogue update`` extracts every translatable string from the
templates (``_("…")``, ``ngettext``) and the Python modules (``_``/``N_``) and merges them into
each language's ``.po`` (new strings appear empty, removed ones become obsolete).
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
from .i18n import DOMAIN, _babel_locale

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


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=_babel_locale(language), domain=DOMAIN)


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


def update() -> None:
    """Merge the extracted strings into every catalogue (English keeps its source strings)."""
    for language in LANGUAGES:
        # A fresh template each time: Catalog.update shares the template's Message objects.
        template = extract()
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            catalog = load(language)
        else:
            catalog = Catalog(locale=_babel_locale(language), domain=DOMAIN, project="postguard")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False  # the header; messages keep their own flags
        if language == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
        return 0
    if command == "check":
        template = extract()
        problems = [p for language in LANGUAGES for p in gaps(language, template)]
        print("\n".join(problems) or f"{len(template)} messages, complete in {', '.join(LANGUAGES)}")
        return 1 if problems else 0
    print("usage: python -m postguard.webui.catalogue [update|check]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
