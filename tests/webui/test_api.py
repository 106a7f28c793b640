"""The live-check endpoint the compose page calls."""
from __future__ import annotations

import pytest

HASHTAGS = "Great day at the plant #energy #oslo #norway #work #team #happy #solar"


def test_findings_come_with_labels_in_the_readers_language(client):
    response = client.post("/ui/api/check", json={"text": HASHTAGS, "ui_language": "pl", "language": "en"})
    assert response.status_code == 200
    data = response.json()
    finding = next(f for f in data["findings"] if f["code"] == "PG701")
    assert finding["severity_label"] in {"Ostrzeżenie", "Blokuje publikację", "Uwaga"}
    assert finding["category_label"] == "Spam"
    english = client.post("/ui/api/check", json={"text": HASHTAGS, "ui_language": "en", "language": "en"}).json()
    assert "7" in finding["message"] and finding["message"] != english["findings"][0]["message"]
    assert finding["suggestion"] != english["findings"][0]["suggestion"]
    assert data["ui"]["summary"].endswith(("uwaga", "uwagi", "uwag"))
    assert response.headers["server-timing"].startswith("check;dur=")


def test_the_interface_language_comes_from_the_request_when_not_given(client):
    data = client.post("/ui/api/check", json={"text": HASHTAGS}, headers={"Accept-Language": "sv"}).json()
    assert data["ui"]["language"] == "sv"


def test_a_clean_draft(client):
    data = client.post("/ui/api/check", json={"text": "A sunny day at the office.", "ui_language": "nl"}).json()
    assert data["verdict"] == "pass" and data["findings"] == []
    assert data["ui"]["summary"] == "Geen bevindingen: dit concept volgt het beleid."


def test_offsets_for_the_browser_count_emoji_twice(client):
    text = "😀😀 " + HASHTAGS
    finding = client.post("/ui/api/check", json={"text": text}).json()["findings"][0]
    assert finding["utf16_start"] == finding["start"] + 2
    assert text[finding["start"]:finding["end"]] == finding["excerpt"]
    assert text.encode("utf-16-le")[2 * finding["utf16_start"]:2 * finding["utf16_end"]].decode("utf-16-le") == finding["excerpt"]


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"text": "hi", "channel": "carrier-pigeon"}, 422, "invalid_input"),
    ({"text": "hi", "account": "anonymous"}, 422, "validation_error"),
    ({"text": "hi", "language": "fr"}, 422, "invalid_input"),
    ({"words": "hi"}, 422, "validation_error"),
    ({"text": "x" * 20_001}, 413, "draft_too_long"),
])
def test_bad_requests_get_one_clear_error_shape(client, body, status, code):
    response = client.post("/ui/api/check", json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["status"] == status


def test_broken_json_is_a_clear_error(client):
    response = client.post("/ui/api/check", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


def test_the_service_can_supply_its_own_policy(handbook_policy):
    from fastapi.testclient import TestClient

    from postguard.webui import UISettings, create_ui

    with TestClient(create_ui(UISettings(policy=lambda: handbook_policy))) as client:
        data = client.post("/api/check", json={"text": "Hello"}).json()
    assert data["policy"] == {"name": "Nordlys test policy", "version": "2026.11-t"}


def test_a_detected_language_is_named_in_the_readers_language(client):
    polish = "Dzisiaj był świetny dzień w pracy, cały zespół skończył projekt przed terminem."
    data = client.post("/ui/api/check", json={"text": polish, "ui_language": "sv"}).json()
    assert data["language"] == "pl" and data["ui"]["language_note"] == "Läst som Polski"
    given = client.post("/ui/api/check", json={"text": polish, "language": "pl", "ui_language": "sv"}).json()
    assert given["ui"]["language_note"] == ""


def test_a_draft_the_checks_cannot_read_is_explained_in_the_readers_language(client):
    german = "Unser neues Produkt kommt nächste Woche auf den Markt, wir freuen uns sehr."
    data = client.post("/ui/api/check", json={"text": german, "ui_language": "nl"}).json()
    assert data["verdict"] == "warn" and data["unread_language"] == "de"
    assert data["ui"]["summary"] == "0 bevindingen"
    assert data["ui"]["language_note"].startswith("geschreven in een taal die de controles niet lezen (de)")
