"""The inbox page in a real browser against the whole service (API + interface): with the demo
inbox, and with messages triage could not handle, sent back to triage once the cause is fixed."""
from __future__ import annotations

import json
import os
import re
import time
import urllib.request

import pytest

from postguard.webui.testing import browser_missing_reason, running_interface

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def service_server(tmp_path_factory):
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.auth.secrets import Passwords
    from postguard.demo.company import load_demo_inbox
    from postguard.settings import Settings
    from postguard.store import people
    from postguard.store.db import Database

    data = tmp_path_factory.mktemp("inbox-ui")
    settings = Settings(data_dir=data, warm_up=False, argon2_time_cost=1, argon2_memory_kib=64)
    load_demo_inbox(settings, classifier="keywords")
    db = Database.from_url(settings.effective_database_url)
    with db.writer() as session:
        passwords = Passwords(time_cost=1, memory_kib=64)
        people.create_user(session, actor=CLI_ACTOR, username="sara", role="spokesperson", password=PASSWORD,
                           passwords=passwords, display_name="Sara Lind")
        session.commit()
    db.dispose()
    saved = dict(os.environ)
    os.environ.update({"POSTGUARD_DATA_DIR": str(data), "POSTGUARD_WARM_UP": "0",
                       "POSTGUARD_INBOX_CLASSIFIER": "keywords"})
    os.environ.pop("POSTGUARD_DATABASE_URL", None)
    try:
        with running_interface(app="postguard.web.app:create_app", timeout=120) as base:
            yield base
    finally:
        os.environ.clear()
        os.environ.update(saved)


def sign_in_on_the_page(page, base: str, username: str) -> None:
    """Open the inbox page and sign in through its own form, as a person does."""
    page.goto(f"{base}/ui/inbox")
    page.fill("#login-user", username)
    page.fill("#login-password", PASSWORD)
    page.click("#inbox-login button[type=submit]")


def test_spokesperson_answers_with_a_checked_reply_and_forwards_a_private_message(page, service_server, screenshot):
    sign_in_on_the_page(page, service_server, "sara")
    rows = page.locator("#conversations tr")
    rows.first.wait_for(timeout=15_000)
    assert rows.count() == 18
    marta = rows.filter(has_text="Marta Kowalska")
    assert "Refund request" in marta.inner_text() and "pl" in marta.inner_text()
    marta.locator("button").click()
    reply = page.locator("#reply")
    page.wait_for_function("() => document.getElementById('reply').value.includes('Marta Kowalska')")
    assert reply.get_attribute("lang") == "pl"

    reply.fill("Twój PESEL to 44051401458, idioto.")
    page.click("#check-reply")
    page.wait_for_function("() => document.getElementById('reply-status').dataset.verdict === 'block'")
    assert page.locator("#send-reply").is_disabled()
    assert page.locator("#reply-findings li").count() >= 1

    reply.fill("Dzień dobry, dziękujemy za wiadomość. Zwrócimy podwójnie pobraną opłatę.")
    page.click("#send-reply")
    page.wait_for_function("() => document.getElementById('reply-status').dataset.verdict === 'sent'")
    assert page.locator("#reply-status").inner_text() == "Sent to the outbox."
    page.wait_for_function("() => document.querySelectorAll('#conversations tr').length === 17")

    page.fill("#forward-author", "ola")
    page.fill("#forward-name", "Ola Nordmann")
    page.fill("#forward-text", "Hei! Kan du hjelpe meg med strømavtalen min? Jeg får ikke svar.")
    page.click("#forward-form button[type=submit]")
    quote = page.locator("#forward-reply")
    page.wait_for_function("() => !document.getElementById('forward-reply').hidden || document.getElementById('forward-status').textContent", timeout=90_000)
    assert not quote.is_hidden(), page.locator("#forward-status").inner_text()
    assert "Ola Nordmann" in quote.inner_text() and "nordlys.example/help" in quote.inner_text()
    assert quote.get_attribute("lang") == "no"
    screenshot(page, "inbox-spokesperson")


