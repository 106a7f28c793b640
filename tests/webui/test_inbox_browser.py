"""The inbox page in a real browser against the whole service (API + interface): with the demo
inbox, with messages triage could not handle (why, in the reader's language), sent back to triage
once the cause is fixed, and an open page that takes in new conversations, and a customer's new
messages in the open conversation, on its own."""
from __future__ import annotations

import json
import os
import re
import time
import urllib.request
from contextlib import contextmanager

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


# -- a URL per conversation ----------------------------------------------------------------------

def test_a_conversations_url_opens_it_and_opening_one_puts_it_in_the_url(page, service_server):
    """``/ui/inbox#conversation-<id>`` (the audit page links there) opens that conversation, on load
    and when the fragment changes; one opened by a click is in the URL to copy; one the reader may not
    see is said so."""
    sign_in_on_the_page(page, service_server, "sara")
    rows = page.locator("#conversations tr")
    rows.first.wait_for(timeout=15_000)
    first, second = (rows.nth(i).get_attribute("data-id") for i in (0, 1))
    title = page.locator("#conversation-title")

    linked = page.context.new_page()  # signed in: the same session cookie
    try:
        linked.goto(f"{service_server}/ui/inbox#conversation-{first}")
        linked.locator("#conversation").wait_for(state="visible", timeout=15_000)
        assert linked.locator(f'#conversations tr[data-id="{first}"]').get_attribute("aria-current") == "true"
        customer = linked.locator(f'#conversations tr[data-id="{first}"] button').inner_text()
        assert customer in linked.locator("#conversation-title").inner_text()
    finally:
        linked.close()

    page.goto(f"{service_server}/ui/inbox#conversation-{second}")  # the fragment changes: no reload
    page.wait_for_function(f"() => document.querySelector('#conversations tr[data-id=\"{second}\"]')"
                           ".getAttribute('aria-current') === 'true'")
    assert not title.is_hidden()

    page.locator(f'#conversations tr[data-id="{first}"] button').click()
    page.wait_for_function(f"() => location.hash === '#conversation-{first}'")
    assert page.url.endswith(f"/ui/inbox#conversation-{first}")

    # One the reader may not see is "not found" to them, as to the API (store/inbox.py get_conversation).
    page.goto(f"{service_server}/ui/inbox#conversation-999999")
    page.wait_for_function("() => document.getElementById('list-status').textContent !== ''")
    assert customer in title.inner_text()  # the open one stays open
    assert page.locator("#list-status").inner_text() == "no conversation 999999"  # the API's message


# -- who owns a conversation ---------------------------------------------------------------------

def test_the_owner_column_names_the_responsibility_and_who_holds_it_in_the_pages_language(
        page, audit_page, service_server, axe_violations, screenshot):
    """Not the policy's key (``customer_service``): the responsibility's title in the page's language,
    as the handbook says it, over the name of the person who holds it; the key stays on the cell."""
    from postguard.policy.loader import default_policy

    responsibilities = default_policy().responsibilities  # the demo inbox's policy

    def owners(on_page, language: str) -> set[str]:
        seen = set()
        for cell in on_page.locator("#conversations td.owner").all():
            key = cell.get_attribute("data-owner")
            title, person = cell.locator(".owner__title"), cell.locator(".owner__person")
            assert (title.inner_text(), person.inner_text()) == (
                responsibilities[key].title[language], responsibilities[key].owner.name), key
            assert title.get_attribute("lang") == language
            seen.add(key)
        return seen

    sign_in_on_the_page(page, service_server, "sara")
    page.locator("#conversations tr").first.wait_for(timeout=15_000)
    assert page.locator("#inbox-list th").nth(3).inner_text() == "Owner"
    assert {"customer_service", "security", "legal"} <= owners(page, "en")
    threat = page.locator("#conversations tr").filter(has_text="Threat").first.locator("td.owner")
    assert threat.inner_text().splitlines() == ["Security", "Noa Ben-David"]
    assert not [cell for cell in page.locator("#conversations td.owner").all()
                if cell.get_attribute("data-owner") in cell.inner_text()]

    audit_page.context.add_cookies([{"name": "pg_lang", "value": "he", "url": service_server}])
    sign_in_on_the_page(audit_page, service_server, "sara")
    audit_page.locator("#conversations tr").first.wait_for(timeout=15_000)
    assert {"customer_service", "security", "legal"} <= owners(audit_page, "he")
    hebrew = audit_page.locator("#conversations tr").filter(has_text="Noa Ben-David").first.locator("td.owner")
    assert hebrew.locator(".owner__title").inner_text() == "ביטחון"
    # The Latin name in the right-to-left page: in its own direction, isolated from the page's, and at
    # the same edge of the cell as the title above it.
    title, name = hebrew.locator(".owner__title"), hebrew.locator(".owner__person bdi")
    assert name.evaluate("e => getComputedStyle(e).direction") == "ltr"
    right = "e => e.getBoundingClientRect().right"
    assert abs(title.evaluate(right) - name.evaluate(right)) < 1
    assert axe_violations(audit_page) == []
    screenshot(audit_page, "inbox-owners-he")


