"""The inbox through the API, on SQLite and PostgreSQL: accept, triage in the background, read,
reply (checked), send to the outbox, reassign, protect employees, forward, hand over."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from postguard.auth.permissions import CLI_ACTOR
from postguard.settings import Settings
from postguard.store import audit, people
from postguard.store.inbox_models import InboxConversation, InboxMessage, InboxOutbox, InboxReply, NotifyQueueItem
from postguard.store.models import AuditEvent
from inbox_helpers import SECRET, demo_records, message
from service_helpers import PASSWORD, assert_error

FAST = dict(argon2_time_cost=1, argon2_memory_kib=64, warm_up=False)


@pytest.fixture
def inbox_client(db, tmp_path):
    from postguard.web.app import create_app

    settings = Settings(data_dir=tmp_path, database_url=db.engine.url.render_as_string(hide_password=False),
                        inbox_worker=False, inbox_classifier="keywords", notify_urls=("http://127.0.0.1:9/hook",),
                        notify_secret=SECRET, **FAST)
    app = create_app(settings, db=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.worker = app.state.inbox.worker
        client.settings = settings
        yield client


@pytest.fixture
def team(make_person):
    return {"spokesperson": make_person("spokesperson"), "lead": make_person("communications_lead"),
            "employee": make_person("employee")}


def count(db, model, *where) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def audit_actions(db) -> list[str]:
    with db.reader() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_inbound_is_idempotent_and_rejects_malformed_batches_whole(inbox_client, team, db):
    headers = team["spokesperson"].headers
    records = demo_records()
    first = inbox_client.post("/api/v1/inbound", json=records, headers=headers)
    assert first.status_code == 202, first.text
    assert first.json()["accepted"] == len(records) and first.json()["duplicates"] == 0
    again = inbox_client.post("/api/v1/inbound", json={"messages": records[:3]}, headers=headers)
    assert again.json() == {"accepted": 0, "duplicates": 3, "messages": [
        {**m, "duplicate": True} for m in first.json()["messages"][:3]]}
    one = inbox_client.post("/api/v1/inbound", json=message("x-1", "Hei, hvor er fakturaen min?"), headers=headers)
    assert one.status_code == 202 and one.json()["accepted"] == 1
    assert count(db, InboxMessage) == len(records) + 1

    bad = message("x-2", "Hei")
    bad["received_at"] = "2026-11-23T10:00:00"  # no time zone
    unknown = {**message("x-3", "Hei"), "colour": "red"}
    refused = inbox_client.post("/api/v1/inbound", json=[message("x-4", "fine"), bad, unknown], headers=headers)
    error = assert_error(refused, 422, "invalid_message")
    locations = [d["location"] for d in error["details"]]
    assert "messages[1].received_at" in locations and "messages[2].colour" in locations
    assert "nothing was stored" in error["message"]
    assert count(db, InboxMessage) == len(records) + 1  # not even the good one of the refused batch
    assert_error(inbox_client.post("/api/v1/inbound", content=b"{not json", headers=headers), 422, "invalid_input")
    assert_error(inbox_client.post("/api/v1/inbound", json="text", headers=headers), 422, "invalid_input")
    assert_error(inbox_client.post("/api/v1/inbound", json=[], headers=headers), 422, "invalid_input")
    assert audit_actions(db).count("inbox.accept") == 3
    with db.reader() as session:
        assert audit.verify(session).ok  # the acceptor's Core/pipelined appends continue the chain


def test_triage_routes_escalates_and_suggests_a_reply_in_the_customers_language(inbox_client, team, db):
    headers = team["spokesperson"].headers
    inbox_client.post("/api/v1/inbound", json=demo_records(), headers=headers)
    assert inbox_client.get("/api/v1/inbox/conversations", headers=headers).json() == []  # nothing triaged yet
    assert inbox_client.worker.drain() == len(demo_records())
    listed = inbox_client.get("/api/v1/inbox/conversations", headers=headers).json()
    by_case = {c["situation"]: c for c in listed}
    assert by_case["threat"]["owner"] == "security" and by_case["threat"]["escalated"]
    assert by_case["libel"]["owner"] == "legal" and by_case["copyright_claim"]["owner"] == "legal"
    marta = [c for c in listed if c["customer"] == "Marta Kowalska"][0]
    assert marta["situation"] == "refund_request" and marta["language"] == "pl" and marta["owner"] == "customer_service"
    deadlines = [c["deadline"] for c in listed]
    assert deadlines == sorted(deadlines)  # most pressing first
    polish = inbox_client.get(f"/api/v1/inbox/conversations/{marta['id']}", headers=headers).json()
    reply = polish["suggested_reply"]
    assert reply["language"] == "pl" and "Marta Kowalska" in reply["text"] and polish["case_number"] in reply["text"]
    assert "{" not in reply["text"] and reply["verdict"] in ("pass", "warn") and reply["may_send"]
    assert polish["messages"][0]["triage"]["situation"] == "refund_request"
    filtered = inbox_client.get("/api/v1/inbox/conversations?language=pl&situation=refund_request", headers=headers)
    assert [c["id"] for c in filtered.json()] == [polish["id"]]
    with db.reader() as session:
        events = list(session.scalars(select(NotifyQueueItem.event)))
    assert events.count("inbox.escalation") >= 3  # threat, libel, copyright at least
    assert "inbox.escalate" in audit_actions(db)


def test_out_of_hours_message_gets_an_acknowledgement_recorded_in_the_outbox(inbox_client, team, db):
    sunday = message("ack-1", "Hei, jeg har et spørsmål om fakturaen min?", received_at="2026-11-22T23:10:00+01:00")
    inbox_client.post("/api/v1/inbound", json=sunday, headers=team["spokesperson"].headers)
    inbox_client.worker.drain()
    with db.reader() as session:
        ack = session.scalar(select(InboxReply).where(InboxReply.kind == "acknowledgement"))
        assert ack is not None and ack.status == "sent" and ack.language == "no" and "Kari Nordmann" in ack.text
        assert session.scalar(select(InboxOutbox).where(InboxOutbox.reply_id == ack.id)) is not None
    assert "inbox.acknowledge" in audit_actions(db)


def test_edits_are_checked_and_a_blocked_reply_is_never_sent(inbox_client, team, db):
    headers = team["spokesperson"].headers
    inbox_client.post("/api/v1/inbound", json=message("r-1", "Hvorfor er fakturaen min så høy? Svar meg.",
                                                      language="no"), headers=headers)
    inbox_client.worker.drain()
    conversation = inbox_client.get("/api/v1/inbox/conversations", headers=headers).json()[0]
    url = f"/api/v1/inbox/conversations/{conversation['id']}"
    bad = "Kundens personnummer er 010190 12345 og du er en idiot."
    edited = inbox_client.put(f"{url}/reply", json={"text": bad}, headers=headers)
    assert edited.status_code == 200 and edited.json()["verdict"] == "block" and not edited.json()["may_send"]
    refused = inbox_client.post(f"{url}/send", json={}, headers=headers)
    assert_error(refused, 409, "conflict")
    assert count(db, InboxOutbox) == 0 and "inbox.reply_refused" in audit_actions(db)
    sent = inbox_client.post(f"{url}/send", json={"text": "Hei Kari, takk for meldingen. Vi ser på fakturaen din."},
                             headers=headers)
    assert sent.status_code == 200, sent.text
    assert sent.json()["reply"]["status"] == "sent" and sent.json()["reply"]["verdict"] == "pass"
    exported = (inbox_client.settings.outbox_dir / "replies.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(exported[-1])["text"].startswith("Hei Kari") and json.loads(exported[-1])["to"] == "kunde"
    assert inbox_client.get(url, headers=headers).json()["status"] == "answered"
    with db.reader() as session:
        assert "inbox.reply_sent" in set(session.scalars(select(NotifyQueueItem.event)))
    assert_error(inbox_client.post(f"{url}/send", json={}, headers=headers), 409, "conflict")  # nothing waiting


def test_abuse_at_a_named_employee_is_taken_off_them_escalated_and_counted(inbox_client, team, make_person, db):
    maria = make_person("spokesperson", "maria.berg")
    with db.writer() as session:
        people.get_user(session, username="maria.berg").display_name = "Maria Berg"
        session.commit()
    harassment = [r for r in demo_records() if r["external_id"] == "fb-1008"][0]
    inbox_client.post("/api/v1/inbound", json=harassment, headers=team["spokesperson"].headers)
    inbox_client.worker.drain()
    lead = team["lead"].headers
    conversation = inbox_client.get("/api/v1/inbox/conversations", headers=lead).json()[0]
    assert conversation["situation"] == "harassment" and conversation["escalated"]
    assert conversation["assignee"] != "maria.berg"
    detail = inbox_client.get(f"/api/v1/inbox/conversations/{conversation['id']}", headers=lead).json()
    assert detail["protected_employee"] == "Maria Berg"
    assert inbox_client.get("/api/v1/inbox/conversations", headers=maria.headers).json() == []
    assert_error(inbox_client.get(f"/api/v1/inbox/conversations/{conversation['id']}", headers=maria.headers), 404)
    refused = inbox_client.post(f"/api/v1/inbox/conversations/{conversation['id']}/assign",
                                json={"username": "maria.berg", "reason": "she knows the case"}, headers=lead)
    assert_error(refused, 409, "conflict")
    counts = inbox_client.get("/api/v1/inbox/protection", headers=lead).json()
    assert [(c["employee"], c["messages"]) for c in counts] == [("Maria Berg", 1)]
    assert "inbox.protect" in audit_actions(db)
    moved = inbox_client.post(f"/api/v1/inbox/conversations/{conversation['id']}/assign",
                              json={"username": team["spokesperson"].username, "reason": "cover"}, headers=lead)
    assert moved.status_code == 200 and moved.json()["assignee"] == team["spokesperson"].username


def test_the_owner_is_named_as_the_handbook_names_it_in_the_callers_language(inbox_client, team, db):
    """Beside the responsibility's key, its title in the caller's language and the person who holds it."""
    lead = team["lead"].headers
    inbox_client.post("/api/v1/inbound", json=demo_records(), headers=lead)
    inbox_client.worker.drain()

    def marta(language: str | None) -> dict:
        headers = {**lead, "Accept-Language": language} if language else lead
        listed = inbox_client.get("/api/v1/inbox/conversations", headers=headers).json()
        return [c for c in listed if c["customer"] == "Marta Kowalska"][0]

    named = {key: marta(None)[key] for key in ("owner", "owner_title", "owner_title_language", "owner_name")}
    assert named == {"owner": "customer_service", "owner_title": "Customer service", "owner_title_language": "en",
                     "owner_name": "Marta Zielińska"}  # no Accept-Language: the policy's default language
    assert (marta("pl-PL,pl;q=0.9")["owner_title"], marta("he")["owner_title"]) == ("Obsługa klienta", "שירות לקוחות")
    assert marta("he")["owner_title_language"] == "he" and marta("he")["owner"] == "customer_service"
    assert marta("de")["owner_title"] == "Customer service"  # not first-class: the policy's default
    conversation = marta(None)["id"]
    detail = inbox_client.get(f"/api/v1/inbox/conversations/{conversation}", headers={**lead, "Accept-Language": "sv"})
    assert (detail.json()["owner"], detail.json()["owner_title"]) == ("customer_service", "Kundservice")
    moved = inbox_client.post(f"/api/v1/inbox/conversations/{conversation}/assign", json={"username": None,
                              "reason": "team"}, headers={**lead, "Accept-Language": "nl"})
    assert moved.status_code == 200 and moved.json()["owner_title"] == "Klantenservice"
    # A responsibility the active policy no longer has: the key alone, nothing made up.
    with db.writer() as session:
        session.get(InboxConversation, conversation).owner_key = "retired_team"
        session.commit()
    gone = marta("pl")
    assert (gone["owner"], gone["owner_title"], gone["owner_title_language"], gone["owner_name"]) == (
        "retired_team", None, None, None)


def test_forward_from_a_personal_profile_opens_a_company_conversation(inbox_client, team, db):
    employee = team["employee"]
    forwarded = inbox_client.post("/api/v1/inbox/forward", json={
        "platform": "instagram", "author_handle": "ola", "author_name": "Ola Nordmann",
        "text": "Hei! Kan du hjelpe meg med strømavtalen min? Jeg får ikke svar fra kundeservice."},
        headers=employee.headers)
    assert forwarded.status_code == 201, forwarded.text
    body = forwarded.json()
    assert body["owner"] == "customer_service"
    assert (body["owner_title"], body["owner_name"]) == ("Customer service", "Marta Zielińska")
    redirect = body["redirect_reply"]
    assert redirect["language"] == "no" and "Ola Nordmann" in redirect["text"] and "nordlys.example/help" in redirect["text"]
    detail = inbox_client.get(f"/api/v1/inbox/conversations/{body['conversation_id']}",
                              headers=team["spokesperson"].headers).json()
    assert detail["arrived_via"] == "personal" and detail["messages"][0]["arrived_at"] == f"personal:{employee.username}"
    assert "inbox.forward" in audit_actions(db)


def test_deactivating_a_person_hands_their_open_conversations_over(inbox_client, team, make_person, db):
    # The customer service contact of the demo policy, as an account: customer_service routes to her.
    marta = make_person("spokesperson", "marta")
    with db.writer() as session:
        people.get_user(session, username="marta").email = "kundeservice@nordlys.example"
        session.commit()
    inbox_client.post("/api/v1/inbound", json=message("o-1", "Hvorfor er fakturaen min så høy?"),
                      headers=team["spokesperson"].headers)
    inbox_client.worker.drain()
    lead = team["lead"].headers
    conversation = inbox_client.get("/api/v1/inbox/conversations", headers=lead).json()[0]
    assert conversation["assignee"] == "marta"
    deactivated = inbox_client.post("/api/v1/users/marta/deactivate", headers=lead)
    assert deactivated.status_code == 200
    after = inbox_client.get(f"/api/v1/inbox/conversations/{conversation['id']}", headers=lead).json()
    assert after["assignee"] != "marta"
    with db.reader() as session:
        row = session.scalar(select(AuditEvent).where(AuditEvent.action == "inbox.handover"))
        assert row is not None and json.loads(row.payload)["conversations"] == [conversation["id"]]


def test_sla_alert_is_sent_once_per_level(inbox_client, team, db):
    from datetime import datetime, timezone

    inbox_client.post("/api/v1/inbound", json=message("s-1", "Hvorfor er fakturaen min så høy?"),
                      headers=team["spokesperson"].headers)
    inbox_client.worker.drain()
    late = datetime(2027, 3, 1, 12, tzinfo=timezone.utc)
    assert inbox_client.worker.check_sla(late) == 1
    assert inbox_client.worker.check_sla(late) == 0
    with db.reader() as session:
        assert list(session.scalars(select(NotifyQueueItem.event).where(NotifyQueueItem.event.like("inbox.sla%")))) \
            == ["inbox.sla_missed"]
        assert session.scalar(select(InboxConversation.sla_alerted)) == "missed"


def test_a_burst_is_accepted_without_loss_and_triaged_in_order(inbox_client, team, db):
    headers = team["spokesperson"].headers
    texts = ["Hvorfor er fakturaen min så høy?", "Tusen takk for hjelpen!", "Proszę o zwrot pieniędzy.",
             "Ni har fel pris på hemsidan."]
    burst = [message(f"b-{i}", texts[i % len(texts)], author=f"a{i % 50}", thread=f"t{i % 200}")
             for i in range(10_000)]
    for start in range(0, len(burst), 2_500):
        assert inbox_client.post("/api/v1/inbound", json=burst[start:start + 2_500], headers=headers).json()["accepted"] == 2_500
    assert count(db, InboxMessage) == 10_000
    inbox_client.worker.batch_size = 500
    first = inbox_client.worker.run_once()
    assert first.triaged == 500
    with db.reader() as session:
        done = list(session.scalars(select(InboxMessage.id).where(InboxMessage.triage_state == "done")))
        lowest = session.scalars(select(InboxMessage.id).order_by(InboxMessage.id).limit(500)).all()
    assert sorted(done) == list(lowest)  # oldest first
    with db.reader() as session:
        assert audit.verify(session).ok


def test_accepting_between_orm_audit_records_in_one_transaction_keeps_the_chain(db):
    """accept() appends to the audit chain without the ORM; an ORM record before and after it in
    the same session (the import and forward paths) must continue from the stored head."""
    from postguard.inbound.message import InboundMessage
    from postguard.store import inbox_events as ev
    from postguard.store.inbox_accept import accept

    with db.writer() as session:
        audit.record(session, ev.MessagesTriaged(triaged=0, failed=0, first_id=0, last_id=0),
                     actor="test", policy_version=None)
        stored = accept(session, [InboundMessage.model_validate(message("chain-1", "Hei")),
                                  InboundMessage.model_validate(message("chain-2", "Hej"))], actor=CLI_ACTOR, source="import")
        again = accept(session, [InboundMessage.model_validate(message("chain-2", "Hej"))], actor=CLI_ACTOR,
                       source="import")
        audit.record(session, ev.MessagesTriaged(triaged=0, failed=0, first_id=0, last_id=0),
                     actor="test", policy_version=None)
        session.commit()
    assert stored.accepted == 2 and again.accepted == 0 and again.duplicates == 1
    assert again.ids[("facebook", "chain-2")] == stored.ids[("facebook", "chain-2")]
    with db.reader() as session:
        assert audit.verify(session).ok


def test_conversation_list_shows_the_models_sentiment_and_abuse(inbox_client, team, db):
    from postguard.store.inbox_models import InboxTriage

    headers = team["spokesperson"].headers
    records = [message("s-1", "Tusen takk, dere er fantastiske!", author="ola", thread="p1"),
               message("s-2", "Dere er noen idioter, jeg hater dere og dette elendige firmaet.", author="ola", thread="p1"),
               message("s-3", "Hvor er pakken min?", author="kari", thread="p2")]
    inbox_client.post("/api/v1/inbound", json=records[:1], headers=headers)
    inbox_client.worker.drain()  # keyword classifier: no model said anything
    listed = inbox_client.get("/api/v1/inbox/conversations", headers=headers).json()
    assert [(c["sentiment"], c["abuse"]) for c in listed] == [(None, None)]
    inbox_client.post("/api/v1/inbound", json=records[1:], headers=headers)
    inbox_client.worker.classifier = "model"
    inbox_client.worker.drain()
    listed = {c["id"]: c for c in inbox_client.get("/api/v1/inbox/conversations", headers=headers).json()}
    with db.reader() as session:
        stored = {t.message_id: t for t in session.scalars(select(InboxTriage))}
        ids = dict(session.execute(select(InboxMessage.external_id, InboxMessage.id)).all())
    angry, parcel = stored[ids["s-2"]], stored[ids["s-3"]]
    assert angry.sentiment and parcel.sentiment and angry.abuse is not None
    ola = [c for c in listed.values() if c["id"] == angry.conversation_id][0]
    assert ola["sentiment"] == angry.sentiment  # the latest message's
    assert ola["abuse"] == pytest.approx(angry.abuse)  # the highest (the first message had none)
    detail = inbox_client.get(f"/api/v1/inbox/conversations/{ola['id']}", headers=headers).json()
    assert detail["sentiment"] == angry.sentiment and detail["abuse"] == pytest.approx(angry.abuse)


def test_a_value_too_long_for_its_column_is_refused_not_cut(db):
    """PostgreSQL stores a batch through arrays; casting them to VARCHAR(256) would cut a longer
    id silently (two long ids sharing a prefix would then look like a re-delivery)."""
    from sqlalchemy.exc import DBAPIError

    from postguard.inbound.message import InboundMessage
    from postguard.store.inbox_accept import accept

    valid = InboundMessage.model_validate(message("long", "Hei"))
    long_id = "x" * 300  # past the column's 256: only a message built without validation gets here
    too_long = valid.model_copy(update={"external_id": long_id})
    if db.engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError), db.writer() as session:
            accept(session, [too_long], actor=CLI_ACTOR, source="import")
        assert count(db, InboxMessage) == 0
    else:  # SQLite does not enforce VARCHAR lengths: stored whole, never cut
        with db.writer() as session:
            accept(session, [too_long], actor=CLI_ACTOR, source="import")
            session.commit()
        with db.reader() as session:
            assert session.scalar(select(InboxMessage.external_id)) == long_id


def test_triage_notes_follow_the_callers_language(inbox_client, team, db):
    """Notes are stored as codes with params and said in the caller's Accept-Language, else the policy's default."""
    from postguard.store.inbox_models import InboxTriage

    forwarded = inbox_client.post("/api/v1/inbox/forward", json={
        "platform": "instagram", "author_handle": "ola", "text": "Hei! Kan du hjelpe meg med strømavtalen min?"},
        headers={**team["employee"].headers, "Accept-Language": "pl-PL,pl;q=0.9"})
    assert forwarded.status_code == 201, forwarded.text
    body = forwarded.json()
    assert body["notes"][0].startswith(f"wiadomość trafiła na prywatny profil osoby {team['employee'].username}")
    path = f"/api/v1/inbox/conversations/{body['conversation_id']}"
    lead = team["lead"].headers
    default = inbox_client.get(path, headers=lead).json()["messages"][0]["triage"]
    assert default["notes_language"] == "en" and default["notes"][0].startswith("arrived on")
    assert default["structured_notes"][0]["code"] == "personal_profile_company_case"
    hebrew = inbox_client.get(path, headers={**lead, "Accept-Language": "he"}).json()["messages"][0]["triage"]
    assert hebrew["notes_language"] == "he" and hebrew["notes"][0].startswith("ההודעה הגיעה לפרופיל האישי")
    # The owner as the handbook names it, in the caller's language; the params keep the key.
    assert body["notes"][0].endswith("której właścicielem jest Obsługa klienta (Marta Zielińska)")
    assert default["notes"][0].endswith("owned by Customer service (Marta Zielińska)")
    assert hebrew["notes"][0].endswith("שבאחריות שירות לקוחות (Marta Zielińska)")
    assert hebrew["structured_notes"][0]["params"]["owner"] == "customer_service"
    # A result stored before notes had codes keeps its text, whatever the caller's language.
    with db.writer() as session:
        row = session.scalars(select(InboxTriage)).one()
        row.result = {k: v for k, v in row.result.items() if k not in ("structured_notes", "notes_language")} | {
            "notes": ["arrived on someone's personal profile: opened as a company conversation owned by nobody"]}
        session.commit()
    old = inbox_client.get(path, headers={**lead, "Accept-Language": "sv"}).json()["messages"][0]["triage"]
    assert old["notes"] == ["arrived on someone's personal profile: opened as a company conversation owned by nobody"]


def test_escalation_reasons_follow_the_callers_language(inbox_client, team, db):
    """Each escalation's reason is kept as codes with params, said in the caller's Accept-Language (else the
    policy's default), logged as codes; an escalation stored before reasons had codes keeps its text."""
    from postguard.store.inbox_models import InboxTriage

    inbox_client.post("/api/v1/inbound", json=message("esc-1", "I know where you live. You will regret this."),
                      headers=team["spokesperson"].headers)
    inbox_client.worker.drain()
    lead = team["lead"].headers
    conversation = inbox_client.get("/api/v1/inbox/conversations", headers=lead).json()[0]
    assert conversation["situation"] == "threat" and conversation["escalated"]
    path = f"/api/v1/inbox/conversations/{conversation['id']}"

    def escalations(language: str | None) -> list[dict]:
        headers = {**lead, "Accept-Language": language} if language else lead
        return inbox_client.get(path, headers=headers).json()["messages"][0]["triage"]["escalations"]

    default = escalations(None)
    assert [(e["to"]["responsibility"], e["reason"]) for e in default] == [
        ("security", "A threat: escalated to the owner, never argued online")]
    assert default[0]["structured_reasons"] == [{"code": "escalated_to_owner", "params": {"situation": "threat"}}]
    assert escalations("pl-PL,pl;q=0.9")[0]["reason"] == (
        "Groźba: przekazano właścicielowi sprawy (takich spraw nie omawia się w sieci)")
    assert escalations("he")[0]["reason"] == "איום: הפנייה הועברה לאחראי (בעניינים כאלה לא מתווכחים ברשת)"
    with db.reader() as session:
        logged = [json.loads(p) for p in session.scalars(select(AuditEvent.payload)
                                                         .where(AuditEvent.action == "inbox.escalate"))]
    assert logged == [{"conversation_id": conversation["id"], "to": "security",
                       "structured_reasons": [{"code": "escalated_to_owner", "params": {"situation": "threat"}}]}]
    with db.reader() as session:
        sent = [item.payload for item in session.scalars(select(NotifyQueueItem)
                                                          .where(NotifyQueueItem.event == "inbox.escalation"))]
    assert [(p["reason"], p["reason_language"]) for p in sent] == [
        ("A threat: escalated to the owner, never argued online", "en")]
    # A result stored before reasons had codes keeps its English text, whatever the caller's language.
    with db.writer() as session:
        row = session.scalars(select(InboxTriage)).one()
        row.result = {**row.result, "escalations": [
            {"to": {"responsibility": "security"}, "reason": "threat: escalated to the owner, never argued online"}]}
        session.commit()
    assert escalations("sv") == [{"to": {"responsibility": "security"},
                                  "reason": "threat: escalated to the owner, never argued online"}]


def test_triage_taking_a_conversation_off_the_employee_it_attacks_logs_why_as_a_code(inbox_client, team, make_person,
                                                                                    db):
    """The automatic reassignment logs a code with params (said in each reader's language on the audit
    page); a person's reassignment logs the reason as typed, as it always did."""
    make_person("spokesperson", "marta")
    with db.writer() as session:  # the customer service contact of the demo policy: its conversations are hers
        marta = people.get_user(session, username="marta")
        marta.email, marta.display_name = "kundeservice@nordlys.example", "Marta Lund"
        session.commit()
    headers, lead = team["spokesperson"].headers, team["lead"].headers
    inbox_client.post("/api/v1/inbound", json=message("t-1", "Hvorfor er fakturaen min så høy?", thread="thread-7"),
                      headers=headers)
    inbox_client.worker.drain()
    [conversation] = inbox_client.get("/api/v1/inbox/conversations", headers=lead).json()
    assert conversation["assignee"] == "marta"
    inbox_client.post("/api/v1/inbound", json=message(
        "t-2", "Marta Lund is the most useless idiot I have ever talked to, someone should fire her.",
        thread="thread-7"), headers=headers)
    inbox_client.worker.drain()
    path = f"/api/v1/inbox/conversations/{conversation['id']}"
    moved = inbox_client.get(path, headers=lead).json()
    assert moved["protected_employee"] == "Marta Lund" and moved["assignee"] != "marta"

    def assigned() -> list[dict]:
        with db.reader() as session:
            return [json.loads(p) for p in session.scalars(select(AuditEvent.payload)
                                                           .where(AuditEvent.action == "inbox.assign")
                                                           .order_by(AuditEvent.id))]

    assert assigned() == [{"conversation_id": conversation["id"], "from_user": "marta", "to_user": moved["assignee"],
                           "structured_reason": {"code": "taken_off_attacked_employee",
                                                 "params": {"employee": "Marta Lund"}}}]
    by_hand = inbox_client.post(f"{path}/assign", json={"username": None, "reason": "  back to the team  "},
                                headers=lead)
    assert by_hand.status_code == 200, by_hand.text
    assert assigned()[1] == {"conversation_id": conversation["id"], "from_user": moved["assignee"], "to_user": None,
                             "reason": "back to the team"}
