"""The inbox page in a real browser against the whole service (API + interface), with the demo inbox."""
from __future__ import annotations

import os

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


def test_spokesperson_answers_with_a_checked_reply_and_forwards_a_private_message(page, service_server, screenshot):
    page.goto(f"{service_server}/ui/inbox")
    page.fill("#login-user", "sara")
    page.fill("#login-password", PASSWORD)
    page.click("#inbox-login button[type=submit]")
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
