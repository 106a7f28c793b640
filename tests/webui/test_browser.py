"""The interface in a real browser (Debian's chromium through Playwright), as people use it.

Each test starts from a page served by a uvicorn child process on a free loopback port, and
saves a screenshot under tests/screenshots/ for a person to look at.
"""
from __future__ import annotations

import pytest

from postguard.rules.registry import all_rules

pytestmark = pytest.mark.browser

CHECKED = """() => {
  const state = window.postguardCompose;
  return state && state.lastChecked && state.lastChecked.text === document.getElementById('draft').value;
}"""


def open_compose(page, live_server, language: str = "en"):
    page.context.add_cookies([{"name": "pg_lang", "value": language, "url": live_server}])
    page.goto(f"{live_server}/ui/compose")
    return page.locator("#draft")


def type_draft(page, text: str) -> None:
    page.locator("#draft").press_sequentially(text, delay=15)
    page.wait_for_function(CHECKED, timeout=10_000)


def marks(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#draft-mirror mark", "ms => ms.map(m => ({text: m.textContent, severity: m.dataset.severity}))")


def finding_cards(page):
    return page.locator("#findings > li.finding")


def _registered(prefix: str) -> bool:
    return any(rule.code.startswith(prefix) for rule in all_rules())


@pytest.mark.skipif(not (_registered("PG202") and _registered("PG4")),
                    reason="needs the phone-number rule PG202 and the conduct word lists PG4xx in the registry")
def test_employee_sees_phone_number_and_insult_fixes_them(page, live_server, screenshot):
    open_compose(page, live_server)
    phone, insult = "+47 912 34 567", "idiot"
    type_draft(page, f"Thanks for the feedback! Call me on {phone} tomorrow, you {insult}.")

    highlighted = [m["text"] for m in marks(page)]
    assert any(phone in text for text in highlighted), highlighted
    assert insult in highlighted, highlighted
    cards = finding_cards(page)
    phone_card = cards.filter(has_text=phone).first
    insult_card = cards.filter(has_text=insult).first
    for card in (phone_card, insult_card):
        assert card.locator(".finding__message").inner_text().strip()
        assert card.locator(".finding__do strong").text_content().startswith("Do instead")
    assert phone_card.get_attribute("data-code").startswith("PG2")
    assert insult_card.get_attribute("data-code").startswith("PG4")
    assert page.locator("#verdict").get_attribute("data-verdict") in {"warn", "block"}
    screenshot(page, "compose-findings-en")

    # Fix them the way the page offers: "Show in the text" selects the span, typing replaces it.
    phone_card.get_by_role("button", name="Show in the text").click()
    assert page.evaluate("() => { const t = document.getElementById('draft'); return t.value.slice(t.selectionStart, t.selectionEnd); }") == phone
    page.keyboard.type("our customer service page", delay=10)
    page.wait_for_function(CHECKED)
    finding_cards(page).filter(has_text=insult).first.get_by_role("button", name="Show in the text").click()
    page.keyboard.type("all", delay=10)
    page.wait_for_function(CHECKED)

    assert page.locator("#draft").input_value() == (
        "Thanks for the feedback! Call me on our customer service page tomorrow, you all.")
    assert marks(page) == []
    assert finding_cards(page).count() == 0
    assert page.locator("#verdict").get_attribute("data-verdict") == "pass"
    assert page.locator("#check-status").inner_text() == "No findings: this draft follows the policy. · Read as English"
    screenshot(page, "compose-fixed-en")


def test_hashtag_wall_is_highlighted_explained_in_polish_and_fixed(page, live_server, screenshot):
    open_compose(page, live_server, "pl")
    type_draft(page, "Świetny dzień w pracy #energia #oslo #praca #zespół #słońce #wiatr #norwegia")
    highlighted = marks(page)
    assert highlighted and all("#" in m["text"] for m in highlighted)
    card = page.locator('#findings > li[data-code="PG701"]')
    assert card.count() == 1
    assert "Zamiast tego" in card.locator(".finding__do strong").text_content()
    assert card.locator(".finding__message").inner_text() != ""
    screenshot(page, "compose-hashtags-pl")

    # Deleting the surplus hashtags clears the finding.
    draft = page.locator("#draft")
    for _ in range(len(" #słońce #wiatr #norwegia")):
        draft.press("Backspace")
    page.wait_for_function(CHECKED)
    assert marks(page) == [] and finding_cards(page).count() == 0
    assert page.locator("#verdict-label").inner_text() == "Wygląda dobrze"


def test_a_draft_in_german_is_not_passed_and_the_page_says_what_to_do(page, live_server, screenshot):
    open_compose(page, live_server, "sv")
    type_draft(page, "Vielen Dank an das ganze Team für die tolle Arbeit heute!")
    assert page.locator("#verdict").get_attribute("data-verdict") == "warn"
    status = page.locator("#check-status").inner_text()
    assert "skrivet på ett språk som kontrollerna inte läser (de)" in status, status
    assert finding_cards(page).count() == 0
    screenshot(page, "compose-unread-language-sv")


def test_hebrew_interface_is_right_to_left(page, live_server, screenshot):
    draft = open_compose(page, live_server, "he")
    assert page.evaluate("() => getComputedStyle(document.documentElement).direction") == "rtl"
    links = page.locator(".mainnav a")
    first, last = links.first.bounding_box(), links.last.bounding_box()
    assert first["x"] > last["x"], "the first navigation item sits on the right in Hebrew"
    # The findings panel is on the left of the editor in right-to-left layout.
    editor, panel = page.locator(".compose__editor").bounding_box(), page.locator(".compose__findings").bounding_box()
    assert panel["x"] < editor["x"]
    draft.press_sequentially("יום נהדר בעבודה #אנרגיה #אוסלו #עבודה #צוות #שמש #רוח #נורווגיה", delay=10)
    page.wait_for_function(CHECKED)
    assert page.evaluate("() => getComputedStyle(document.getElementById('draft')).direction") == "rtl"
    assert page.locator('#findings > li[data-code="PG701"] .finding__do strong').text_content() == "במקום זאת"
    screenshot(page, "compose-he")
    page.goto(f"{live_server}/ui/policy")
    assert page.locator("#handbook").get_attribute("dir") == "rtl"
    screenshot(page, "policy-he")


def test_language_switcher_switches_and_stays_on_the_page(page, live_server, screenshot):
    page.goto(f"{live_server}/ui/policy")
    assert page.locator("h1").inner_text() == "The policy"
    # Keyboard only: the switcher is a disclosure, its options are links.
    page.locator(".langswitch summary").focus()
    page.keyboard.press("Enter")
    polski = page.get_by_role("list", name="Choose the interface language").get_by_role("link", name="Polski")
    polski.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/ui/policy")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.locator("h1").inner_text() == "Polityka"
    assert page.get_by_role("navigation", name="Nawigacja główna").get_by_role("link", name="Napisz").count() == 1
    page.goto(f"{live_server}/ui/compose")
    assert page.locator("h1").inner_text() == "Napisz post"
    screenshot(page, "compose-pl")


def test_keyboard_reaches_the_content_with_a_visible_focus(page, live_server):
    open_compose(page, live_server)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const el = document.activeElement, s = getComputedStyle(el);
        return {name: el.name, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert focused["name"] == "account"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "channel"
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert outline[0] == "solid" and outline[1] >= 2


@pytest.mark.parametrize(("path", "language", "draft"), [
    ("/ui/compose", "en", "Big news #a #b #c #d #e #f #g"),
    ("/ui/compose", "he", "חדשות גדולות #א #ב #ג #ד #ה #ו #ז"),
    ("/ui/policy", "he", None),
    ("/ui/policy?hl=sv", "pl", None),
    ("/ui/inbox", "nl", None),
])
def test_accessibility_check_accepts_the_pages(audit_page, live_server, axe_violations, path, language, draft):
    page = audit_page
    page.context.add_cookies([{"name": "pg_lang", "value": language, "url": live_server}])
    page.goto(f"{live_server}{path}")
    if draft:
        type_draft(page, draft)
        assert finding_cards(page).count() >= 1
    assert axe_violations(page) == []


def test_pages_load_nothing_from_outside(page, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/ui/compose", "/ui/policy?hl=he", "/ui/dashboard"):
        page.goto(f"{live_server}{path}")
    page.goto(f"{live_server}/ui/compose")
    type_draft(page, "Nothing external #a #b #c #d #e #f #g")
    assert requested and all(url.startswith(live_server) for url in requested), requested
    assert any(url.endswith("/ui/api/check") for url in requested)


def test_marks_follow_the_text_until_the_next_answer(page, live_server):
    open_compose(page, live_server)
    type_draft(page, "Big news today #a #b #c #d #e #f #g")
    before = [m["text"] for m in marks(page)]
    assert before == ["#f #g"], "PG701 marks the hashtags beyond the policy's five"
    # The server stops answering: what the author sees must still line up with the text.
    page.route("**/api/check", lambda route: route.abort())
    draft = page.locator("#draft")
    draft.press("Home")
    draft.press_sequentially("Wow! ", delay=10)
    page.wait_for_function("() => document.getElementById('check-status').textContent.includes('could not run')")
    assert [m["text"] for m in marks(page)] == before
    assert page.locator("#draft-mirror").text_content().rstrip("\u200b") == draft.input_value()
    # An edit inside a marked stretch removes that mark rather than misplacing it.
    draft.press("End")
    draft.press("Backspace")
    assert marks(page) == []


@pytest.mark.parametrize("language", ["he", "nl"])
def test_handbook_reads_in_its_language(page, handbook_server, screenshot, language):
    page.goto(f"{handbook_server}/ui/policy?hl={language}")
    handbook = page.locator("#handbook")
    assert handbook.get_attribute("lang") == language
    expected_dir = "rtl" if language == "he" else "ltr"
    assert page.evaluate("() => getComputedStyle(document.getElementById('handbook')).direction") == expected_dir
    # The contents link to every section, and following one moves there.
    links = page.locator(".handbook__toc a")
    assert links.count() == page.locator(".handbook__section").count() >= 5
    links.nth(2).click()
    assert page.url.endswith(links.nth(2).get_attribute("href"))
    assert page.locator(".guideline__do").first.inner_text().strip()
    screenshot(page, f"policy-handbook-{language}")


def test_submit_sends_the_draft_to_the_service_once(page, submitting_server):
    import json

    received = []

    def service(route):
        received.append({"body": json.loads(route.request.post_data), "key": route.request.headers.get("idempotency-key")})
        if len(received) == 1:  # the first attempt fails on the way back, as a flaky network would
            route.fulfill(status=503, json={"error": {"status": 503, "code": "unavailable", "message": "try again", "details": []}})
        else:
            route.fulfill(status=201, json={"id": 7, "status": "in_review", "verdict": "warn"})

    page.route("**/api/v1/drafts", service)
    draft = open_compose(page, submitting_server)
    assert page.locator("#submit-note").count() == 0
    page.get_by_role("radio", name="An official company account").check()
    page.get_by_label("Channel").select_option("facebook")
    type_draft(page, "Our new tariff starts on Monday #energy")
    submit = page.get_by_role("button", name="Submit for publication")
    submit.click()
    page.wait_for_function("() => document.getElementById('submit-outcome').textContent.includes('try again')")
    submit.click()
    page.wait_for_function("() => document.getElementById('submit-outcome').textContent.includes('in_review')")
    assert [r["body"] for r in received] == [
        {"text": draft.input_value(), "account": "official", "channel": "facebook", "language": None}] * 2
    assert received[0]["key"] and received[0]["key"] == received[1]["key"], "a retry reuses the Idempotency-Key"
