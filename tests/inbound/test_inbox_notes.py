"""Triage notes: codes with params, said in the reader's language; old text-only results still shown."""
from __future__ import annotations

import json
import re
import string

import pytest

from postguard.inbound.notes import NOTE_CODES, TriageNote, stored_note_texts, stored_triage_in
from postguard.inbound.triage import triage
from postguard.languages import LANGUAGES

HEBREW = re.compile(r"[\u0590-\u05FF]")


def _policy_in(language, varied_policy, policy_data, without=("praise",)):
    policy_data["languages"]["default"] = language
    for situation in without:
        del policy_data["situations"][situation]
    return varied_policy(policy_data)


def test_a_triage_under_a_polish_policy_says_its_notes_in_polish(varied_policy, policy_data, make_message):
    policy = _policy_in("pl", varied_policy, policy_data)
    result = triage(make_message("Tusen takk for hjelpen!"), policy)
    assert result.notes_language == "pl"
    assert [note.code for note in result.notes] == ["no_playbook"]
    assert result.note_texts() == ["polityka nie ma scenariusza dla sytuacji praise: przyjęto 24 godz. roboczych, "
                                   "brak standardowej odpowiedzi"]
    stored = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert stored["notes"] == result.note_texts() and stored["notes_language"] == "pl"
    assert stored["structured_notes"] == [{"code": "no_playbook", "params": {"situation": "praise", "hours": 24.0}}]


def test_the_same_notes_are_said_in_hebrew_for_a_hebrew_reader(varied_policy, policy_data, make_message):
    policy = _policy_in("en", varied_policy, policy_data)
    message = make_message("Tusen takk for hjelpen!", arrived_at="personal:lars.eriksen")
    result = triage(message, policy)
    codes = [note.code for note in result.notes]
    assert codes == ["personal_profile_company_case", "no_playbook"]
    hebrew = result.note_texts("he")
    assert all(HEBREW.search(text) for text in hebrew)
    assert hebrew[0] == "ההודעה הגיעה לפרופיל האישי של lars.eriksen: נפתחה כשיחה של החברה שבאחריות customer_service"
    # A stored English result is said again in Hebrew from its codes, suggested texts' notes included.
    stored = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert stored["notes"][0].startswith("arrived on lars.eriksen's personal profile")
    shown = stored_triage_in(stored, "he")
    assert shown["notes"] == hebrew and shown["notes_language"] == "he"
    assert stored_note_texts(stored, "he") == hebrew


def test_a_fallback_reply_note_is_said_again_in_the_readers_language(varied_policy, policy_data, make_message):
    del policy_data["situations"]["question"]["response"]["sv"]
    policy = _policy_in("en", varied_policy, policy_data, without=())
    result = triage(make_message("Hej, hur byter jag mitt elavtal till en ny adress?"), policy)
    assert result.language == "sv" and result.reply.fell_back
    stored = json.loads(json.dumps(result.to_dict()))
    assert stored["reply"]["note"] == "the policy has no standard response for question in sv; using en"
    shown = stored_triage_in(stored, "nl")
    assert shown["reply"]["note"] == ("het beleid heeft geen standaardantwoord voor question in de taal sv; "
                                      "de taal en wordt gebruikt")
    assert shown["notes"] == [shown["reply"]["note"]]


def test_results_stored_before_notes_had_codes_are_shown_as_stored():
    old = {"situation": "praise", "notes": ["the policy has no playbook for praise: 24 business hours assumed, "
                                            "no standard reply"],
           "reply": {"kind": "reply", "text": "Thanks", "note": ""}}
    assert stored_note_texts(old, "pl") == old["notes"]
    shown = stored_triage_in(old, "he")
    assert shown["notes"] == old["notes"] and shown["reply"] == old["reply"] and "notes_language" not in shown
    assert stored_note_texts({"situation": "praise"}, "sv") == []


