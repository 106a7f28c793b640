"""Fixtures for the interface: an in-process client, and for browser tests a real server and
Debian's chromium through Playwright."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from postguard.policy.loader import load_policy
from postguard.webui import UISettings, create_demo_app
from postguard.webui.testing import CHROMIUM, CHROMIUM_ARGS, browser_missing_reason, running_interface

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parent / "screenshots"
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def handbook_policy():
    """A policy with every handbook section filled in all six languages."""
    return load_policy(HERE / "handbook_policy.yaml")


@pytest.fixture()
def client():
    with TestClient(create_demo_app()) as test_client:
        yield test_client


@pytest.fixture()
def handbook_client(handbook_policy):
    with TestClient(create_demo_app(UISettings(policy=lambda: handbook_policy))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server():
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    with running_interface() as base_url:
        yield base_url


@pytest.fixture(scope="session")
def handbook_server():
    """The interface on the test policy whose handbook has every section in six languages."""
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    with running_interface(policy=HERE / "handbook_policy.yaml") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def submitting_server():
    """The interface told that the service takes drafts at /api/v1/drafts (the tests answer for it)."""
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    with running_interface(submit_url="/api/v1/drafts") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and page.csp_violations.append(message.text))
    yield page
    context.close()
    assert page.csp_violations == [], "the page broke its own Content-Security-Policy"


@pytest.fixture()
def audit_page(browser):
    """A page that lets the test inject axe-core (a script the pages' CSP rightly refuses)."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.evaluate("() => window.scrollTo(0, 0)")  # else the sticky top bar lands mid-picture
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe_violations(axe_source):
    """Runs axe-core on a page (opened with ``audit_page``); returns its WCAG 2.1 A/AA and
    best-practice violations, after making sure axe ran its checks."""

    def run(page) -> list[dict]:
        page.add_script_tag(content=axe_source)
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)})),
                    passes: r.passes.length};
        }""")
        assert result["passes"] > 20, "axe ran its checks"
        return result["violations"]

    return run


@pytest.fixture(scope="session")
def service_server(tmp_path_factory):
    """The whole service (API and interface) with the demo company's accounts, one per role."""
    reason = browser_missing_reason()
    if reason:
        pytest.skip(reason)
    from postguard.webui.testing import running_service

    with running_service(tmp_path_factory.mktemp("service")) as base_url:
        yield base_url
