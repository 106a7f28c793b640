"""An audit event as the audit page shows it: names, labels and values in the reader's language,
links where a page exists, people's own words isolated, and the record itself kept whole."""
from __future__ import annotations

import json

import pytest

from postguard.languages import LANGUAGES
from postguard.webui import audit_view
from postguard.webui.i18n import Translator

#: The interface's pages for the tests: drafts, incidents and policy versions; no others.
PAGES = {"draft": "/ui/drafts/{draft_id}", "incident": "/ui/incidents/{incident_id}",
         "policy_version": "/ui/policy/versions/{number}"}


def link(name, **params):
    return PAGES[name].format(**params) if name in PAGES else None


def event(action: str, payload: dict, *, resource: str = "draft:3", policy_version: int | None = 2) -> dict:
    return {"seq": 41, "at": "2026-12-07T15:04:05.123456Z", "actor": "user:piotr", "action": action,
            "resource": resource, "policy_version": policy_version, "payload": payload,
            "prev_hash": "a" * 64, "hash": "b" * 64}


def details(shown: dict) -> dict[str, tuple[str, list[str]]]:
    return {d.field: (d.label, [p.text for p in d.pieces]) for d in shown["details"]}


DECISION = event("draft.decide", {"comment": "פחות האשטגים בבקשה", "decision": "request_changes", "draft_id": 3})


def test_a_decision_in_english_by_name_with_labels_in_the_events_order():
    shown = audit_view.shown(DECISION, Translator("en"), link)
    assert shown["name"] == "Reviewer's decision on a draft" and shown["action"] == "draft.decide"
    assert [d.field for d in shown["details"]] == ["draft_id", "decision", "comment"]  # as declared, not sorted
    assert details(shown) == {"draft_id": ("Draft", ["3"]), "decision": ("Decision", ["Changes requested"]),
                              "comment": ("Comment", ["פחות האשטגים בבקשה"])}
    draft = shown["details"][0].pieces[0]
    assert draft.href == "/ui/drafts/3"
    assert [d.free_text for d in shown["details"]] == [False, False, True]  # the reviewer's words: dir="auto"


def test_the_same_decision_in_hebrew_and_polish():
    hebrew = audit_view.shown(DECISION, Translator("he"), link)
    assert hebrew["name"] == "החלטת הבודק על טיוטה"
    assert details(hebrew)["decision"] == ("החלטה", ["התבקשו שינויים"])
    assert hebrew["when"].text == "7 בדצמ׳ 2026, 15:04:05" and hebrew["when"].moment == DECISION["at"]
    polish = audit_view.shown(DECISION, Translator("pl"), link)
    assert polish["name"] == "Decyzja recenzenta w sprawie szkicu"
    assert polish["when"].text == "7 gru 2026, 15:04:05"


def test_the_raw_record_is_the_event_whole():
    shown = audit_view.shown(DECISION, Translator("he"), link)
    assert json.loads(shown["raw"]) == DECISION
    assert "פחות האשטגים בבקשה" in shown["raw"]  # readable, not \\u escapes
    assert shown["raw"].index('"seq"') < shown["raw"].index('"hash"')  # the API's order


def test_what_the_event_touched_by_name_and_the_policy_version_linked():
    shown = audit_view.shown(DECISION, Translator("en"), link)
    assert shown["on"] == audit_view.Resource("Draft", "3", "/ui/drafts/3")
    assert shown["policy_href"] == "/ui/policy/versions/2"
    conversation = audit_view.shown(event("inbox.reply_send", {}, resource="conversation:12"), Translator("nl"), link)
    assert conversation["on"] == audit_view.Resource("Gesprek", "12", None)  # no page of its own
    scan = audit_view.shown(event("incident.scan", {}, resource="campaign_comments"), Translator("en"), link)
    assert scan["on"].kind == "Comments scanned for coordinated campaigns" and scan["on"].text == ""
    unknown = audit_view.shown(event("x.y", {}, resource="thing:9", policy_version=None), Translator("en"), link)
    assert unknown["on"] == audit_view.Resource(None, "thing:9") and unknown["policy_href"] is None


def test_lists_nothing_yes_no_numbers_and_coded_values():
    quiz = event("training.quiz", {"username": "noa", "policy_version": 4, "language": "he", "score": 0.85,
                                   "passed": True}, resource="user:noa")
    assert details(audit_view.shown(quiz, Translator("pl"), link)) == {
        "username": ("Nazwa użytkownika", ["noa"]), "policy_version": ("Wersja polityki", ["4"]),
        "language": ("Język", ["עברית"]), "score": ("Wynik", ["0,85"]), "passed": ("Test zaliczony", ["Tak"])}
    retried = event("inbox.retry", {"message_ids": [5, 6], "reasons": [], "structured_reasons": []},
                    resource="inbox:triage")
    said = audit_view.shown(retried, Translator("en"), link)
    assert details(said)["message_ids"] == ("Messages", ["5", "6"])
    assert details(said)["reasons"] == ("Reasons", ["—"])
    assert [d.separator for d in said["details"]][:2] == [", ", "; "]
    role = event("user.set_role", {"username": "bob", "old_role": "employee", "new_role": "reviewer"})
    assert details(audit_view.shown(role, Translator("he"), link))["new_role"] == ("תפקיד חדש", ["בודק"])
    department = event("user.set_department", {"username": "bob", "old_department": "", "new_department": "IT"})
    assert details(audit_view.shown(department, Translator("en"), link))["old_department"][1] == ["—"]


