"""Triage: situation, owner, escalation, employee protection, deadline and acknowledgement."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from postguard.inbound.sla import SlaStatus
from postguard.inbound.targets import Employee
from postguard.inbound.triage import Triage, triage

OSLO = ZoneInfo("Europe/Oslo")
STAFF = [Employee("Maria Berg", ("mberg",)), Employee("Lars Eriksen", ("lars.eriksen",)),
         Employee("Ingrid Solberg", ("isolberg",))]


@pytest.fixture
def triager(inbox_policy):
    return Triage(inbox_policy, employees=STAFF)


def test_question_in_opening_hours(triager, make_message):
    result = triager(make_message("Hvordan flytter jeg avtalen til ny adresse?", at="2026-11-24T10:00:00+01:00"))
    assert (result.language, result.situation, result.urgency) == ("no", "question", "normal")
    assert result.owner.responsibility == "customer_service" and result.owner.name == "Kari Nordmann"
    assert result.escalations == () and result.open_at_arrival and result.acknowledgement is None
    # Tuesday 10:00 + 8 business hours: 6 h on Tuesday, 2 h from Wednesday 08:00.
    assert result.deadline == datetime(2026, 11, 25, 10, 0, tzinfo=OSLO)
    assert result.reply.language == "no" and "Kari Kunde" in result.reply.text
    assert "https://fjordline.example/help" in result.reply.text and result.case_number in result.reply.text
    assert result.reply.may_send


def test_friday_evening_gets_acknowledgement_in_customer_language(triager, make_message):
    result = triager(make_message("Dziękuję za szybką pomoc!", at="2026-11-27T19:30:00+01:00"))
    assert result.situation == "praise" and not result.open_at_arrival
    ack = result.acknowledgement
    assert ack.kind == "acknowledgement" and ack.language == "pl" and not ack.fell_back
    assert ack.text.startswith("Dziękujemy, Kari Kunde.") and "2026-11-30 08:00" in ack.text
    # praise has 16 business hours: all of Monday and Tuesday.
    assert result.deadline == datetime(2026, 12, 1, 16, 0, tzinfo=OSLO)


def test_threat_goes_straight_to_security_and_is_critical(triager, make_message):
    result = triager(make_message("I know where you live. You will regret this.", at="2026-11-24T10:00:00+01:00"))
    assert result.situation == "threat" and result.urgency == "critical"
    assert result.owner.responsibility == "security"
    assert [e.to.responsibility for e in result.escalations] == ["security"]
    assert result.deadline == datetime(2026, 11, 24, 11, 0, tzinfo=OSLO)


@pytest.mark.parametrize("text,situation,owner", [
    ("Ta firma to oszuści, okradają klientów.", "libel", "legal"),
    ("U gebruikt mijn foto zonder toestemming, verwijder hem.", "copyright_claim", "legal"),
])
def test_libel_and_copyright_escalate_to_legal(triager, make_message, text, situation, owner):
    result = triager(make_message(text))
    assert result.situation == situation and result.urgency == "high"
    assert [e.to.responsibility for e in result.escalations] == [owner]
    assert result.escalations[0].to.email == "legal@fjordline.example"


def test_harassment_of_named_employee_is_taken_off_her(triager, make_message):
    result = triager(make_message("Maria Berg is the most useless idiot I ever talked to"))
    assert result.situation == "harassment"
    assert result.target.employee.name == "Maria Berg" and result.not_assignable == ("Maria Berg",)
    assert result.owner.responsibility == "communications"
    assert len(result.escalations) == 1
    assert [r.code for r in result.escalations[0].reasons] == ["escalated_to_owner", "taken_off_target_queue"]
    assert "employee protection" in result.escalations[0].reason_text("en")


def test_threat_at_named_employee_also_goes_to_the_communications_lead(triager, make_message):
    result = triager(make_message("If Maria calls me again I will come to your office."))
    assert result.situation == "threat" and result.not_assignable == ("Maria Berg",)
    assert [e.to.responsibility for e in result.escalations] == ["security", "communications"]


def test_harassment_of_the_communications_lead_goes_to_final_owner_note(triager, make_message):
    result = triager(make_message("Ingrid Solberg is an idiot"))
    assert result.not_assignable == ("Ingrid Solberg",)
    assert any("is its target" in note for note in result.note_texts())


def test_private_profile_message_is_redirected(triager, make_message):
    message = make_message("Hei Lars, kan du se på strømavtalen min?", arrived_at="personal:lars.eriksen",
                           at="2026-11-24T21:15:00+01:00")
    result = triager(message)
    assert result.owner.responsibility == "customer_service"
    assert result.redirect.kind == "redirect" and result.redirect.language == "no"
    assert result.redirect.text.startswith("Hei Kari Kunde, for at ingenting skal bli borte")
    assert any("personal profile" in note for note in result.note_texts())


def test_abuse_on_employee_profile_targets_that_employee(triager, make_message):
    result = triager(make_message("You are a stupid clown", arrived_at="personal:lars.eriksen"))
    assert result.situation == "harassment"
    assert result.target.employee.name == "Lars Eriksen" and result.not_assignable == ("Lars Eriksen",)


def test_urgent_complaint_is_high(triager, make_message):
    result = triager(make_message("Vi har strømbrudd og ingen har svart, det haster! Uakseptabelt."))
    assert result.situation == "complaint" and result.urgency == "high"


def test_hebrew_customer_in_tel_aviv(triager, make_message):
    # Sunday 10:00 in Tel Aviv: Oslo is closed; the answer is due Monday 08:00 + 8 h → 16:00 Oslo.
    result = triager(make_message("שלום, יש לי שאלה לגבי החשבון האחרון?", at="2026-11-29T10:00:00+02:00"))
    assert result.language == "he" and result.situation == "question"
    assert not result.open_at_arrival
    assert result.acknowledgement.language == "he" and "2026-11-30 08:00" in result.acknowledgement.text
    assert result.deadline == datetime(2026, 11, 30, 16, 0, tzinfo=OSLO)


def test_unrecognised_language_falls_back_and_says_so(triager, make_message):
    result = triager(make_message("Guten Tag, ich möchte mein Geld zurück, bitte schnell", at="2026-11-24T10:00:00+01:00"))
    assert result.language is None
    assert any(note.startswith("written in de, not a first-class language") for note in result.note_texts())
    assert result.reply.language == "en" and result.reply.fell_back
    said = f"the customer's language is not known: the standard response for {result.situation} is in en"
    assert said in result.note_texts()


def test_a_language_that_cannot_be_told_is_said_with_its_confidence(triager, make_message):
    result = triager(make_message("xD xD xD", at="2026-11-24T10:00:00+01:00"))
    assert result.language is None
    assert any(note.startswith("language not recognised (confidence") for note in result.note_texts())


def test_sla_alert_states(triager, inbox_policy, make_message):
    result = triager(make_message("Dette er uakseptabelt, ingen har svart.", at="2026-11-24T09:00:00+01:00"))
    assert result.situation == "complaint"  # 4 business hours: due 13:00
    hours = triager.hours
    assert result.sla(hours, datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)) is SlaStatus.OK
    assert result.sla(hours, datetime(2026, 11, 24, 12, 30, tzinfo=OSLO)) is SlaStatus.AT_RISK
    assert result.sla(hours, datetime(2026, 11, 24, 13, 5, tzinfo=OSLO)) is SlaStatus.MISSED


def test_spam_is_not_acknowledged(triager, make_message):
    result = triager(make_message("Get 10k followers today!!! bit.ly/xx #a #b #c", at="2026-11-28T12:00:00+01:00"))
    assert result.situation == "spam" and result.urgency == "low" and result.acknowledgement is None


def test_missing_playbook_is_said(varied_policy, policy_data, make_message):
    del policy_data["situations"]["praise"]
    result = triage(make_message("Tusen takk for hjelpen!"), varied_policy(policy_data))
    assert result.situation == "praise" and result.reply is None
    assert result.owner.responsibility == "communications"  # the final responsibility
    assert any("no playbook for praise" in note for note in result.note_texts())


def test_result_serialises(triager, make_message):
    import json

    data = triager(make_message("Maria Berg is an idiot")).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False))["target"]["employee"] == "Maria Berg"


class FixedClassifier:
    """A stand-in for the model-based classifier: triage accepts any SituationClassifier."""

    def __init__(self, answer):
        self.answer = answer

    def classify(self, text, language):
        return self.answer, {self.answer: 1.0}


def test_pluggable_classifier_decides_the_situation(inbox_policy, make_message):
    result = Triage(inbox_policy, FixedClassifier("libel"), run_check=False)(make_message("Nice weather"))
    assert result.situation == "libel" and result.owner.responsibility == "legal"


def test_a_classifier_answering_nonsense_is_a_clear_error(inbox_policy, make_message):
    from postguard.errors import UsageError

    with pytest.raises(UsageError, match="returned 'angry'"):
        Triage(inbox_policy, FixedClassifier("angry"))(make_message("x"))