# -- messages triage could not handle ------------------------------------------------------------

#: What triage says when the opening hours never give the time a playbook allows for an answer.
NO_TIME_TO_ANSWER = re.compile(r"UsageError: the policy's opening hours do not give [\d.]+ business hours "
                               r"within 400 days")


@pytest.fixture(scope="module")
def failing_server(tmp_path_factory):
    """The whole service on an empty inbox with a spokesperson ("nora", who may send messages back
    to triage) and her API token; yields (base URL, token, the database the test changes the
    policy in, as an administrator would)."""
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.auth.secrets import Passwords
    from postguard.cli._service import open_database
    from postguard.settings import Settings
    from postguard.store import people

    data = tmp_path_factory.mktemp("inbox-failed-ui")
    db = open_database(Settings(data_dir=data, warm_up=False))  # migrated, bundled policy 1
    with db.writer() as session:
        nora = people.create_user(session, actor=CLI_ACTOR, username="nora", role="spokesperson", password=PASSWORD,
                                  passwords=Passwords(time_cost=1, memory_kib=64), display_name="Nora Berg")
        _token, token = people.create_token(session, actor=CLI_ACTOR, name="webhook", for_user=nora)
        session.commit()
    environment = {"POSTGUARD_DATA_DIR": str(data), "POSTGUARD_DATABASE_URL": "", "POSTGUARD_WARM_UP": "0",
                   "POSTGUARD_INBOX_CLASSIFIER": "keywords"}
    try:
        with running_interface(app="postguard.web.app:create_app", timeout=120, environment=environment) as base:
            yield base, token, db
    finally:
        db.dispose()


def open_one_minute_a_week(db) -> None:
    """Activate the bundled policy with one minute of opening hours a week: no playbook's time to
    answer fits in triage's horizon, so every message fails (as in tests/service/test_inbox_failed.py)."""
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.store import policies

    source = policies.bundled_policy_source()
    hours = re.search(r"  hours:\n(    \w+: .*\n)+", source).group(0)
    with db.writer() as session:
        version = policies.upload(session, actor=CLI_ACTOR,
                                  source=source.replace(hours, '  hours:\n    mon: ["09:00-09:01"]\n'))
        policies.activate(session, actor=CLI_ACTOR, number=version.number)
        session.commit()


def restore_opening_hours(db) -> None:
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.store import policies

    with db.writer() as session:
        if policies.active_number(session) != 1:
            policies.activate(session, actor=CLI_ACTOR, number=1)  # the bundled policy, as prepared
            session.commit()


