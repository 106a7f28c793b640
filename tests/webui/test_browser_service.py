"""The interface inside the service, in a real browser, signed in as the demo company's people.

The server is the whole service (``postguard.web.app:create_app``) on a fresh SQLite database
with one account per role (password ``postguard-demo``), as ``./run`` starts it.
"""
from __future__ import annotations

import json
import re

import pytest

from postguard.demo.company import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CHECKED = """() => {
  const state = window.postguardCompose;
  return state && state.lastChecked && state.lastChecked.text === document.getElementById('draft').value;
}"""


def sign_in(page, base: str, username: str, *, next_path: str = "/ui/drafts", language: str = "en") -> None:
    """Open a page; a page that needs sign-in sends a visitor to the form, an open one offers the
    top bar's link to it. Sign in with the keyboard and come back."""
    page.context.add_cookies([{"name": "pg_lang", "value": language, "url": base}])
    page.goto(f"{base}{next_path}")
    if "/ui/signin" not in page.url:
        page.locator(".account a").click()
        page.wait_for_url(re.compile(r"/ui/signin\?next="))
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(re.compile(re.escape(base + next_path.split("?")[0])))


def submit_by_api(context, base: str, username: str, text: str, **extra) -> dict:
    """What an author does in another window: sign in and submit a draft through the API."""
    login = context.request.post(f"{base}/api/v1/auth/login", data={"username": username, "password": DEMO_PASSWORD})
    assert login.ok, login.text()
    answer = context.request.post(f"{base}/api/v1/drafts", data={"text": text, "language": "en", **extra},
                                  headers={"X-CSRF-Token": login.headers["x-csrf-token"]})
    assert answer.ok, answer.text()
    return answer.json()


def test_employee_is_sent_to_sign_in_then_writes_fixes_and_submits(page, service_server, screenshot):
    sign_in(page, service_server, "employee")
    nav = [a.inner_text() for a in page.locator(".mainnav a").all()]
    assert nav == ["Compose", "My drafts", "Share", "Policy", "Training"]
    assert page.locator(".account__name").inner_text() == "Lars Eriksen"

    page.get_by_role("link", name="Compose").click()
    page.locator("#draft").press_sequentially("Call me on +47 912 34 567, you idiot.", delay=10)
    page.wait_for_function(CHECKED, timeout=15_000)
    marked = page.eval_on_selector_all("#draft-mirror mark", "ms => ms.map(m => m.textContent)")
    assert any("912 34 567" in m for m in marked) and "idiot" in marked
    screenshot(page, "service-compose-employee")
    page.locator("#draft").fill("Call our customer service, we are glad to help.")
    page.wait_for_function(CHECKED, timeout=15_000)
    assert page.locator("#draft-mirror mark").count() == 0
    page.get_by_role("button", name="Submit for publication").click()
    outcome = page.locator("#submit-outcome")
    outcome.get_by_role("link", name="See the draft and its history").wait_for()
    assert outcome.get_attribute("data-status") in {"approved", "pending_review"}
    outcome.get_by_role("link", name="See the draft and its history").click()
    assert page.locator("#history li").last.get_attribute("data-kind") == "submitted"
    screenshot(page, "service-draft-employee")


