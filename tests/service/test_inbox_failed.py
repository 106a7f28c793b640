"""A message triage could not handle keeps why, the API and the inbox page show it (postguard's own
reasons in the reader's language), and a person sends it back to triage once the cause is fixed; on
SQLite and PostgreSQL. The migrations that add the reason and its code go up and down."""
from __future__ import annotations

import importlib
import json
import re
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import select

from interface_helpers import signed_in
from postguard.auth.permissions import CLI_ACTOR
from postguard.errors import UsageError
from postguard.settings import Settings
from postguard.store import migrate, policies
from postguard.store.inbox_failed import stored_reason
from postguard.store.inbox_models import TRIAGE_ERROR_CHARS, InboxMessage
from postguard.store.models import AuditEvent
from inbox_helpers import message
from service_helpers import assert_error

MIGRATION = importlib.import_module("postguard.store.migrations.versions.0009_inbox_triage_error")
CODED = importlib.import_module("postguard.store.migrations.versions.0010_inbox_triage_failure")
FAST = dict(argon2_time_cost=1, argon2_memory_kib=64, warm_up=False)
#: What triage says when the opening hours never give the time a playbook allows for an answer.
NO_TIME_TO_ANSWER = re.compile(r"^the policy's opening hours do not give [\d.]+ business hours within 400 days$")


