"""Escalation reasons: codes with params, said in the reader's language with the situation's own name;
escalations stored before reasons had codes still shown."""
from __future__ import annotations

import json
import re

import pytest

from postguard.inbound.escalation_reasons import (REASON_CODES, EscalationReason, said_again, situation_name,
                                                  stored_escalations_in)
from postguard.inbound.notes import stored_triage_in
from postguard.inbound.targets import Employee
from postguard.inbound.triage import Triage
from postguard.languages import LANGUAGES
from postguard.output.escalation_labels import ESCALATION_LABELS
from postguard.policy.handbook import phrases
from postguard.policy.schema import SITUATIONS

HEBREW = re.compile(r"[\u0590-\u05FF]")
MARIA = Employee("Maria Berg", ("mberg",))
#: An example of each code's params.
PARAMS = {"escalated_to_owner": {"situation": "threat"},
          "taken_off_target_queue": {"situation": "threat", "employee": "Maria Berg"}}


def _triage(policy, make_message, text):
    return Triage(policy, employees=[MARIA], run_check=False)(make_message(text))


def test_every_code_has_an_example():
    assert set(PARAMS) == REASON_CODES


@pytest.mark.parametrize("code", sorted(REASON_CODES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_is_said_in_every_language_with_the_situations_own_name(code, language):
    text = EscalationReason(code, PARAMS[code]).text(language)
    threat = phrases(language)["situations"]["names"]["threat"]
    assert text.startswith(threat) and "{" not in text
    assert bool(HEBREW.search(text)) == (language == "he")
    if language != "en":
        assert "threat" not in text  # neither the situation's key nor its English name
        # No word of the English sentence leaks into the translation ("online" is Dutch too).
        leaked = {"escalated", "owner", "argued", "aimed", "queue", "protection"} & set(re.findall(r"\w+", text))
        assert not leaked, f"{code} in {language}: {leaked}"
    if "employee" in PARAMS[code]:
        assert "Maria Berg" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_situation_has_a_name_in_every_language(language):
    names = {situation: situation_name(situation, language) for situation in SITUATIONS}
    assert all(name and name != situation for situation, name in names.items()), names


def test_a_threat_is_escalated_to_its_owner_in_the_policys_language(varied_policy, policy_data, make_message):
    policy_data["languages"]["default"] = "pl"
    result = _triage(varied_policy(policy_data), make_message, "I know where you live. You will regret this.")
    escalation = result.escalations[0]
    assert escalation.to.responsibility == "security"
    assert escalation.reasons == (EscalationReason("escalated_to_owner", {"situation": "threat"}),)
    stored = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert stored["escalations"][0]["reason"] == ("Groźba: przekazano właścicielowi sprawy "
                                                  "(takich spraw nie omawia się w sieci)")
    assert stored["escalations"][0]["structured_reasons"] == [{"code": "escalated_to_owner",
                                                               "params": {"situation": "threat"}}]


def test_harassment_of_a_named_employee_is_one_escalation_with_both_reasons(inbox_policy, make_message):
    result = _triage(inbox_policy, make_message, "Maria Berg is the most useless idiot I ever talked to")
    assert [e.to.responsibility for e in result.escalations] == ["communications"]
    reasons = result.escalations[0].reasons
    assert [r.code for r in reasons] == ["escalated_to_owner", "taken_off_target_queue"]
    assert reasons[1].params == {"situation": "harassment", "employee": "Maria Berg"}
    assert result.escalations[0].reason_text("en") == (
        "Harassment of an employee: escalated to the owner, never argued online; "
        "Harassment of an employee aimed at Maria Berg: taken off their queue (employee protection)")
    assert result.escalations[0].reason_text("he") == (
        "הטרדה של עובד: הפנייה הועברה לאחראי (בעניינים כאלה לא מתווכחים ברשת); "
        "הטרדה של עובד (נגד Maria Berg): הפנייה הוסרה מהתור של Maria Berg (הגנה על עובדים)")


def test_a_stored_english_result_is_said_again_in_each_readers_language(inbox_policy, make_message):
    result = _triage(inbox_policy, make_message, "If Maria calls me again I will come to your office.")
    stored = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert [e["reason"] for e in stored["escalations"]] == [
        "A threat: escalated to the owner, never argued online",
        "A threat aimed at Maria Berg: taken off their queue (employee protection)"]
    shown = stored_triage_in(stored, "sv")
    assert [e["reason"] for e in shown["escalations"]] == [
        "Ett hot: ärendet har lämnats över till ägaren (sådant diskuteras aldrig på nätet)",
        "Ett hot (måltavla: Maria Berg): ärendet har tagits bort från personens kö (skydd av anställda)"]
    assert [e["to"] for e in shown["escalations"]] == [e["to"] for e in stored["escalations"]]
    assert shown["escalations"][1]["structured_reasons"] == stored["escalations"][1]["structured_reasons"]
    assert stored["escalations"][0]["reason"].startswith("A threat")  # the stored result is not changed


def test_escalations_stored_before_reasons_had_codes_are_shown_as_stored():
    old = {"situation": "threat", "notes": [],
           "escalations": [{"to": {"responsibility": "security"},
                            "reason": "threat: escalated to the owner, never argued online"}]}
    assert stored_triage_in(old, "he")["escalations"] == old["escalations"]
    assert stored_escalations_in(None, "pl") is None
    assert "escalations" not in stored_triage_in({"notes": []}, "pl")


def test_a_reason_this_version_cannot_say_keeps_its_stored_text():
    stored = "said by a newer version"
    assert said_again([{"code": "from_the_future", "params": {}}], stored, "nl") == stored
    assert said_again([{"code": "taken_off_target_queue", "params": {"situation": "threat"}}], stored, "nl") == stored
    assert said_again(["not a mapping"], stored, "nl") == stored
    assert said_again([], stored, "nl") == stored


def test_an_unknown_code_cannot_be_made():
    with pytest.raises(ValueError, match="unknown escalation code 'no_such_reason'"):
        EscalationReason("no_such_reason")


def test_a_language_that_is_not_first_class_is_said_in_english_and_an_unknown_situation_by_its_key():
    assert EscalationReason("escalated_to_owner", {"situation": "threat"}).text("de") == (
        "A threat: escalated to the owner, never argued online")
    assert EscalationReason("escalated_to_owner", {"situation": "smuggling"}).text("pl").startswith("smuggling: ")


def test_labels_have_no_semicolon_of_their_own():
    """The reasons of one escalation are joined by '; ': a label with its own would blur where one ends."""
    assert not [f"{code}.{lang}" for code, texts in ESCALATION_LABELS.items() for lang, text in texts.items()
                if ";" in text]
