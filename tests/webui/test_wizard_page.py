"""The policy wizard page: the questionnaire in the reader's language, errors next to answers,
a starter policy that validates, and its download."""
from __future__ import annotations

from postguard.policy.loader import load_policy_text

ANSWERS = {"company": "Kafé Lund", "website": "https://kafelund.se", "size": "small", "speakers": "trained_employees",
           "channels": ["instagram", "facebook"], "regulated": "none", "languages": ["sv", "en"],
           "default_language": "sv", "competitors": "Espresso House, Wayne's", "timezone": "Europe/Stockholm",
           "hours": "07:00-18:00", "days": "every_day", "responsible_name": "Elin Berg",
           "responsible_email": "elin@kafelund.se", "covers_email": "yes", "working_time": "yes"}


def test_questions_in_hebrew_right_to_left(client):
    client.cookies.set("pg_lang", "he")
    page = client.get("/ui/wizard")
    assert page.status_code == 200 and '<html lang="he" dir="rtl">' in page.text
    assert "אשף המדיניות" in page.text and "מי מדבר בשם החברה ברשת?" in page.text


def test_answers_give_a_policy_that_validates(client):
    page = client.post("/ui/wizard", data=ANSWERS)
    assert page.status_code == 200 and 'id="wizard-result"' in page.text
    download = client.post("/ui/wizard/policy.yaml", data=ANSWERS)
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    policy = load_policy_text(download.text)
    assert policy.organisation.name == "Kafé Lund" and policy.languages.default == "sv"
    assert [c.name for c in policy.sensitive.competitors] == ["Espresso House", "Wayne's"]
    assert policy.speakers.model == "open" and policy.availability.hours["sun"] == ["07:00-18:00"]


def test_wrong_answers_are_shown_and_the_form_keeps_what_was_typed(client):
    page = client.post("/ui/wizard", data={**ANSWERS, "hours": "7-18", "company": ""})
    assert page.status_code == 422 and 'id="wizard-errors"' in page.text
    assert 'href="#q-hours"' in page.text and 'href="#q-company"' in page.text
    assert 'value="Elin Berg"' in page.text and 'id="wizard-result"' not in page.text