def test_moments_in_the_readers_format_and_a_broken_one_as_logged():
    invite = event("training.invite", {"username": "noa", "policy_version": 4,
                                       "expires_at": "2027-01-07T02:12:35+00:00"}, resource="user:noa")
    expires = next(d for d in audit_view.shown(invite, Translator("nl"), link)["details"] if d.field == "expires_at")
    assert expires.pieces[0].text == "7 januari 2027, 02:12:35 UTC"
    assert expires.pieces[0].moment == "2027-01-07T02:12:35+00:00"
    broken = event("training.invite", {"username": "noa", "policy_version": 4, "expires_at": "soon"})
    assert details(audit_view.shown(broken, Translator("nl"), link))["expires_at"][1] == ["soon"]


def test_ids_link_to_their_pages():
    scan = event("incident.scan", {"received": 40, "new": 38, "opened": ["inc-7"], "grown": []},
                 resource="campaign_comments")
    opened = next(d for d in audit_view.shown(scan, Translator("en"), link)["details"] if d.field == "opened")
    assert opened.pieces[0].href == "/ui/incidents/inc-7"
    activated = event("policy.activate", {"number": 3, "previous": None}, resource="policy:3")
    shown = audit_view.shown(activated, Translator("en"), link)
    assert details(shown) == {"number": ("Version", ["3"]), "previous": ("Previously active version", ["—"])}
    assert shown["details"][0].pieces[0].href == "/ui/policy/versions/3"


def test_a_conversation_links_to_the_inbox_page_where_the_interface_has_one():
    def with_inbox(name, **params):
        if name == "inbox":
            return "/ui/inbox#conversation-{}".format(*params.values())
        return link(name, **params)

    sent = event("inbox.reply_send", {"conversation_id": 12, "reply_id": 3}, resource="conversation:12")
    shown = audit_view.shown(sent, Translator("en"), with_inbox)
    assert shown["on"] == audit_view.Resource("Conversation", "12", "/ui/inbox#conversation-12")
    assert shown["details"][0].pieces[0].href == "/ui/inbox#conversation-12"
    without = audit_view.shown(sent, Translator("en"), link)  # no inbox page: no link
    assert without["on"].href is None and without["details"][0].pieces[0].href is None


def test_nothing_is_hidden_an_unknown_action_and_field_show_as_logged():
    odd = event("archive.sweep", {"swept": 3, "where": {"bucket": "b1"}, "conversation_id": 4})
    shown = audit_view.shown(odd, Translator("he"), link)
    assert shown["name"] is None
    assert details(shown) == {"swept": ("swept", ["3"]), "where": ("where", ["bucket: b1"]),
                              "conversation_id": ("שיחה", ["4"])}


def test_a_coded_escalation_is_said_in_the_readers_language_and_kept_in_the_raw_record():
    escalated = event("inbox.escalate", {"conversation_id": 2, "to": "communications", "structured_reasons": [
        {"code": "taken_off_target_queue", "params": {"situation": "harassment", "employee": "Maria Berg"}}]},
        resource="conversation:2")
    shown = audit_view.shown(escalated, Translator("pl"), link)
    assert [d.field for d in shown["details"]] == ["conversation_id", "to", "reason"]
    assert "Maria Berg" in details(shown)["reason"][1][0] and shown["details"][2].free_text
    assert json.loads(shown["raw"])["payload"]["structured_reasons"][0]["code"] == "taken_off_target_queue"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filter_offers_every_family_and_action_by_name_with_its_code(language):
    groups = audit_view.filter_choices(Translator(language))
    values = [g["value"] for g in groups] + [value for g in groups for value, _text in g["actions"]]
    assert len(values) == len(set(values))
    assert {"draft.", "inbox.", "incident.", "inbox.escalate", "incident.export", "auth.login"} <= set(values)
    inbox = next(g for g in groups if g["value"] == "inbox.")
    text = dict(inbox["actions"])["inbox.escalate"]
    assert "inbox.escalate" in text and text != "inbox.escalate"
    if language == "he":  # the code is isolated from the Hebrew around it
        assert "\u2068inbox.escalate\u2069" in text
