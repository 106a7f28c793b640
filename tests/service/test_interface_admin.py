"""Policy versions, People and Audit in the interface, as an administrator uses them."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from typing import ClassVar

from postguard.store.audit_events import Event
from interface_helpers import alerts, flashes, form_token, sign_in, signed_in
from service_helpers import PASSWORD, policy_source

BROKEN = "policy:\n  name: Broken\n  revision: '1'\nspeakers:\n  model: loose\nunknown_section: true\n"


def test_a_broken_policy_is_refused_with_its_lines(client, staff):
    signed_in(client, staff["admin"].username)
    page = client.get("/ui/policy/versions").text
    answer = client.post("/ui/policy/versions", data={"csrf_token": form_token(page)},
                         files={"policy_file": ("mine.yaml", BROKEN.encode())})
    assert answer.status_code == 422
    assert alerts(answer.text)[0].startswith("The policy was not stored:")
    lines = {int(n) for n in re.findall(r'<li data-line="(\d+)">', answer.text)}
    assert {5, 6} <= lines  # "loose" is no speakers model; unknown_section is no key
    assert "unknown_section" in answer.text and "line 6, column 1" in answer.text
    versions = client.get("/api/v1/policies", headers=staff["admin"].headers).json()
    assert [v["number"] for v in versions] == [1], "nothing stored"


def test_upload_shows_the_diff_and_activation_switches_the_version(client, staff):
    signed_in(client, staff["admin"].username)
    page = client.get("/ui/policy/versions").text
    source = policy_source(rules={"severity": {"PG701": "block"}})
    uploaded = client.post("/ui/policy/versions", data={"csrf_token": form_token(page), "source": source},
                           follow_redirects=True)
    assert str(uploaded.url).endswith("/ui/policy/versions/2?done=uploaded")
    assert "stored as version 2" in flashes(uploaded.text)[0]
    assert re.search(r'<span class="add">\+\s+PG701: block</span>', uploaded.text)
    activated = client.post("/ui/policy/versions/2/activate", data={"csrf_token": form_token(uploaded.text)},
                            follow_redirects=True)
    assert flashes(activated.text) == ["This version is now active: every check uses it."]
    assert client.get("/api/v1/policies/active", headers=staff["admin"].headers).json()["number"] == 2
    old = client.get("/ui/policy/versions/1").text  # old versions stay readable, with their diff
    assert 'id="source"' in old and 'id="activate-form"' in old


def test_policy_versions_are_for_those_who_keep_the_policy(client, staff):
    signed_in(client, staff["reviewer"].username)
    assert 'id="manage-versions"' not in client.get("/ui/policy").text
    assert client.get("/ui/policy/versions").status_code == 403
    client.cookies.clear()
    signed_in(client, staff["communications_lead"].username)
    page = client.get("/ui/policy/versions/1").text
    assert 'id="source"' in page and 'id="activate-form"' not in page  # leads upload, admins activate


def test_people_create_change_role_and_offboard(client, staff):
    signed_in(client, staff["admin"].username)
    token = form_token(client.get("/ui/people").text)
    created = client.post("/ui/people", follow_redirects=True, data={
        "csrf_token": token, "username": "nora", "display_name": "Nora Berg", "role": "employee",
        "language": "no", "password": PASSWORD})
    assert flashes(created.text)[0].startswith("The account is created.")
    assert '<tr data-username="nora">' in created.text
    changed = client.post("/ui/people/nora/role", data={"csrf_token": token, "role": "spokesperson"},
                          follow_redirects=True)
    assert re.search(r'<option value="spokesperson" selected>Spokesperson</option>', changed.text)
    confirm = client.get("/ui/people/nora/deactivate")
    assert "Nora Berg" in confirm.text and "Offboarding ends every session" in confirm.text
    done = client.post("/ui/people/nora/deactivate", data={"csrf_token": token}, follow_redirects=True)
    assert flashes(done.text)[0].startswith("The account is deactivated")
    client.cookies.clear()
    assert sign_in(client, "nora").status_code == 401


def test_a_weak_password_is_refused_and_the_form_kept(client, staff):
    signed_in(client, staff["admin"].username)
    token = form_token(client.get("/ui/people").text)
    answer = client.post("/ui/people", data={"csrf_token": token, "username": "nora", "display_name": "Nora Berg",
                                             "role": "employee", "language": "no", "password": "short"})
    assert answer.status_code == 422 and "10 characters" in alerts(answer.text)[0]
    assert 'value="Nora Berg"' in answer.text


def test_a_lead_cannot_hand_out_the_admin_role(client, staff):
    signed_in(client, staff["communications_lead"].username)
    page = client.get("/ui/people").text
    assert '<option value="admin"' not in page


def test_audit_filters_verify_and_export(client, staff):
    admin = staff["admin"]
    signed_in(client, admin.username)
    page = client.get("/ui/audit", params={"actor": admin.username}).text
    actions = set(re.findall(r'<tr data-action="([\w.]+)">', page))
    assert actions == {"auth.login"}
    drafts_only = client.get("/ui/audit", params={"action": "user."}).text
    assert set(re.findall(r'<tr data-action="([\w.]+)">', drafts_only)) == {"user.create"}
    verified = client.get("/ui/audit", params={"verify": "true"}).text
    checked = int(re.search(r"The chain is intact: (\d+) events checked", verified).group(1))
    assert checked >= len(staff) + 2
    export = re.search(r'href="(/api/v1/audit/export\?format=csv[^"]*)"', page).group(1).replace("&amp;", "&")
    csv_text = client.get(export).text
    assert csv_text.splitlines()[0].startswith("seq,at,actor,action") and f"user:{admin.username}" in csv_text


def test_a_broken_chain_is_shown(client, staff, db):
    from sqlalchemy import text

    with db.writer() as session:
        session.execute(text("UPDATE audit_events SET actor = 'someone-else' WHERE id = 2"))
        session.commit()
    signed_in(client, staff["admin"].username)
    page = client.get("/ui/audit", params={"verify": "true"}, headers={"Accept-Language": "he"}).text
    assert "השרשרת שבורה באירוע" in page and "event 2 was modified" in page


def _said(row: str) -> str:
    """An audit page row without its raw record: what the reader is told."""
    return row.split('<details class="audit-raw">')[0]


def _raw(row: str) -> dict:
    """The raw record of an audit page row: the event as the API returns it."""
    return json.loads(unescape(re.search(r"<pre[^>]*><code>(.*?)</code></pre>", row, re.S).group(1)))


@dataclass(frozen=True)
class OldEscalation(Event):
    """inbox.escalate as logged before escalation reasons had codes."""

    action: ClassVar[str] = "inbox.escalate"
    conversation_id: int
    to: str
    reason: str

    def resource(self) -> str:
        return f"conversation:{self.conversation_id}"


def test_the_audit_page_says_escalation_reasons_in_the_readers_language(client, staff, db):
    """inbox.escalate logs its reasons as codes with params; the page says them in the reader's language,
    and an event logged before reasons had codes shows its English reason as logged."""
    from postguard.store import audit
    from postguard.store.inbox_events import ConversationEscalated

    with db.writer() as session:
        audit.record(session, OldEscalation(conversation_id=1, to="security",
                                            reason="threat: escalated to the owner, never argued online"),
                     actor="system:inbox", policy_version=1)
        audit.record(session, ConversationEscalated(conversation_id=2, to="communications", structured_reasons=[
            {"code": "taken_off_target_queue", "params": {"situation": "harassment", "employee": "Maria Berg"}}]),
            actor="system:inbox", policy_version=1)
        session.commit()
    signed_in(client, staff["admin"].username)
    page = client.get("/ui/audit", params={"action": "inbox.escalate"}, headers={"Accept-Language": "pl"}).text
    rows = re.findall(r'<tr data-action="inbox.escalate">(.*?)</tr>', page, re.S)
    assert len(rows) == 2
    newest, oldest = (_said(row) for row in rows)
    assert "Nękanie pracownika (cel: Maria Berg): sprawę zdjęto z kolejki tej osoby (ochrona pracowników)" in newest
    assert "structured_reasons" not in newest and "taken_off_target_queue" not in newest
    assert "threat: escalated to the owner, never argued online" in oldest
    # The raw record below keeps the codes, as logged.
    assert _raw(rows[0])["payload"]["structured_reasons"][0]["code"] == "taken_off_target_queue"
    # The log itself keeps the codes.
    logged = client.get("/api/v1/audit", params={"action": "inbox.escalate"}, headers=staff["admin"].headers).json()
    assert {tuple(sorted(e["payload"])) for e in logged} == {("conversation_id", "reason", "to"),
                                                             ("conversation_id", "structured_reasons", "to")}


@dataclass(frozen=True)
class OldRetry(Event):
    """inbox.retry as logged before triage failures had codes."""

    action: ClassVar[str] = "inbox.retry"
    message_ids: list
    reasons: list

    def resource(self) -> str:
        return "inbox:triage"


def test_the_audit_page_says_triages_reassignments_and_failures_in_the_readers_language(client, staff, db):
    """Triage's reason for a reassignment and why retried messages had failed are logged as codes and said
    in the reader's language; a person's reason, an old event's English and an uncoded reason as logged."""
    from postguard.store import audit
    from postguard.store.inbox_events import ConversationAssigned, TriageRetried

    no_time = "the policy's opening hours do not give 8 business hours within 400 days"
    with db.writer() as session:
        for event in (
                ConversationAssigned(conversation_id=1, from_user="marta", to_user="ingrid",
                                     reason="taken off the employee the message attacks"),  # logged before codes
                ConversationAssigned(conversation_id=2, from_user="marta", to_user="ingrid", structured_reason={
                    "code": "taken_off_attacked_employee", "params": {"employee": "Marta Lund"}}),
                ConversationAssigned(conversation_id=3, from_user="ingrid", to_user=None, reason="urlop do piątku"),
                OldRetry(message_ids=[4], reasons=[f"UsageError: {no_time}"]),
                TriageRetried(message_ids=[5, 6], reasons=["OperationalError: disk I/O error", no_time],
                              structured_reasons=[None, {"code": "no_time_to_answer",
                                                         "params": {"hours": 8.0, "days": 400}}])):
            audit.record(session, event, actor="system:inbox", policy_version=1)
        session.commit()
    signed_in(client, staff["admin"].username)
    page = client.get("/ui/audit", params={"action": "inbox."}, headers={"Accept-Language": "pl"}).text
    rows = {action: re.findall(rf'<tr data-action="{action}">(.*?)</tr>', page, re.S)
            for action in ("inbox.assign", "inbox.retry")}
    by_hand, coded, old = (_said(row) for row in rows["inbox.assign"])
    assert "sprawę odebrano osobie atakowanej w wiadomości (Marta Lund) w ramach ochrony pracowników" in coded
    assert "structured_reason" not in coded and "taken_off_attacked_employee" not in coded
    assert "taken off the employee the message attacks" in old
    assert "urlop do piątku" in by_hand
    retried, old_retry = (_said(row) for row in rows["inbox.retry"])
    assert "godziny pracy podane w polityce nie dają 8 godzin roboczych w ciągu 400 dni" in retried
    assert "OperationalError: disk I/O error" in retried and "structured_reasons" not in retried
    assert f"UsageError: {no_time}" in old_retry.replace("&#39;", "'")
    # The log itself keeps the codes.
    logged = client.get("/api/v1/audit", params={"action": "inbox.assign"}, headers=staff["admin"].headers).json()
    assert [sorted(e["payload"]) for e in logged] == [["conversation_id", "from_user", "reason", "to_user"],
                                                      ["conversation_id", "from_user", "structured_reason", "to_user"],
                                                      ["conversation_id", "from_user", "reason", "to_user"]]


