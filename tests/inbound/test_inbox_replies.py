"""Suggested replies: the customer's language, placeholders filled, checked before sending."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from postguard.errors import UsageError
from postguard.findings import Verdict
from postguard.inbound.replies import (
    acknowledgement, case_number, fill, pick_language, placeholder_problems, recheck, redirect_reply, suggest_reply,
)
from postguard.languages import LANGUAGES
from postguard.policy.schema import SITUATIONS


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_situation_has_a_filled_reply_in_every_language(inbox_policy, make_message, language):
    message = make_message("x")
    for situation in SITUATIONS:
        reply = suggest_reply(inbox_policy, message, situation, language, "Ola", run_check=False)
        assert reply.language == language and not reply.fell_back
        assert "{" not in reply.text and "}" not in reply.text


def test_placeholders_are_filled(inbox_policy, make_message):
    message = make_message("Hei", author_name="Sofia Lind", external_id="fb-77")
    reply = suggest_reply(inbox_policy, message, "praise", "sv", "Ola Nordmann")
    assert reply.text == "Tack så mycket, Sofia Lind! Vi skickar det vidare till teamet. Ola Nordmann, Fjordline Energi"
    assert reply.report.verdict is Verdict.PASS and reply.may_send


def test_handle_is_used_without_a_name(inbox_policy, make_message):
    message = make_message("Hei", author_name=None, author_handle="sofia_l")
    assert suggest_reply(inbox_policy, message, "praise", "sv", "Ola").text.startswith("Tack så mycket, sofia_l!")


def test_case_number_is_stable_across_redelivery(make_message):
    assert case_number(make_message("a", external_id="x-1")) == case_number(make_message("b", external_id="x-1"))
    assert case_number(make_message("a", external_id="x-1")) != case_number(make_message("a", external_id="x-2"))


def test_fallback_to_default_language_says_so(varied_policy, policy_data, make_message):
    del policy_data["situations"]["complaint"]["response"]["he"]
    policy = varied_policy(policy_data)
    reply = suggest_reply(policy, make_message("x"), "complaint", "he", "Ola")
    assert reply.language == "en" and reply.requested_language == "he" and reply.fell_back
    assert reply.note.code == "response_in_default"
    assert reply.note.text("en") == "the policy has no standard response for complaint in he; using en"
    assert reply.note.text("pl") == ("polityka nie ma standardowej odpowiedzi dla sytuacji complaint w języku he; "
                                     "użyto języka en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_customer_language_is_said_in_words(inbox_policy, language):
    picked = pick_language(inbox_policy, inbox_policy.availability.acknowledgement, None, "acknowledgement")
    assert picked.language == "en" and picked.requested_language is None and picked.fell_back
    assert picked.note.code == "acknowledgement_language_unknown" and picked.note.params == {"fallback": "en"}
    said = picked.note.text(language)
    # Said as a sentence in the reader's language, never "... in unknown" or "... in None".
    assert said.endswith("en") and "unknown" not in said and "None" not in said
    expected = {"en": "the customer's language is not known: the acknowledgement is in en",
                "pl": "nie wiadomo, w jakim języku pisze klient: automatyczne potwierdzenie jest w języku en",
                "he": "שפת הלקוח אינה ידועה: אישור הקבלה האוטומטי הוא בשפה en"}
    if language in expected:
        assert said == expected[language]


def test_a_text_in_the_customers_language_has_no_note(inbox_policy):
    picked = pick_language(inbox_policy, inbox_policy.redirect.reply, "sv", "redirect")
    assert picked.language == "sv" and not picked.fell_back and picked.note is None


def test_reply_is_checked_and_a_bad_edit_cannot_be_sent(inbox_policy, make_message):
    message = make_message("x")
    reply = suggest_reply(inbox_policy, message, "question", "en", "Ola")
    assert reply.may_send
    edited = recheck(reply, "Call me on my private phone +47 912 34 567 or " + " ".join(["#deal"] * 12),
                     inbox_policy, message)
    assert edited.report.findings, "the edit must be checked again"
    assert edited.report is not reply.report


def test_unknown_placeholder_is_reported_for_the_loader(varied_policy, policy_data):
    policy_data["situations"]["question"]["response"]["nl"] = "Hallo {klant}, zie {support_url}"
    # The policy loader refuses it, with its position (postguard.policy.crosscheck).
    from postguard.errors import PolicyError
    with pytest.raises(PolicyError, match=r"situations.question.response.nl: unknown placeholder \{klant\}"):
        varied_policy(policy_data)


def test_the_test_policy_has_no_placeholder_problems(inbox_policy):
    assert placeholder_problems(inbox_policy) == []


def test_fill_refuses_unknown_and_missing():
    with pytest.raises(UsageError, match="unknown placeholder"):
        fill("Hi {name}", {"customer_name": "A"})
    with pytest.raises(UsageError, match="no value"):
        fill("Hi {customer_name}", {})
    assert fill("Use {{braces}} {company}", {"company": "X"}) == "Use {braces} X"


def test_redirect_reply(inbox_policy, make_message):
    reply = redirect_reply(inbox_policy, make_message("x", arrived_at="personal:lars"), "nl", "Lars")
    assert reply.text.startswith("Hallo Kari Kunde, zodat er niets verloren gaat, schrijf ons via https://fjordline.example/help")
    assert reply.kind == "redirect" and reply.may_send


def test_acknowledgement_shows_opening_in_policy_zone(inbox_policy, make_message):
    opens = datetime(2026, 11, 30, 8, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    ack = acknowledgement(inbox_policy, make_message("x"), "he", opens, "Ola")
    assert ack.text.startswith("תודה, Kari Kunde.") and "2026-11-30 08:00" in ack.text
