"""The Incidents pages in a real browser, served by the whole service with the demo's campaign in progress."""
from __future__ import annotations

import json
import os
from contextlib import contextmanager

import pytest

from postguard.campaigns.bundle import verify_bundle
from postguard.webui.testing import browser_missing_reason, running_interface

pytestmark = pytest.mark.browser


@contextmanager
def _environment(**values: str):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def service_server(tmp_path_factory):
    """``postguard demo``'s data (people in every role, the campaign scanned into incidents) behind the service."""
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    from postguard.demo.campaign import seed_campaign
    from postguard.demo.company import seed_people
    from postguard.settings import Settings

    data_dir = tmp_path_factory.mktemp("incidents-service")
    settings = Settings(data_dir=data_dir, argon2_time_cost=1, argon2_memory_kib=64, warm_up=False)
    seed_people(settings)
    assert seed_campaign(settings) == ["INC-0001", "INC-0002"]
    with _environment(POSTGUARD_DATA_DIR=str(data_dir), POSTGUARD_WARM_UP="false"):
        with running_interface(app="postguard.web.app:create_app") as base_url:
            yield base_url


def sign_in(page, base_url: str, username: str, language: str = "en") -> None:
    from postguard.demo.company import DEMO_PASSWORD

    page.context.add_cookies([{"name": "pg_lang", "value": language, "url": base_url}])
    response = page.request.post(f"{base_url}/api/v1/auth/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.ok, response.text()


def test_lead_follows_the_campaign_and_downloads_the_evidence(page, service_server, screenshot, tmp_path):
    sign_in(page, service_server, "lead")
    page.goto(f"{service_server}/ui/incidents")
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() == 2
    assert page.locator("nav.mainnav a[aria-current=page]").inner_text() == "Incidents"
    screenshot(page, "incidents-list-en")
    rows.filter(has_text="lead-").first.locator("a").click()
    page.wait_for_url("**/ui/incidents/INC-*")
    leader = page.locator("table.accounts tbody tr.leader")
    assert leader.count() == 1 and leader.locator(".badge").inner_text() == "Leader"
    members = page.locator("table.accounts tbody tr:not(.leader)")
    assert members.count() >= 4
    first_reasons = members.first.locator(".reasons li").all_inner_texts()
    assert first_reasons and all(text.strip() for text in first_reasons)
    waves = page.locator("table.waves tbody tr").count()
    assert waves >= 3 and page.locator("svg.timeline rect.timeline__bar").count() == waves
    assert page.locator("svg.timeline title").text_content() == "Waves over time"
    assert page.locator(".playbook li").count() == 5
    screenshot(page, "incident-en")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the evidence bundle (JSON)").click()
    path = tmp_path / "bundle.json"
    download.value.save_as(path)
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert verify_bundle(bundle) == [] and bundle["incident"]["id"] in page.url
    # The download is in the audit log with the bundle's hash.
    audit = page.request.get(f"{service_server}/api/v1/audit?action=incident.export").json()
    assert audit[-1]["seq"] == bundle["audit"]["export_event"]
    assert audit[-1]["payload"]["bundle_sha256"] == bundle["bundle_sha256"]


def test_hebrew_pages_are_right_to_left_and_pass_the_accessibility_check(audit_page, service_server, axe_source,
                                                                         screenshot):
    page = audit_page
    sign_in(page, service_server, "admin", language="he")
    for path in ("/ui/incidents", "/ui/incidents/INC-0002"):
        page.goto(f"{service_server}{path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == "he"
        page.add_script_tag(content=axe_source)
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)})),
                    passes: r.passes.length};
        }""")
        assert result["passes"] > 20, "axe ran its checks"
        assert result["violations"] == [], path
    assert page.locator("h2#waves-title").inner_text() == "גלים"
    screenshot(page, "incident-he")


def test_people_without_the_right_are_told_why(page, service_server):
    page.goto(f"{service_server}/ui/incidents/INC-0001")
    assert page.locator("h2").first.inner_text() == "Sign in to see incidents"
    assert "INC-0001" not in page.locator("main").inner_text()
    sign_in(page, service_server, "employee")
    response = page.goto(f"{service_server}/ui/incidents")
    assert response.status == 403
    assert page.locator("h2").first.inner_text() == "Your role does not show incidents"
    evidence = page.request.get(f"{service_server}/api/v1/incidents/INC-0001/evidence")
    assert evidence.status == 403


def test_reviewer_reads_but_is_offered_no_state_change(page, service_server):
    sign_in(page, service_server, "reviewer")
    page.goto(f"{service_server}/ui/incidents/INC-0001")
    assert page.locator("table.accounts").count() == 1
    assert page.locator("section.incident-actions").count() == 0
    # Posting the form anyway (with the page's token) is refused by the API's permission.
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    response = page.request.post(f"{service_server}/ui/incidents/INC-0001/acknowledge",
                                 form={"csrf_token": token or "", "note": "mine now"})
    assert response.status == 403 and "Your role does not allow this." in response.text()


def test_lead_acknowledges_then_resolves_with_notes(page, service_server, screenshot):
    sign_in(page, service_server, "lead")
    # A form without the page's security token changes nothing.
    forged = page.request.post(f"{service_server}/ui/incidents/INC-0001/acknowledge", form={"note": "forged"})
    assert forged.status == 403 and "The form had expired" in forged.text()

    page.goto(f"{service_server}/ui/incidents/INC-0001")
    assert page.locator(".state").first.inner_text() == "Open"
    # One table of the comments (a leftover rendered it twice).
    assert page.locator("table.comments").count() == 1 and page.locator("h2#comments-title").count() == 1
    actions = page.locator("section.incident-actions")
    assert actions.locator("button").all_inner_texts() == ["Acknowledge", "Resolve"]
    actions.locator("form").first.get_by_label("Note (optional)").fill("Maria takes it; statement drafted.")
    actions.get_by_role("button", name="Acknowledge").click()
    page.wait_for_url("**/ui/incidents/INC-0001?done=acknowledged")
    assert page.locator(".flash").inner_text() == "The incident is acknowledged."
    assert page.locator(".state").first.inner_text() == "Acknowledged"
    history = page.locator("ol.history li").all_inner_texts()
    assert "Maria takes it; statement drafted." in history[-1] and "Acknowledged" in history[-1]
    assert actions.locator("button").all_inner_texts() == ["Resolve"]
    screenshot(page, "incident-acknowledged-en")

    actions.get_by_label("Note (optional)").fill("Platform removed the accounts.")
    actions.get_by_role("button", name="Resolve").click()
    page.wait_for_url("**/ui/incidents/INC-0001?done=resolved")
    assert page.locator(".state").first.inner_text() == "Resolved"
    assert page.locator("section.incident-actions").count() == 0
    assert "Platform removed the accounts." in page.locator("ol.history li").all_inner_texts()[-1]
    # The same change through the API is audited with the note, by the lead.
    audit = page.request.get(f"{service_server}/api/v1/audit?action=incident.transition").json()
    assert [e["payload"]["to_state"] for e in audit[-2:]] == ["acknowledged", "resolved"]
    assert audit[-1]["payload"]["note"] == "Platform removed the accounts." and audit[-1]["actor"] == "user:lead"
    # Resolving again is refused and said so on the page.
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    again = page.request.post(f"{service_server}/ui/incidents/INC-0001/resolve", form={"csrf_token": token or ""})
    assert again.status == 409 and "it can move to nothing" in again.text()