def test_a_code_this_version_does_not_know_keeps_its_stored_text():
    stored = {"notes": ["said by a newer version", "outside opening hours but the policy has no "
                                                   "availability.acknowledgement"],
              "structured_notes": [{"code": "from_the_future", "params": {}}, {"code": "no_acknowledgement", "params": {}}]}
    assert stored_note_texts(stored, "sv") == ["said by a newer version",
                                               "utanför öppettiderna, men policyn har ingen availability.acknowledgement"]


def test_an_unknown_code_cannot_be_made():
    with pytest.raises(ValueError, match="unknown note code 'no_such_note'"):
        TriageNote("no_such_note")


@pytest.mark.parametrize("code", sorted(NOTE_CODES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_note_can_be_said_in_every_language(code, language):
    from postguard.output.note_labels import NOTE_LABELS

    params = {name: "x" for _, name, _, _ in string.Formatter().parse(NOTE_LABELS[code]["en"]) if name}
    params.update({k: 0.5 for k in ("confidence", "hours") if k in params})
    text = TriageNote(code, params).text(language)
    assert text and "{" not in text
    assert bool(HEBREW.search(text)) == (language == "he")


def test_a_responsibility_is_named_as_the_handbook_names_it_when_the_policy_is_given(varied_policy, policy_data,
                                                                                    make_message):
    """Its title in the reader's language and who holds it; the stored params keep the key."""
    policy_data["responsibilities"]["customer_service"]["title"].update(pl="Obsługa klienta", he="שירות לקוחות")
    policy = _policy_in("en", varied_policy, policy_data)
    result = triage(make_message("Tusen takk for hjelpen!", arrived_at="personal:lars.eriksen"), policy)
    note = result.notes[0]
    assert note.to_dict() == {"code": "personal_profile_company_case",
                              "params": {"employee": "lars.eriksen", "owner": "customer_service"}}
    assert note.text("en", policy) == ("arrived on lars.eriksen's personal profile: opened as a company "
                                       "conversation owned by Customer service (Kari Nordmann)")
    assert note.text("pl", policy).endswith("której właścicielem jest Obsługa klienta (Kari Nordmann)")
    assert note.text("he", policy) == ("ההודעה הגיעה לפרופיל האישי של lars.eriksen: נפתחה כשיחה של החברה "
                                       "שבאחריות שירות לקוחות (Kari Nordmann)")
    # Without the policy, as before: the key.
    assert note.text("en").endswith("owned by customer_service")
    # A stored result is said again with the names; what is stored keeps the keys.
    stored = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert stored["notes"][0].endswith("owned by customer_service")
    assert stored_note_texts(stored, "he", policy)[0] == note.text("he", policy)
    shown = stored_triage_in(stored, "pl", policy)
    assert shown["notes"][0] == note.text("pl", policy)
    assert shown["structured_notes"] == stored["structured_notes"]
    assert result.to_dict(policy=policy)["notes"][0] == note.text("en", policy)
    assert result.to_dict(policy=policy)["structured_notes"] == stored["structured_notes"]


def test_only_params_holding_a_responsibility_key_are_named(inbox_policy):
    rerouted = TriageNote("owner_is_target_rerouted", {"owner": "Kari Nordmann", "situation": "harassment",
                                                       "to": "communications"})
    assert rerouted.text("en", inbox_policy) == ("Kari Nordmann owns harassment but is its target; routed to "
                                                 "Communications (Ingrid Solberg)")
    # The sentence is about the key itself; a key the policy does not have stays the key.
    missing = TriageNote("owner_not_in_policy", {"owner": "customer_service"})
    assert missing.text("en", inbox_policy) == missing.text("en")
    gone = TriageNote("personal_profile_company_case", {"employee": "lars", "owner": "retired_team"})
    assert gone.text("en", inbox_policy).endswith("owned by retired_team")


def test_every_responsibility_param_is_a_placeholder_of_its_code_in_every_language():
    from postguard.output.note_labels import NOTE_LABELS, RESPONSIBILITY_PARAMS

    for code, names in RESPONSIBILITY_PARAMS.items():
        for language, sentence in NOTE_LABELS[code].items():
            placeholders = {name for _, name, _, _ in string.Formatter().parse(sentence) if name}
            assert names <= placeholders, (code, language)
