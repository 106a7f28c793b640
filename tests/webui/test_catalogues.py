"""Every string of the interface exists in all six catalogues, and the reader's language is chosen right."""
from __future__ import annotations

import pytest

from postguard.languages import LANGUAGES
from postguard.webui import catalogue
from postguard.webui.i18n import Translator, choose_language, from_accept_language


@pytest.fixture(scope="module")
def template():
    return catalogue.extract()


def test_the_extractor_finds_the_interface_strings(template):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    # One string from each kind of source: layout, page, Python label, plural.
    assert {"Skip to content", "Write a post", "Personal data", "%(num)d finding"} <= ids
    assert len(ids) > 80


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language, template):
    assert catalogue.gaps(language, template) == []


def test_a_missing_translation_is_reported(tmp_path, monkeypatch, template):
    source = catalogue.po_path("sv").read_text(encoding="utf-8")
    broken = source.replace('msgstr "Hoppa till innehållet"', 'msgstr ""')
    assert broken != source
    target = tmp_path / "sv" / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True)
    target.write_text(broken, encoding="utf-8")
    for other in catalogue.area_files("sv"):  # the other areas' files stay as they are
        if other.name != "messages.po":
            (target.parent / other.name).write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    assert catalogue.gaps("sv", template) == ["sv: empty 'Skip to content'"]


@pytest.mark.parametrize("language", [l for l in LANGUAGES if l != "en"])
def test_translations_are_not_english(language):
    _ = Translator(language)
    assert _("Write a post") != "Write a post"
    assert _("Submit for publication") != "Submit for publication"


def test_plural_forms_follow_the_language():
    pl = Translator("pl")
    assert [pl.ngettext("%(num)d finding", "%(num)d findings", n) for n in (1, 3, 5, 22)] == [
        "1 uwaga", "3 uwagi", "5 uwag", "22 uwagi"]
    assert Translator("en").ngettext("%(num)d finding", "%(num)d findings", 2) == "2 findings"


@pytest.mark.parametrize(("header", "expected"), [
    ("nb-NO,nb;q=0.9,en;q=0.5", "no"),
    ("de-DE,de;q=0.9,sv;q=0.4", "sv"),
    ("en;q=0.2,he;q=0.8", "he"),
    ("iw", "he"),
    ("fr, *;q=0.1", None),
    ("", None),
    ("pl;q=nonsense,nl", "nl"),
])
def test_accept_language(header, expected):
    assert from_accept_language(header) == expected


def test_the_switchers_cookie_wins_over_the_browser():
    assert choose_language("pl", "sv,en") == "pl"
    assert choose_language("klingon", "sv,en") == "sv"
    assert choose_language(None, None) == "en"


def test_update_adds_new_strings_empty_except_in_english(tmp_path, monkeypatch):
    import shutil

    from babel.messages.pofile import write_po

    shutil.copytree(catalogue.LOCALE_DIR, tmp_path, dirs_exist_ok=True)
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    for language in LANGUAGES:  # as if "Write a post" had just been added to a template
        catalog = catalogue.load(language)
        del catalog["Write a post"]
        with catalogue.po_path(language).open("wb") as handle:
            write_po(handle, catalog)
    catalogue.update()
    assert catalogue.load("en")["Write a post"].string == "Write a post"
    for language in ("pl", "he"):
        assert catalogue.load(language)["Write a post"].string == ""
        assert catalogue.gaps(language) == [f"{language}: empty 'Write a post'"]
    assert catalogue.load("pl")["Submit for publication"].string == "Wyślij do publikacji"


def test_names_filled_into_hebrew_sentences_are_isolated():
    he = Translator("he").gettext("Policy %(name)s, revision %(revision)s", name="Nordlys", revision="2026.11-t")
    assert he == "מדיניות \u2068Nordlys\u2069, גרסה \u20682026.11-t\u2069"
    en = Translator("en").gettext("Policy %(name)s, revision %(revision)s", name="Nordlys", revision="2026.11-t")
    assert en == "Policy Nordlys, revision 2026.11-t"


def test_an_area_keeps_its_new_strings_in_a_file_of_its_own(tmp_path, monkeypatch):
    import shutil

    from babel.messages.pofile import write_po

    shutil.copytree(catalogue.LOCALE_DIR, tmp_path, dirs_exist_ok=True)
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    for language in LANGUAGES:  # as if "Write a post" were new, and an area had a string no code uses
        catalog = catalogue.load(language, "messages")
        del catalog["Write a post"]
        with catalogue.po_path(language).open("wb") as handle:
            write_po(handle, catalog)
        area = catalogue.Catalog(locale=catalog.locale, domain="messages")
        area.add("A string no code uses", "x")
        with catalogue.po_path(language, "sample_area").open("wb") as handle:
            write_po(handle, area)
    catalogue.update(into="sample_area")
    assert catalogue.load("pl", "sample_area")["Write a post"].string == ""
    assert catalogue.load("pl", "sample_area").get("A string no code uses") is None
    assert catalogue.load("pl", "messages").get("Write a post") is None
    assert catalogue.load("en", "sample_area")["Write a post"].string == "Write a post"
    assert catalogue.gaps("pl") == ["pl: empty 'Write a post'"]


def test_the_interface_reads_every_file_of_a_language():
    from postguard.webui.i18n import catalogue_files, read_catalogue

    files = catalogue_files("nl")
    assert files[0].name == "messages.po"
    assert read_catalogue(files, "nl")["Write a post"].string == Translator("nl")("Write a post")