# -- messages triage could not handle ------------------------------------------------------------

#: What triage says when the opening hours never give the time a playbook allows for an answer.
NO_TIME_TO_ANSWER = re.compile(r"^the policy's opening hours do not give [\d.]+ business hours within 400 days$")
#: The same in Hebrew, for "Hvor er fakturaen min?" (a question: 8 business hours to answer).
NO_TIME_TO_ANSWER_HE = "שעות הפעילות שבמדיניות אינן מספקות 8 שעות עבודה בתוך 400 ימים"


@contextmanager
def service_for_nora(data, refresh_seconds: float):
    """The whole service on an empty inbox under ``data`` with a spokesperson ("nora", who may send
    messages back to triage) and her API token, its inbox page fetching its lists again every
    ``refresh_seconds``; yields (base URL, token, the database the test changes the policy in, as
    an administrator would)."""
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.auth.secrets import Passwords
    from postguard.cli._service import open_database
    from postguard.settings import Settings
    from postguard.store import people

    db = open_database(Settings(data_dir=data, warm_up=False))  # migrated, bundled policy 1
    with db.writer() as session:
        nora = people.create_user(session, actor=CLI_ACTOR, username="nora", role="spokesperson", password=PASSWORD,
                                  passwords=Passwords(time_cost=1, memory_kib=64), display_name="Nora Berg")
        _token, token = people.create_token(session, actor=CLI_ACTOR, name="webhook", for_user=nora)
        session.commit()
    environment = {"POSTGUARD_DATA_DIR": str(data), "POSTGUARD_DATABASE_URL": "", "POSTGUARD_WARM_UP": "0",
                   "POSTGUARD_INBOX_CLASSIFIER": "keywords", "POSTGUARD_INBOX_REFRESH_SECONDS": str(refresh_seconds)}
    try:
        with running_interface(app="postguard.web.app:create_app", timeout=120, environment=environment) as base:
            yield base, token, db
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def failing_server(tmp_path_factory):
    """The service for nora whose inbox page refreshes only hourly: within a test, only what the
    page does after an action of the reader's (a retry) brings new rows."""
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    with service_for_nora(tmp_path_factory.mktemp("inbox-failed-ui"), refresh_seconds=3600) as server:
        yield server


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

        # In Hebrew: the page right to left, the section's texts and why triage failed translated,
        # the customer's Norwegian and the Hebrew reason each in their own direction.
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
        assert text_and_reason[1].inner_text() == NO_TIME_TO_ANSWER_HE
        assert [c.evaluate("e => getComputedStyle(e).direction") for c in text_and_reason] == ["ltr", "rtl"]
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
        # Sending it again is refused, said in Hebrew, and the list catches up.
        row.get_by_role("button").click()
        audit_page.wait_for_function(f"() => !document.querySelector('#failed-messages tr[data-id=\"{invoice}\"]')")
        from postguard.web.translate import catalogue

        assert audit_page.locator("#failed-status").inner_text() == catalogue("he")["errors"]["conflict"]
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


def test_the_conversation_a_retried_message_opens_comes_in_without_a_reload(page, failing_server):
    base, token, db = failing_server
    open_one_minute_a_week(db)
    try:
        [message] = deliver(base, token, {
            "platform": "facebook", "external_id": "retried-1", "author_handle": "liv", "author_name": "Liv Hansen",
            "text": "Hvor er fakturaen min for desember?", "received_at": "2026-11-23T11:00:00+01:00",
            "arrived_at": "official"})
        wait_for(lambda: triage_states(db, [message])[message][0] == "failed")
        sign_in_on_the_page(page, base, "nora")
        failed = page.locator(f'#failed-messages tr[data-id="{message}"]')
        failed.wait_for(timeout=15_000)
        liv = page.locator("#conversations tr").filter(has_text="Liv Hansen")
        assert liv.count() == 0

        restore_opening_hours(db)
        failed.get_by_role("button", name="Triage again").click()
        # The page fetches its lists only hourly here: it is the retry that brings the conversation.
        liv.wait_for(timeout=20_000)
        assert failed.count() == 0
        assert liv.get_by_role("button").inner_text() == "Liv Hansen"
        assert liv.locator(".badge").inner_text() == "New conversation"
        assert re.fullmatch(r"New conversations: [1-9]", page.locator("#list-status").inner_text())

        liv.get_by_role("button").click()  # opened: no longer new, and marked as the open one
        page.wait_for_function("() => document.getElementById('conversation-title').textContent.includes('Liv Hansen')")
        assert liv.locator(".badge").count() == 0 and liv.get_attribute("aria-current") == "true"
    finally:
        restore_opening_hours(db)


