"""The pages as a reader gets them: language, direction, navigation, the handbook."""
from __future__ import annotations

import re

import pytest

from postguard.languages import LANGUAGES, direction
from postguard.policy.handbook import phrases
from postguard.webui.i18n import Translator


def html_text(value: str) -> str:
    from html import escape

    return escape(value, quote=True).replace("&#x27;", "&#39;")

PAGES = ("compose", "review", "inbox", "incidents", "policy", "people", "audit", "dashboard")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_in_every_language(client, name, language):
    response = client.get(f"/ui/{name}", headers={"Accept-Language": language})
    assert response.status_code == 200
    html = response.text
    assert f'<html lang="{language}" dir="{direction(language)}">' in html
    _ = Translator(language)
    # The navigation is translated and marks the current page.
    assert f'aria-current="page">{_(name.capitalize())}</a>' in html
    assert response.headers["content-language"] == language


def test_hebrew_is_right_to_left_and_polish_is_polish(client):
    client.cookies.set("pg_lang", "he")
    he = client.get("/ui/compose").text
    client.cookies.clear()
    assert '<html lang="he" dir="rtl">' in he and "כתיבת פוסט" in he
    pl = client.get("/ui/compose", headers={"Accept-Language": "pl"}).text
    assert "Napisz post" in pl and "Write a post" not in pl


def test_the_switcher_sets_a_cookie_and_returns_to_the_page(client):
    response = client.get("/ui/language/sv", params={"next": "/ui/policy?hl=he"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/policy?hl=he"
    assert "pg_lang=sv" in response.headers["set-cookie"]
    assert '<html lang="sv"' in client.get("/ui/compose").text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil"])
def test_the_switcher_never_redirects_away(client, target):
    response = client.get("/ui/language/nl", params={"next": target}, follow_redirects=False)
    assert response.headers["location"].endswith("/ui/compose")


def test_an_unknown_language_changes_nothing(client):
    response = client.get("/ui/language/xx", follow_redirects=False)
    assert response.status_code == 303 and "set-cookie" not in response.headers


def test_compose_without_a_service_explains_why_submit_is_disabled(client):
    html = client.get("/ui/compose").text
    button = re.search(r'<button type="submit"[^>]*>', html).group(0)
    assert "disabled" in button and 'aria-describedby="submit-note"' in button
    assert "Submitting needs the postguard service" in html


def test_service_pages_say_what_they_need(client):
    html = client.get("/ui/inbox", headers={"Accept-Language": "nl"}).text
    assert "Deze pagina heeft de postguard-dienst nodig" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handbook_in_each_language(handbook_client, language):
    html = handbook_client.get("/ui/policy", params={"hl": language}).text
    article = re.search(r'<article class="handbook card" id="handbook" lang="(\w+)" dir="(\w+)">', html)
    assert article.groups() == (language, direction(language))
    # One handbook for the CLI and the page: its headings are the policy package's own phrases.
    assert html_text(phrases(language)["sections"]["guidelines"]) in html
    expected = {"en": "Never post a customer's phone number", "pl": "Nigdy nie publikuj numeru telefonu",
                "no": "Publiser aldri en kundes telefonnummer", "sv": "Publicera aldrig en kunds telefonnummer",
                "he": "לעולם אל תפרסמו מספר טלפון", "nl": "Plaats nooit het telefoonnummer"}[language]
    assert expected in html.replace("&#39;", "'")
    assert "Project Aurora" in html and "Ingrid Berg" in html


def test_the_handbook_language_is_independent_of_the_interface(handbook_client):
    html = handbook_client.get("/ui/policy", params={"hl": "he"}, headers={"Accept-Language": "pl"}).text
    assert '<html lang="pl" dir="ltr">' in html
    assert 'lang="he" dir="rtl"' in html and phrases("he")["sections"]["guidelines"] in html


def test_the_page_shows_the_handbook_the_cli_renders(handbook_client, handbook_policy):
    from postguard.policy.handbook import build_handbook

    handbook = build_handbook(handbook_policy, "nl")
    html = handbook_client.get("/ui/policy", params={"hl": "nl"}).text
    titles = [t for t in re.findall(r'<h3 id="([\w-]+)-title">', html) if t != "toc"]
    assert titles == [section.id for section in handbook.sections]
    for section in handbook.sections:
        assert html_text(section.title) in html


def test_the_handbook_marks_text_that_falls_back_to_the_default_language(handbook_client, handbook_policy):
    from postguard.policy.handbook import build_handbook

    handbook = build_handbook(handbook_policy.model_copy(update={"working_time": {"en": "Only in English"}}), "he")
    working_time = next(s for s in handbook.sections if s.id == "working_time")
    fallback = next(b for b in working_time.blocks if getattr(b, "text", None) and b.text.text == "Only in English")
    assert fallback.text.lang == "en"
    policy = handbook_policy.model_copy(update={"working_time": {"en": "Only in English"}})
    from fastapi.testclient import TestClient

    from postguard.webui import UISettings, create_demo_app

    with TestClient(create_demo_app(UISettings(policy=lambda: policy))) as client:
        html = client.get("/ui/policy", params={"hl": "he"}).text
    assert '<span lang="en" dir="ltr">Only in English</span>' in html


def test_static_assets_are_served(client):
    css = client.get("/ui/static/postguard.css")
    assert css.status_code == 200 and "inset-inline-start" in css.text
    assert client.get("/ui/static/compose.js").status_code == 200


def test_pages_allow_only_their_own_resources(client):
    headers = client.get("/ui/compose").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_the_inbox_page_fetches_its_lists_as_often_as_the_service_says():
    from fastapi.testclient import TestClient

    from postguard.errors import UsageError
    from postguard.settings import Settings
    from postguard.webui import UISettings, create_ui

    with TestClient(create_ui(UISettings(inbox_api="/api/v1", inbox_refresh_seconds=2.5))) as client:
        html = client.get("/inbox", headers={"Accept-Language": "he"}).text
    assert 'data-refresh-ms="2500"' in html
    # What the page says of conversations that came in while it was open, in the reader's language.
    assert 'data-text-new="שיחה חדשה"' in html and 'data-text-new-count="שיחות חדשות: \u2068{num}\u2069"' in html
    assert Settings.from_env({"POSTGUARD_INBOX_REFRESH_SECONDS": "15"}).inbox_refresh_seconds == 15
    with pytest.raises(UsageError, match="POSTGUARD_INBOX_REFRESH_SECONDS"):
        Settings.from_env({"POSTGUARD_INBOX_REFRESH_SECONDS": "0"})