def test_the_audit_page_names_each_event_and_labels_its_fields_in_the_readers_language(client, staff, db):
    """A reader who does not know the codes: each event by name over its code, each field under a label,
    the draft linked, a reviewer's Hebrew comment isolated, and the record as logged one click away."""
    from postguard.store import audit
    from postguard.store.audit_events import DraftDecided

    with db.writer() as session:
        audit.record(session, DraftDecided(draft_id=3, decision="request_changes", comment="פחות האשטגים בבקשה"),
                     actor="user:piotr", policy_version=1)
        session.commit()
    signed_in(client, staff["admin"].username)
    for language, name, label, decision in (("en", "Reviewer's decision on a draft", "Comment", "Changes requested"),
                                            ("he", "החלטת הבודק על טיוטה", "הערה", "התבקשו שינויים")):
        page = client.get("/ui/audit", params={"action": "draft.decide"}, headers={"Accept-Language": language}).text
        row = re.search(r'<tr data-action="draft.decide">(.*?)</tr>', page, re.S).group(1)
        assert f'<span class="audit-name">{name}</span>' in unescape(row)
        assert '<code class="audit-code" dir="ltr" translate="no">draft.decide</code>' in row
        assert f"<dt>{label}</dt>" in row and f"<dd>{decision}</dd>" in row
        assert '<dd><span dir="auto">פחות האשטגים בבקשה</span></dd>' in row
        assert '<a href="/ui/drafts/3">3</a>' in row and '<a href="/ui/policy/versions/1">1</a>' in row
        assert "request_changes" not in _said(row)
        assert _raw(row)["payload"] == {"comment": "פחות האשטגים בבקשה", "decision": "request_changes", "draft_id": 3}
        assert _raw(row)["hash"] and _raw(row)["prev_hash"]