def test_reviewer_approves_a_flagged_draft_and_the_author_sees_it(browser, service_server, screenshot):
    author = browser.new_context(locale="en-GB")
    draft = submit_by_api(author, service_server, "employee", "Big news today #a #b #c #d #e #f #g")
    assert draft["status"] == "pending_review"
    reviewer = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = reviewer.new_page()
    sign_in(page, service_server, "reviewer", next_path="/ui/review")
    assert [a.inner_text() for a in page.locator(".mainnav a").all()] == [
        "Compose", "My drafts", "Share", "Review", "Incidents", "Policy", "Training", "Dashboard"]
    page.get_by_role("link", name=f"Draft {draft['id']} by employee").click()
    assert page.locator("#draft-text mark").first.inner_text().startswith("#")
    assert page.locator('#findings li[data-code="PG701"]').count() == 1
    screenshot(page, "service-review-draft")
    # Keyboard only: the decision, a comment, save.
    page.get_by_label("Approve", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Comment for the author").fill("Fine this time; fewer hashtags next time.")
    page.get_by_role("button", name="Save the decision").press("Enter")
    page.wait_for_url(re.compile(r"/ui/review\?done=approve"))
    assert page.locator(".flash").inner_text() == "The draft is approved; its author is told."
    assert page.locator(f'[data-draft="{draft["id"]}"]').count() == 0

    mine = author.new_page()
    mine.goto(f"{service_server}/ui/drafts")
    row = mine.locator(f'tr[data-draft="{draft["id"]}"]')
    assert row.get_attribute("data-status") == "approved"
    assert "fewer hashtags next time" in row.inner_text()
    screenshot(mine, "service-my-drafts")
    author.close()
    reviewer.close()


def test_admin_uploads_a_broken_policy_then_a_good_one_and_activates_it(page, service_server, screenshot):
    sign_in(page, service_server, "admin", next_path="/ui/policy")
    page.get_by_role("link", name="Versions: upload, compare, activate").click()
    broken = b"policy:\n  name: Broken\n  revision: '1'\nspeakers:\n  model: loose\n"
    page.set_input_files("#policy-file", files=[{"name": "broken.yaml", "mimeType": "text/yaml", "buffer": broken}])
    page.get_by_role("button", name="Check and upload").click()
    problems = page.locator("#problems li")
    assert problems.count() >= 1
    assert "line 5" in page.locator('#problems li[data-line="5"]').inner_text()
    screenshot(page, "service-policy-broken")

    from postguard.store.policies import bundled_policy_source

    good = bundled_policy_source().replace('revision: "2026.11"', 'revision: "2026.12"', 1)
    page.locator("#policy-source").fill(good)
    page.get_by_role("button", name="Check and upload").click()
    page.wait_for_url(re.compile(r"/ui/policy/versions/\d+\?done=uploaded"))
    assert page.locator("#diff .add").inner_text().strip() == '+  revision: "2026.12"'
    screenshot(page, "service-policy-diff")
    page.get_by_role("button", name=re.compile(r"Activate version \d+")).click()
    assert page.locator(".flash").inner_text() == "This version is now active: every check uses it."
    assert page.locator("#version-state").inner_text() == "Active"


def test_admin_offboards_someone_and_the_audit_chain_holds(page, service_server, screenshot):
    sign_in(page, service_server, "admin", next_path="/ui/people")
    page.get_by_label("Username").fill("temp.worker")
    page.get_by_label("Full name").fill("Tove Temp")
    page.get_by_label("First password").fill("a long enough password")
    page.get_by_role("button", name="Create the account").click()
    assert page.locator('tr[data-username="temp.worker"]').count() == 1
    page.get_by_role("link", name="Deactivate temp.worker").click()
    page.get_by_role("button", name="Deactivate the account").click()
    assert page.locator('tr[data-username="temp.worker"] .pill').inner_text() == "Deactivated"
    screenshot(page, "service-people")

    page.get_by_role("link", name="Audit").click()
    page.get_by_label("What").select_option("user.deactivate")
    page.get_by_role("button", name="Show").click()
    assert page.locator("#audit-events tbody tr").count() == 1
    page.get_by_role("button", name="Verify the chain").click()
    assert page.locator("#verification").inner_text().startswith("The chain is intact:")
    screenshot(page, "service-audit")


def decide_by_api(context, base: str, username: str, draft_id: int, decision: str, comment: str) -> None:
    """A reviewer's decision in another window, through the API."""
    login = context.request.post(f"{base}/api/v1/auth/login", data={"username": username, "password": DEMO_PASSWORD})
    assert login.ok, login.text()
    answer = context.request.post(f"{base}/api/v1/drafts/{draft_id}/decision",
                                  data={"decision": decision, "comment": comment},
                                  headers={"X-CSRF-Token": login.headers["x-csrf-token"]})
    assert answer.ok, answer.text()


@pytest.mark.parametrize(("language", "name", "decision", "direction"), [
    ("en", "Reviewer's decision on a draft", "Changes requested", "ltr"),
    ("he", "החלטת הבודק על טיוטה", "התבקשו שינויים", "rtl"),
])
def test_the_audit_page_says_what_happened_by_name_and_keeps_the_raw_record(
        audit_page, service_server, axe_violations, screenshot, language, name, decision, direction):
    page = audit_page
    draft = submit_by_api(page.context, service_server, "employee", "Big news #a #b #c #d #e #f #g")
    comment = "פחות האשטגים בבקשה, ואז נפרסם."  # the reviewer writes Hebrew, whatever the reader's language
    decide_by_api(page.context, service_server, "reviewer", draft["id"], "request_changes", comment)
    page.context.clear_cookies()
    sign_in(page, service_server, "admin", next_path="/ui/audit?action=draft.decide", language=language)
    assert page.evaluate("() => getComputedStyle(document.documentElement).direction") == direction
    row = page.locator("#audit-events tbody tr").filter(has=page.locator(f'a[href="/ui/drafts/{draft["id"]}"]'))
    assert row.count() == 1
    assert row.locator(".audit-name").inner_text() == name
    code = row.locator(".audit-code")
    assert code.inner_text() == "draft.decide"  # exports and the API use the code: it stays on the page
    assert "mono" in code.evaluate("e => getComputedStyle(e).fontFamily")
    assert row.locator('[data-field="decision"] dd').inner_text() == decision
    words = row.locator('[data-field="comment"] dd span[dir="auto"]')
    assert words.inner_text() == comment and words.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # The record as logged, for evidence: folded away, one keyboard press from view.
    raw = row.locator("details.audit-raw pre")
    assert not raw.is_visible()
    row.locator("details.audit-raw summary").focus()
    page.keyboard.press("Enter")
    assert raw.is_visible() and raw.evaluate("e => getComputedStyle(e).direction") == "ltr"
    record = json.loads(raw.inner_text())
    assert record["action"] == "draft.decide" and record["payload"] == {
        "comment": comment, "decision": "request_changes", "draft_id": draft["id"]}
    assert len(record["hash"]) == 64
    assert axe_violations(page) == []
    screenshot(page, f"service-audit-names-{language}")


def test_dashboard_in_hebrew_is_right_to_left(page, service_server, screenshot):
    sign_in(page, service_server, "lead", next_path="/ui/dashboard", language="he")
    assert page.evaluate("() => getComputedStyle(document.documentElement).direction") == "rtl"
    # The drafts' four panels, the inbox's two and the incidents' two (a lead reads all three).
    assert page.locator(".panel svg[role=img]").count() == 8
    with page.expect_download() as download:
        page.locator('[data-panel="drafts-by-outcome"] a[download]').click()
    assert download.value.suggested_filename == "postguard-drafts-by-outcome-12w.csv"
    screenshot(page, "service-dashboard-he")


@pytest.mark.parametrize(("user", "path", "language"), [
    (None, "/ui/signin", "en"),
    ("reviewer", "/ui/review", "he"),
    ("reviewer", "/ui/drafts/1", "en"),
    ("employee", "/ui/drafts", "pl"),
    ("admin", "/ui/people", "he"),
    ("admin", "/ui/audit?verify=true", "no"),
    ("admin", "/ui/dashboard", "sv"),
    ("admin", "/ui/policy/versions", "nl"),
    ("admin", "/ui/policy/versions/1", "he"),
])
def test_accessibility_check_accepts_the_service_pages(audit_page, service_server, axe_violations, user, path, language):
    page = audit_page
    if user:
        submit_by_api(page.context, service_server, "employee", "Big news #a #b #c #d #e #f #g")
        page.context.clear_cookies()
        sign_in(page, service_server, user, next_path=path, language=language)
    else:
        page.context.add_cookies([{"name": "pg_lang", "value": language, "url": service_server}])
        page.goto(f"{service_server}{path}")
    assert axe_violations(page) == []
