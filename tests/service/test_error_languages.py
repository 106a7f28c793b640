"""Error messages follow Accept-Language (pl, no, sv, he, nl, en); the machine code never does."""
from __future__ import annotations

import re

import pytest

from postguard.languages import LANGUAGES
from postguard.web.translate import catalogue, placeholders, requested_language
from service_helpers import PASSWORD, assert_error

OTHERS = [language for language in LANGUAGES if language != "en"]
COMMON = ("not_found", "forbidden", "validation_error", "too_many_requests", "conflict")


def test_every_language_has_every_message_with_the_same_placeholders():
    english = catalogue("en")
    for language in OTHERS:
        theirs = catalogue(language)
        for section in ("errors", "validation"):
            assert set(theirs[section]) == set(english[section]), f"{language}.yaml {section}"
            for key, text in english[section].items():
                assert placeholders(theirs[section][key]) == placeholders(text), f"{language}.yaml {section}.{key}"
                assert theirs[section][key] != text, f"{language}.yaml {section}.{key} is still English"
    assert set(COMMON) <= set(english["errors"])
    assert re.search(r"[\u0590-\u05FF]", catalogue("he")["errors"]["forbidden"])


@pytest.mark.parametrize("header,language", [
    ("pl-PL,pl;q=0.9,en;q=0.8", "pl"), ("nb-NO", "no"), ("nn", "no"), ("sv", "sv"), ("he-IL", "he"), ("iw", "he"),
    ("nl-BE,nl;q=0.9", "nl"), ("en-GB", "en"), ("de-DE,fr;q=0.9", "en"), ("de,sv;q=0.5", "sv"), (None, "en"),
    ("pl;q=0.2,nl;q=0.8", "nl"),
])
def test_the_callers_language_is_chosen_from_accept_language(header, language):
    assert requested_language(header) == language


def _common_errors(client, staff, language: str) -> dict[str, dict]:
    """One response per common error, asked for in ``language``."""
    headers = {"Accept-Language": language}
    employee = {**staff["employee"].headers, **headers}
    admin = {**staff["admin"].headers, **headers}
    found = {
        "not_found": assert_error(client.get("/api/v1/drafts/424242", headers=admin), 404, "not_found"),
        "forbidden": assert_error(client.get("/api/v1/users", headers=employee), 403, "forbidden"),
        "validation_error": assert_error(client.post("/api/v1/checks", json={"txt": "hi"}, headers=employee),
                                         422, "validation_error"),
        "conflict": assert_error(client.post("/api/v1/users", headers=admin, json={
            "username": staff["employee"].username, "role": "employee", "password": PASSWORD}), 409, "conflict"),
    }
    for _ in range(5):
        client.post("/api/v1/auth/login", json={"username": "nobody-here", "password": "wrong password"},
                    headers=headers)
    throttled = client.post("/api/v1/auth/login", json={"username": "nobody-here", "password": "wrong password"},
                            headers=headers)
    found["too_many_requests"] = assert_error(throttled, 429, "too_many_requests")
    assert throttled.headers["Content-Language"] == language
    return found


@pytest.mark.parametrize("language", OTHERS)
def test_common_errors_are_translated_and_keep_their_code(client, staff, db, language):
    errors = _common_errors(client, staff, language)
    texts = catalogue(language)
    assert errors["not_found"]["message"] == texts["errors"]["not_found"]
    assert errors["forbidden"]["message"] == texts["errors"]["forbidden"]
    assert errors["conflict"]["message"] == texts["errors"]["conflict"]
    missing = texts["validation"]["missing"]
    assert errors["validation_error"]["message"] == texts["errors"]["validation_error"].format(
        location=errors["validation_error"]["details"][0]["location"], problem=errors["validation_error"]["details"][0]["message"])
    assert missing in [d["message"] for d in errors["validation_error"]["details"]]
    retry = re.search(r"\d+", errors["too_many_requests"]["message"])
    assert retry and errors["too_many_requests"]["message"] == texts["errors"]["too_many_requests"].format(
        retry_after=retry.group())
    # Nothing is lost: the specific English message travels in the details.
    for code in ("not_found", "forbidden", "conflict", "too_many_requests"):
        assert {"language": "en"} .items() <= errors[code]["details"][-1].items(), errors[code]
    assert "424242" in errors["not_found"]["details"][-1]["message"]


def test_english_keeps_the_specific_message(client, staff, db):
    errors = _common_errors(client, staff, "en")
    assert errors["not_found"]["message"] == "no draft 424242"
    assert errors["not_found"]["details"] == []
    assert errors["validation_error"]["message"] == "body.text: Field required"


def test_unknown_paths_and_methods_are_translated_too(client):
    error = assert_error(client.get("/api/v1/nothing-here", headers={"Accept-Language": "sv"}), 404, "not_found")
    assert error["message"] == catalogue("sv")["errors"]["not_found"]
    error = assert_error(client.delete("/api/v1/checks", headers={"Accept-Language": "he"}), 405, "method_not_allowed")
    assert error["message"] == catalogue("he")["errors"]["method_not_allowed"]