# -- an open page stays current ------------------------------------------------------------------

REFRESH_SECONDS = 1


@pytest.fixture(scope="module")
def refreshing_server(tmp_path_factory):
    """The service for nora whose inbox page fetches its lists again every second."""
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    with service_for_nora(tmp_path_factory.mktemp("inbox-refresh-ui"), refresh_seconds=REFRESH_SECONDS) as server:
        yield server


def message(external_id: str, handle: str, name: str, text: str) -> dict:
    return {"platform": "facebook", "external_id": external_id, "author_handle": handle, "author_name": name,
            "text": text, "received_at": "2026-11-23T10:00:00+01:00", "arrived_at": "official"}


def delivered_and_triaged(base: str, token: str, db, record: dict) -> int:
    [message_id] = deliver(base, token, record)
    wait_for(lambda: triage_states(db, [message_id])[message_id][0] == "done")
    return message_id


def set_visibility(page, state: str) -> None:
    """What the browser does when the reader switches tabs (headless chromium never hides a page)."""
    page.evaluate("""state => {
        if (state === 'hidden') Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        else delete document.visibilityState;
        document.dispatchEvent(new Event('visibilitychange'));
    }""", state)


def test_a_message_that_arrives_while_the_page_is_open_shows_up_without_disturbing_the_reader(
        page, audit_page, refreshing_server, axe_violations, screenshot):
    base, token, db = refreshing_server
    delivered_and_triaged(base, token, db, message("open-1", "eva", "Eva Holm",
                                                   "Hej! Var är min faktura för november?"))
    audit_page.context.add_cookies([{"name": "pg_lang", "value": "he", "url": base}])
    sign_in_on_the_page(audit_page, base, "nora")  # a colleague's window, in Hebrew
    audit_page.locator("#conversations tr").first.wait_for(timeout=15_000)
    sign_in_on_the_page(page, base, "nora")
    eva = page.locator("#conversations tr").filter(has_text="Eva Holm")
    eva.wait_for(timeout=15_000)
    assert eva.locator(".badge").count() == 0  # there when the page opened: not new
    eva.get_by_role("button").click()
    page.wait_for_function("() => document.getElementById('conversation-title').textContent.includes('Eva Holm')")
    title = page.locator("#conversation-title").inner_text()
    typed = "Hej Eva, tack för ditt meddelande. Vi tittar på fakturan"
    page.fill("#reply", typed)

    delivered_and_triaged(base, token, db, message("open-2", "jan", "Jan de Vries",
                                                   "Waar blijft mijn factuur van november?"))
    jan = page.locator("#conversations tr").filter(has_text="Jan de Vries")
    jan.wait_for(timeout=REFRESH_SECONDS * 1000 + 10_000)
    assert jan.locator(".badge").inner_text() == "New conversation"
    assert page.locator("#list-status").inner_text() == "New conversations: 1"
    # The reader's place: the open conversation, the reply being typed, the focus in it.
    assert page.locator("#conversation-title").inner_text() == title
    assert page.locator("#reply").input_value() == typed
    assert page.evaluate("() => document.activeElement.id") == "reply"
    assert eva.get_attribute("aria-current") == "true" and eva.locator(".badge").count() == 0
    screenshot(page, "inbox-new-conversation")

    hebrew = audit_page.locator("#conversations tr").filter(has_text="Jan de Vries")
    hebrew.wait_for(timeout=10_000)
    assert hebrew.locator(".badge").inner_text() == "שיחה חדשה"
    # The time left (or overdue) in Hebrew units, as in English ones on the English page.
    assert re.search("שע׳|דק׳", hebrew.locator(".deadline").inner_text()), hebrew.locator(".deadline").inner_text()
    assert re.search(r"\d+ (hr|min)\b", jan.locator(".deadline").inner_text()), jan.locator(".deadline").inner_text()
    assert audit_page.locator("#list-status").inner_text() == "שיחות חדשות: \u20681\u2069"
    assert audit_page.locator("#inbox-list").evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert axe_violations(audit_page) == []
    screenshot(audit_page, "inbox-new-conversation-he")