@pytest.fixture
def inbox_client(db, tmp_path):
    from postguard.web.app import create_app

    settings = Settings(data_dir=tmp_path, database_url=db.engine.url.render_as_string(hide_password=False),
                        inbox_worker=False, inbox_classifier="keywords", **FAST)
    app = create_app(settings, db=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.worker = app.state.inbox.worker
        yield client


@pytest.fixture
def spokesperson(make_person):
    return make_person("spokesperson")


def open_one_minute_a_week(db) -> None:
    """Activate the bundled policy with one minute of opening hours a week: no playbook's time to
    answer fits in triage's horizon, so every message fails."""
    source = policies.bundled_policy_source()
    hours = re.search(r"  hours:\n(    \w+: .*\n)+", source).group(0)
    _activate(db, source.replace(hours, '  hours:\n    mon: ["09:00-09:01"]\n'))


def restore_opening_hours(db) -> None:
    with db.writer() as session:
        policies.activate(session, actor=CLI_ACTOR, number=1)  # the bundled policy, as prepared
        session.commit()


def _activate(db, source: str) -> None:
    with db.writer() as session:
        version = policies.upload(session, actor=CLI_ACTOR, source=source)
        policies.activate(session, actor=CLI_ACTOR, number=version.number)
        session.commit()


def deliver(client, person, *texts: str) -> list[int]:
    records = [message(f"fail-{i}-{text[:8]}", text, author=f"kunde{i}") for i, text in enumerate(texts)]
    response = client.post("/api/v1/inbound", json=records, headers=person.headers)
    assert response.status_code == 202, response.text
    return [m["id"] for m in response.json()["messages"]]


def stored(db, message_id: int) -> InboxMessage:
    with db.reader() as session:
        return session.get(InboxMessage, message_id)


def audit_payloads(db, action: str) -> list[dict]:
    with db.reader() as session:
        return [json.loads(payload) for payload in session.scalars(
            select(AuditEvent.payload).where(AuditEvent.action == action).order_by(AuditEvent.id))]


# -- the worker keeps the reason, the API shows it ---------------------------------------------

def test_the_worker_keeps_why_a_message_failed_and_the_api_shows_it(inbox_client, spokesperson, db):
    open_one_minute_a_week(db)
    first, second = deliver(inbox_client, spokesperson, "Hvor er fakturaen min?", "Strømmen er borte igjen!")
    assert inbox_client.worker.drain() == 2
    for message_id in (first, second):
        row = stored(db, message_id)
        assert row.triage_state == "failed" and NO_TIME_TO_ANSWER.match(row.triage_error), row.triage_error
        assert row.conversation_id is None
    listed = inbox_client.get("/api/v1/inbox/messages/failed", headers=spokesperson.headers)
    assert listed.status_code == 200, listed.text
    assert [(m["id"], m["triage_state"]) for m in listed.json()] == [(first, "failed"), (second, "failed")]
    assert all(NO_TIME_TO_ANSWER.match(m["triage_error"]) and m["triage"] is None for m in listed.json())
    assert listed.json()[0]["text"] == "Hvor er fakturaen min?"
    paged = inbox_client.get("/api/v1/inbox/messages/failed", params={"limit": 1, "offset": 1},
                             headers=spokesperson.headers)
    assert [m["id"] for m in paged.json()] == [second]
    assert audit_payloads(db, "inbox.triage")[-1]["failed"] == 2


#: Why "Hvor er fakturaen min?" (a question: 8 business hours to answer) fails, in each language.
NO_TIME_SAID = {
    "en": "the policy's opening hours do not give 8 business hours within 400 days",
    "pl": "godziny pracy podane w polityce nie dają 8 godzin roboczych w ciągu 400 dni",
    "no": "åpningstidene i retningslinjene gir ikke 8 arbeidstimer innen 400 dager",
    "sv": "öppettiderna i policyn ger inte 8 arbetstimmar inom 400 dagar",
    "he": "שעות הפעילות שבמדיניות אינן מספקות 8 שעות עבודה בתוך 400 ימים",
    "nl": "de openingstijden in het beleid geven geen 8 werkuren binnen 400 dagen",
}


def test_postguards_own_reason_is_kept_as_a_code_and_said_in_the_callers_language(inbox_client, spokesperson, db):
    open_one_minute_a_week(db)
    [failed] = deliver(inbox_client, spokesperson, "Hvor er fakturaen min?")
    inbox_client.worker.drain()
    row = stored(db, failed)
    assert row.triage_error == NO_TIME_SAID["en"]  # the text, in English, beside the code
    assert row.triage_failure == {"code": "no_time_to_answer", "params": {"hours": 8.0, "days": 400}}

    def shown(language: str | None) -> dict:
        headers = {**spokesperson.headers, **({"Accept-Language": language} if language else {})}
        [message] = inbox_client.get("/api/v1/inbox/messages/failed", headers=headers).json()
        return message

    for language, said in NO_TIME_SAID.items():
        message = shown(f"{language};q=0.9,de;q=1")
        assert message["triage_error"] == said, language
        assert message["structured_triage_error"] == row.triage_failure
    assert shown(None)["triage_error"] == NO_TIME_SAID["en"]  # the policy's default language

    # Stored before failures had codes, a code this version does not know, an error postguard does
    # not own: the text as stored, whatever the caller's language.
    for text, code in (("UsageError: the policy's opening hours do not give 8.0 business hours", None),
                       ("said by a newer version", {"code": "from_the_future", "params": {}}),
                       ("OperationalError: disk I/O error", None)):
        with db.writer() as session:
            session.get(InboxMessage, failed).triage_error = text
            session.get(InboxMessage, failed).triage_failure = code
            session.commit()
        assert (shown("he")["triage_error"], shown("he")["structured_triage_error"]) == (text, code)


def test_a_forward_that_cannot_be_triaged_says_why(inbox_client, make_person, db):
    open_one_minute_a_week(db)
    employee = make_person("employee")
    response = inbox_client.post("/api/v1/inbox/forward", headers=employee.headers,
                                 json={"platform": "messenger", "author_handle": "gunnar", "text": "Hei, fakturaen?"})
    error = assert_error(response, 422, "invalid_input")
    assert "could not be triaged: the policy's opening hours do not give" in error["message"]


def test_a_long_reason_is_cut_with_an_ellipsis(inbox_client, spokesperson, db, monkeypatch):
    from postguard.inbox import worker as worker_module

    class FailingTriage:
        def __init__(self, *_args, **_kwargs):
            pass

        def __call__(self, *_args, **_kwargs):
            raise UsageError("long " * 500)

    monkeypatch.setattr(worker_module, "Triage", FailingTriage)
    [message_id] = deliver(inbox_client, spokesperson, "Hei")
    inbox_client.worker.drain()
    reason = stored(db, message_id).triage_error
    assert len(reason) == TRIAGE_ERROR_CHARS and reason.startswith("UsageError: long long") and reason.endswith("…")
    assert stored_reason("short") == "short" and stored_reason("x" * TRIAGE_ERROR_CHARS) == "x" * TRIAGE_ERROR_CHARS


def test_a_message_triaged_successfully_has_no_reason(inbox_client, spokesperson, db):
    [message_id] = deliver(inbox_client, spokesperson, "Hvor er fakturaen min?")
    with db.writer() as session:  # a reason left over from an earlier attempt
        session.get(InboxMessage, message_id).triage_error = "UsageError: an earlier policy"
        session.commit()
    inbox_client.worker.drain()
    row = stored(db, message_id)
    assert (row.triage_state, row.triage_error) == ("done", None) and row.conversation_id is not None


# -- retry: failed -> pending -> triaged by the worker -> done ----------------------------------

def test_a_retry_sends_failed_messages_back_and_the_worker_triages_them(inbox_client, spokesperson, db):
    open_one_minute_a_week(db)
    first, second = deliver(inbox_client, spokesperson, "Hvor er fakturaen min?", "Tusen takk for hjelpen!")
    inbox_client.worker.drain()
    reasons = {message_id: stored(db, message_id).triage_error for message_id in (first, second)}
    codes = {message_id: stored(db, message_id).triage_failure for message_id in (first, second)}
    restore_opening_hours(db)  # the cause is fixed

    retried = inbox_client.post("/api/v1/inbox/messages/retry-failed", json={"ids": [first]},
                                headers=spokesperson.headers)
    assert retried.status_code == 200, retried.text
    assert retried.json() == {"retried": [first]}
    assert (stored(db, first).triage_state, stored(db, first).triage_error) == ("pending", None)
    assert stored(db, second).triage_state == "failed" and stored(db, second).triage_error  # not asked for
    assert inbox_client.worker.drain() == 1
    done = stored(db, first)
    assert (done.triage_state, done.triage_error) == ("done", None) and done.conversation_id is not None
    detail = inbox_client.get(f"/api/v1/inbox/conversations/{done.conversation_id}", headers=spokesperson.headers)
    [shown] = detail.json()["messages"]
    assert (shown["triage_state"], shown["triage_error"]) == ("done", None) and shown["triage"]["situation"]

    everything = inbox_client.post("/api/v1/inbox/messages/retry-failed", json={}, headers=spokesperson.headers)
    assert everything.json() == {"retried": [second]}
    inbox_client.worker.drain()
    assert stored(db, second).triage_state == "done"
    assert inbox_client.get("/api/v1/inbox/messages/failed", headers=spokesperson.headers).json() == []
    assert inbox_client.post("/api/v1/inbox/messages/retry-failed", json={"ids": None},
                             headers=spokesperson.headers).json() == {"retried": []}
    assert audit_payloads(db, "inbox.retry") == [
        {"message_ids": [first], "reasons": [reasons[first]], "structured_reasons": [codes[first]]},
        {"message_ids": [second], "reasons": [reasons[second]], "structured_reasons": [codes[second]]}]
    assert {code["code"] for code in codes.values()} == {"no_time_to_answer"}
    with db.reader() as session:
        actors = session.scalars(select(AuditEvent.actor).where(AuditEvent.action == "inbox.retry")).all()
    assert actors == [f"user:{spokesperson.username}"] * 2


def test_a_wrong_retry_names_each_id_and_why_and_changes_nothing(inbox_client, spokesperson, db):
    open_one_minute_a_week(db)
    [failed] = deliver(inbox_client, spokesperson, "Hvor er fakturaen min?")
    inbox_client.worker.drain()
    reason = stored(db, failed).triage_error
    restore_opening_hours(db)
    [done] = deliver(inbox_client, spokesperson, "Strømmen er borte!")
    inbox_client.worker.drain()
    [pending] = deliver(inbox_client, spokesperson, "Når kommer regningen?")
    unknown = failed + 10_000
    headers = spokesperson.headers

    missing = assert_error(inbox_client.post("/api/v1/inbox/messages/retry-failed",
                                             json={"ids": [failed, unknown]}, headers=headers), 404, "not_found")
    assert missing["message"] == f"no inbox message {unknown}; nothing was sent back to triage"
    assert missing["details"] == [{"id": unknown, "problem": "no such message"}]
    wrong = assert_error(inbox_client.post("/api/v1/inbox/messages/retry-failed",
                                           json={"ids": [pending, failed, done]}, headers=headers), 409, "conflict")
    assert wrong["message"] == (f"message {done} is done; message {pending} is pending: only a failed message goes "
                                "back to triage; nothing was sent back to triage")
    assert wrong["details"] == [{"id": done, "problem": "done, not failed"},
                                {"id": pending, "problem": "pending, not failed"}]
    assert_error(inbox_client.post("/api/v1/inbox/messages/retry-failed", json={"ids": []}, headers=headers),
                 422, "validation_error")
    assert (stored(db, failed).triage_state, stored(db, failed).triage_error) == ("failed", reason)
    assert stored(db, done).triage_state == "done" and stored(db, pending).triage_state == "pending"
    assert audit_payloads(db, "inbox.retry") == []


# -- the inbox page ------------------------------------------------------------------------------

@pytest.mark.parametrize("language,heading", [("en", "Messages triage could not handle"),
                                              ("he", "הודעות שהמיון לא הצליח לטפל בהן")])
def test_the_inbox_page_has_the_failed_list_in_the_readers_language(client, staff, language, heading):
    signed_in(client, staff["spokesperson"].username)
    html = client.get("/ui/inbox", headers={"Accept-Language": language}).text
    assert f'<h2 id="failed-title">{heading}</h2>' in html
    assert 'id="failed-messages"' in html and 'id="retry-all"' in html and "data-text-retry=" in html
    if language == "he":
        assert '<html lang="he" dir="rtl">' in html


# -- the migration -------------------------------------------------------------------------------

def _downgrade(engine, revision: str) -> None:
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _shape(engine) -> dict:
    """What the messages table is made of, as the database reports it."""
    found = sa.inspect(engine)
    return {"columns": [c["name"] for c in found.get_columns("inbox_messages")],
            "checks": sorted(c["name"] for c in found.get_check_constraints("inbox_messages")),
            "uniques": sorted(c["name"] for c in found.get_unique_constraints("inbox_messages")),
            "indexes": sorted(i["name"] for i in found.get_indexes("inbox_messages")),
            "foreign_keys": sorted(f["name"] for f in found.get_foreign_keys("inbox_messages"))}


def _insert_failed_message(engine, **columns) -> sa.TableClause:
    """One failed message (id 1) written with plain SQL, as a database at an older revision holds it;
    ``columns`` are the columns that revision has beyond the first ones. Returns the table as written."""
    names = ("id", "platform", "external_id", "author_handle", "text", "received_at", "arrival_account", "source",
             "accepted_by", "accepted_at", "triage_state", *columns)
    messages = sa.table("inbox_messages", *(sa.column(c) for c in names))
    now = datetime.now(timezone.utc)
    with engine.begin() as connection:
        connection.execute(messages.insert(), [dict(
            id=1, platform="facebook", external_id="old", author_handle="k", text="Hei", received_at=now,
            arrival_account="official", source="import", accepted_by="cli", accepted_at=now, triage_state="failed",
            **columns)])
    return messages


def test_the_migration_adds_the_reason_and_takes_it_away_again(empty_database):
    db = empty_database
    migrate.upgrade(db.engine, MIGRATION.down_revision)
    before = _shape(db.engine)
    messages = _insert_failed_message(db.engine)

    migrate.upgrade(db.engine, MIGRATION.revision)
    assert migrate.current(db.engine) == MIGRATION.revision
    after = _shape(db.engine)
    assert after == {**before, "columns": before["columns"] + ["triage_error"]}
    reasons = sa.table("inbox_messages", sa.column("id"), sa.column("triage_state"), sa.column("triage_error"))
    with db.engine.begin() as connection:  # failed before the reason was kept: none, and the column takes one
        assert connection.execute(sa.select(reasons.c.triage_state, reasons.c.triage_error)).all() == [("failed", None)]
        connection.execute(reasons.update().values(triage_error="x" * TRIAGE_ERROR_CHARS))

    _downgrade(db.engine, MIGRATION.down_revision)
    assert migrate.current(db.engine) == MIGRATION.down_revision
    assert _shape(db.engine) == before
    with db.engine.connect() as connection:
        assert connection.execute(sa.select(messages.c.id, messages.c.triage_state)).all() == [(1, "failed")]
    migrate.upgrade(db.engine, MIGRATION.revision)
    assert _shape(db.engine) == after


def test_the_migration_adds_the_reasons_code_and_takes_it_away_again(empty_database):
    db = empty_database
    migrate.upgrade(db.engine, CODED.down_revision)
    before = _shape(db.engine)
    messages = _insert_failed_message(
        db.engine, triage_error="UsageError: the policy's opening hours do not give 8.0 business hours within 400 days")

    migrate.upgrade(db.engine, CODED.revision)
    assert migrate.current(db.engine) == CODED.revision == migrate.head()
    after = _shape(db.engine)
    assert after == {**before, "columns": before["columns"] + ["triage_failure"]}
    with db.writer() as session:  # failed before failures had codes: its text, no code; the column takes one
        old = session.get(InboxMessage, 1)
        assert old.triage_error.startswith("UsageError: ") and old.triage_failure is None
        old.triage_failure = {"code": "no_time_to_answer", "params": {"hours": 8.0, "days": 400}}
        session.commit()

    _downgrade(db.engine, CODED.down_revision)
    assert migrate.current(db.engine) == CODED.down_revision
    assert _shape(db.engine) == before
    with db.engine.connect() as connection:
        assert connection.execute(sa.select(messages.c.id, messages.c.triage_state)).all() == [(1, "failed")]
    migrate.upgrade(db.engine, CODED.revision)
    assert _shape(db.engine) == after
