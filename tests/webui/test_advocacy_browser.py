"""The advocacy pages in a real browser, on the whole service with the demo company's programme:
an employee shares from the library and follows their own link, hides from the leaderboard;
the communications lead reads the measurement report; Hebrew is right to left; axe finds nothing."""
from __future__ import annotations

import os
import re

import pytest

from postguard.webui.testing import browser_missing_reason, running_interface

pytestmark = pytest.mark.browser
PASSWORD = "postguard-demo"


@pytest.fixture(scope="module")
def service_server(tmp_path_factory):
    """``postguard.web.app:create_app`` on a fresh data directory seeded like ``postguard demo``."""
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    from postguard.demo.advocacy import seed_advocacy
    from postguard.demo.company import seed_people
    from postguard.settings import Settings

    data = tmp_path_factory.mktemp("advocacy-service")
    settings = Settings(data_dir=data, argon2_time_cost=1, argon2_memory_kib=64, warm_up=False)
    seed_people(settings)
    seed_advocacy(settings)
    saved = {k: os.environ.get(k) for k in ("POSTGUARD_DATA_DIR", "POSTGUARD_WARM_UP")}
    os.environ.update(POSTGUARD_DATA_DIR=str(data), POSTGUARD_WARM_UP="false")
    try:
        with running_interface(app="postguard.web.app:create_app") as base_url:
            yield base_url
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def sign_in(page, base: str, username: str, language: str = "en") -> None:
    page.context.add_cookies([{"name": "pg_lang", "value": language, "url": base}])
    answer = page.request.post(f"{base}/api/v1/auth/login", data={"username": username, "password": PASSWORD})
    assert answer.ok, answer.text()


def test_employee_shares_follows_the_link_and_hides_from_the_leaderboard(page, service_server, screenshot):
    base = service_server
    sign_in(page, base, "employee")
    page.goto(f"{base}/ui/share")
    assert page.locator("h1").inner_text() == "Share company news"
    item = page.locator("#library-title + ul > li").filter(has_text="Tromsø").first
    # The employee's language is Norwegian: the library shows the item in Norwegian.
    assert item.locator(".library__text").get_attribute("lang") == "no"
    assert page.locator(".library").get_by_text("Heat pump launch").count() == 0, "the embargoed item is not offered"
    screenshot(page, "advocacy-share-en")
    item.get_by_label("Channel").select_option("x")
    item.get_by_role("button", name="Share").click()
    page.wait_for_url(re.compile(r".*/ui/share/shares/\d+$"))
    text = page.locator("#share-text").input_value()
    link = page.locator("#share-link").inner_text()
    assert "#ansatt" in text and link in text and "#GreenerNorth" in text
    assert page.locator("#share-verdict").get_attribute("data-verdict") in ("pass", "warn")
    screenshot(page, "advocacy-share-result-en")
    followed = page.request.get(link, max_redirects=0, headers={"User-Agent": "Mozilla/5.0 Chrome/120"})
    assert followed.status == 302 and followed.headers["location"] == "https://nordlys.example/greener-north"
    page.reload()
    assert "1 person has followed it so far." in page.locator(".share-result").inner_text()

    page.get_by_role("navigation", name="Advocacy").get_by_role("link", name="Leaderboard").click()
    assert page.locator("#contest-title").inner_text() == "Winter sprint"
    assert page.locator("#standings tr.is-viewer").count() == 1
    screenshot(page, "advocacy-leaderboard-en")
    page.get_by_role("button", name="Hide me from leaderboards").click()
    assert page.locator("#optout-state").inner_text().startswith("You are hidden")
    assert "(hidden from others)" in page.locator("#standings tr.is-viewer").inner_text()
    page.get_by_role("button", name="Show me on leaderboards").click()
    assert page.locator("#optout-state").inner_text().startswith("Colleagues see")


def test_lead_reads_the_report_with_charts_and_downloads_csv(page, service_server, screenshot):
    sign_in(page, service_server, "lead", "pl")
    page.goto(f"{service_server}/ui/advocacy-report")
    assert page.locator("h1").inner_text() == "Pomiary"
    assert page.locator("svg[role=img]").count() == 2
    assert page.locator("#report-table tbody tr").count() >= 6
    page.get_by_label("Według").select_option("employee")
    page.get_by_role("button", name="Pokaż").click()
    page.wait_for_url(re.compile(r".*/ui/advocacy-report\?by=employee"))  # the form reloads the page
    assert page.locator("#report-table tbody tr").count() == 6
    screenshot(page, "advocacy-report-pl")
    with page.expect_download() as download:
        page.locator("#report-csv").click()
    content = open(download.value.path(), encoding="utf-8").read()
    assert content.splitlines()[0].startswith("employee,shares,clicks")


def test_hebrew_share_and_leaderboard_are_right_to_left(page, service_server, screenshot):
    sign_in(page, service_server, "employee", "he")
    page.goto(f"{service_server}/ui/share")
    assert page.evaluate("() => getComputedStyle(document.documentElement).direction") == "rtl"
    tabs = page.get_by_role("navigation", name="שגרירות עובדים").get_by_role("link")
    assert tabs.first.bounding_box()["x"] > tabs.last.bounding_box()["x"], "the first tab sits on the right"
    screenshot(page, "advocacy-share-he")
    page.goto(f"{service_server}/ui/leaderboard")
    assert page.locator("h1").inner_text() == "טבלת מובילים"
    screenshot(page, "advocacy-leaderboard-he")


@pytest.mark.parametrize(("user", "path", "language"), [
    ("employee", "/ui/share", "en"),
    ("employee", "/ui/leaderboard", "he"),
    ("lead", "/ui/advocacy-report", "nl"),
    ("lead", "/ui/advocacy-report?by=campaign", "he"),
    ("employee", "/ui/share/shares/1", "sv"),
])
def test_accessibility_check_accepts_the_advocacy_pages(audit_page, service_server, axe_source, user, path, language):
    page = audit_page
    sign_in(page, service_server, user, language)
    if path.startswith("/ui/share/shares/"):
        page.goto(f"{service_server}/ui/share")
        page.locator(".library__item").first.get_by_role("button").click()
        page.wait_for_url(re.compile(r".*/ui/share/shares/\d+$"))
    else:
        page.goto(f"{service_server}{path}")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)})),
                passes: r.passes.length};
    }""")
    assert result["passes"] > 20, "axe ran its checks"
    assert result["violations"] == []