def test_the_page_asks_nothing_while_hidden_and_never_two_refreshes_at_once(page, refreshing_server):
    base, token, db = refreshing_server
    # Every list fetch takes 2.5 s here, longer than the refresh interval: one must wait for the other.
    page.add_init_script(r"""(() => {
        const fetched = window.fetch;
        window.listFetches = {started: 0, running: 0, most: 0};
        window.fetch = async function (resource, ...rest) {
            if (!/\/inbox\/conversations($|\?)/.test(String(resource))) return fetched.call(this, resource, ...rest);
            const seen = window.listFetches;
            seen.started += 1;
            seen.running += 1;
            seen.most = Math.max(seen.most, seen.running);
            try {
                await new Promise(done => setTimeout(done, 2500));
                return await fetched.call(this, resource, ...rest);
            } finally { seen.running -= 1; }
        };
    })()""")
    sign_in_on_the_page(page, base, "nora")
    page.locator("#inbox-list").wait_for(state="visible", timeout=15_000)
    page.wait_for_function("() => window.listFetches.started >= 3", timeout=20_000)
    assert page.evaluate("() => window.listFetches.most") == 1

    set_visibility(page, "hidden")
    page.wait_for_function("() => window.listFetches.running === 0", timeout=10_000)
    started = page.evaluate("() => window.listFetches.started")
    delivered_and_triaged(base, token, db, message("hidden-1", "ola", "Ola Dunk",
                                                   "Strømmen er borte i hele gata."))
    page.wait_for_timeout(4 * REFRESH_SECONDS * 1000)
    assert page.evaluate("() => window.listFetches.started") == started  # a hidden tab asks nothing
    ola = page.locator("#conversations tr").filter(has_text="Ola Dunk")
    assert ola.count() == 0

    set_visibility(page, "visible")  # back to the tab: it catches up at once
    ola.wait_for(timeout=10_000)
    assert page.evaluate("() => window.listFetches.most") == 1


def test_a_customers_new_message_shows_up_in_the_open_conversation_without_disturbing_the_reader(
        page, refreshing_server, screenshot):
    base, token, db = refreshing_server
    first = {**message("thread-1", "anna", "Anna Berg", "Hej! Min faktura för november har inte kommit."),
             "thread_id": "anna-invoice"}
    delivered_and_triaged(base, token, db, first)
    sign_in_on_the_page(page, base, "nora")
    anna = page.locator("#conversations tr").filter(has_text="Anna Berg")
    anna.wait_for(timeout=15_000)
    anna.get_by_role("button").click()
    page.wait_for_function("() => document.getElementById('conversation-title').textContent.includes('Anna Berg')")
    messages = page.locator("#messages li")
    assert messages.all_inner_texts() == ["Anna Berg: Hej! Min faktura för november har inte kommit."]
    page.evaluate("() => { document.querySelector('#messages li').kept = true; }")  # the same node afterwards?
    page.fill("#assign-user", "ola")
    page.fill("#assign-reason", "semester till fredag")
    typed = "Hej Anna, tack för ditt meddelande. Vi kontrollerar"
    page.fill("#reply", typed)

    follow_up = {**message("thread-2", "anna", "Anna Berg", "Och nu har ni dragit pengarna två gånger!"),
                 "received_at": "2026-11-23T10:20:00+01:00", "thread_id": "anna-invoice"}
    delivered_and_triaged(base, token, db, follow_up)
    page.wait_for_function("() => document.querySelectorAll('#messages li').length === 2",
                           timeout=REFRESH_SECONDS * 1000 + 10_000)
    assert messages.all_inner_texts() == ["Anna Berg: Hej! Min faktura för november har inte kommit.",
                                          "Anna Berg: Och nu har ni dragit pengarna två gånger!"]
    assert page.evaluate("() => document.querySelector('#messages li').kept") is True  # added to, not rebuilt
    assert messages.nth(1).get_attribute("dir") == "auto"
    # The reader's place: the reply being typed, the focus in it, the reassign form as filled in.
    assert page.locator("#reply").input_value() == typed
    assert page.evaluate("() => document.activeElement.id") == "reply"
    assert (page.locator("#assign-user").input_value(), page.locator("#assign-reason").input_value()) == (
        "ola", "semester till fredag")
    assert "Anna Berg" in page.locator("#conversation-title").inner_text()
    assert anna.get_attribute("aria-current") == "true"
    page.wait_for_timeout(3 * REFRESH_SECONDS * 1000)  # refreshes after that add nothing twice
    assert messages.count() == 2
    screenshot(page, "inbox-follow-up")