def deliver(base: str, token: str, *records: dict) -> list[int]:
    """What a platform integration does: post the messages to the webhook with its token."""
    request = urllib.request.Request(f"{base}/api/v1/inbound", data=json.dumps(list(records)).encode("utf-8"),
                                     method="POST", headers={"Authorization": f"Bearer {token}",
                                                             "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 202
        return [m["id"] for m in json.load(response)["messages"]]


def triage_states(db, ids: list[int]) -> dict[int, tuple[str, str | None, int | None]]:
    from postguard.store.inbox_models import InboxMessage

    with db.reader() as session:
        return {m.id: (m.triage_state, m.triage_error, m.conversation_id)
                for m in (session.get(InboxMessage, message_id) for message_id in ids)}


def wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, "the service's triage worker did not get there in time"
        time.sleep(0.2)
    return result


def test_a_message_triage_could_not_handle_is_shown_with_why_and_sent_back_to_triage(
        page, audit_page, failing_server, axe_violations, screenshot):
    base, token, db = failing_server
    open_one_minute_a_week(db)
    try:
        invoice, outage = deliver(base, token, {
            "platform": "facebook", "external_id": "failed-1", "author_handle": "kari", "author_name": "Kari Nordmann",
            "text": "Hvor er fakturaen min?", "received_at": "2026-11-23T10:00:00+01:00", "arrived_at": "official"}, {
            "platform": "facebook", "external_id": "failed-2", "author_handle": "ola",
            "text": "Strømmen er borte igjen!", "received_at": "2026-11-23T10:05:00+01:00", "arrived_at": "official"})
        wait_for(lambda: all(s[0] == "failed" for s in triage_states(db, [invoice, outage]).values()))

        sign_in_on_the_page(page, base, "nora")
        section = page.locator("#failed-list")
        section.wait_for(state="visible", timeout=15_000)
        assert section.get_by_role("heading").inner_text() == "Messages triage could not handle"
        rows = page.locator("#failed-messages tr")
        assert [r.get_attribute("data-id") for r in rows.all()] == [str(invoice), str(outage)]
        first = rows.filter(has_text="Hvor er fakturaen min?")
        assert first.locator("td").first.inner_text() == "Kari Nordmann"
        assert NO_TIME_TO_ANSWER.search(first.locator(".triage-error").inner_text())
        assert rows.filter(has_text="Strømmen er borte igjen!").locator("td").first.inner_text() == "ola"  # no name
        assert page.locator("#conversations tr").count() == 0
        screenshot(page, "inbox-failed")

        # In Hebrew: the page right to left, the section's texts translated, the customer's
        # Norwegian and the server's English reason each in their own direction.
        audit_page.context.add_cookies([{"name": "pg_lang", "value": "he", "url": base}])
        sign_in_on_the_page(audit_page, base, "nora")
        hebrew = audit_page.locator("#failed-list")
        hebrew.wait_for(state="visible", timeout=15_000)
        assert audit_page.locator("html").get_attribute("lang") == "he"
        assert hebrew.evaluate("e => getComputedStyle(e).direction") == "rtl"
        assert audit_page.locator("#failed-title").inner_text() == "הודעות שהמיון לא הצליח לטפל בהן"
        assert audit_page.locator("#retry-all").inner_text() == "החזירו את כולן למיון"
        row = audit_page.locator(f'#failed-messages tr[data-id="{invoice}"]')
        assert row.get_by_role("button").inner_text() == "מיון מחדש"
        text_and_reason = row.locator("td").all()[1:3]
        assert [c.evaluate("e => getComputedStyle(e).direction") for c in text_and_reason] == ["ltr", "ltr"]
        assert axe_violations(audit_page) == []
        screenshot(audit_page, "inbox-failed-he")

        restore_opening_hours(db)  # the cause is fixed
        first.get_by_role("button", name="Triage again").click()
        page.wait_for_function(f"() => !document.querySelector('#failed-messages tr[data-id=\"{invoice}\"]')")
        assert page.locator("#failed-status").inner_text() == "Sent back to triage."
        assert [r.get_attribute("data-id") for r in rows.all()] == [str(outage)]  # not asked for
        state, reason, conversation = wait_for(lambda: (s := triage_states(db, [invoice])[invoice])[0] == "done" and s)
        assert reason is None and conversation is not None
        assert triage_states(db, [outage])[outage][:1] == ("failed",)

        # The Hebrew window, opened before, still has a row for the message sent back meanwhile.
        # Sending it again is refused and says why, and the list catches up.
        row.get_by_role("button").click()
        audit_page.wait_for_function(f"() => !document.querySelector('#failed-messages tr[data-id=\"{invoice}\"]')")
        assert f"message {invoice} is done" in audit_page.locator("#failed-status").inner_text()
        assert audit_page.locator("#failed-messages tr").count() == 1

        page.click("#retry-all")
        page.wait_for_function("() => document.querySelectorAll('#failed-messages tr').length === 0")
        screenshot(page, "inbox-failed-retried")
        wait_for(lambda: triage_states(db, [outage])[outage][0] == "done")
        page.reload()  # signed in: the conversations the retried messages opened, and nothing failed any more
        page.locator("#conversations tr").nth(1).wait_for(timeout=15_000)
        customers = {r.locator("td").first.inner_text() for r in page.locator("#conversations tr").all()}
        assert customers == {"Kari Nordmann", "ola"}
        assert section.is_hidden()
    finally:
        restore_opening_hours(db)