def test_the_audit_filter_offers_every_kind_of_event_by_name(client, staff):
    """Inbox and incident events are in the filter too, each by its name with its code."""
    signed_in(client, staff["communications_lead"].username)
    page = client.get("/ui/audit", params={"action": "inbox.escalate"}).text
    options = dict(re.findall(r'<option value="([\w.]+)"[^>]*>([^<]*)</option>', page))
    assert options["inbox.escalate"] == "Conversation escalated (inbox.escalate)"
    assert options["incident."] == "Incidents: every event (incident.*)"
    assert {"auth.login", "draft.decide", "inbox.retry", "incident.export", "training.quiz"} <= set(options)
    assert re.search(r'<option value="inbox.escalate" selected>', page)


def test_the_audit_page_links_a_conversation_to_its_url_on_the_inbox_page(client, staff, db):
    """``conversation:2`` and ``conversation_id`` link to ``/ui/inbox#conversation-2``, which inbox.js
    opens; an interface without the inbox page links nothing there."""
    from dataclasses import replace

    from postguard.store import audit
    from postguard.store.inbox_events import ConversationEscalated

    with db.writer() as session:
        audit.record(session, ConversationEscalated(conversation_id=2, to="communications", structured_reasons=[]),
                     actor="system:inbox", policy_version=1)
        session.commit()
    signed_in(client, staff["admin"].username)

    def row() -> str:
        page = client.get("/ui/audit", params={"action": "inbox.escalate"}).text
        return _said(re.search(r'<tr data-action="inbox.escalate">(.*?)</tr>', page, re.S).group(1))

    assert row().count('href="/ui/inbox#conversation-2"') == 2  # what it touched, and its conversation_id
    ui = next(route.app for route in client.app.routes if getattr(route, "path", None) == "/ui")
    ui.state.settings = replace(ui.state.settings, inbox_api=None)
    assert "/ui/inbox#" not in row()
