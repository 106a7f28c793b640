"""Training in a real browser, on the whole service (API + interface, SQLite in a temporary
folder): an employee accepts the policy, a candidate accepts through a personal link in Hebrew,
a quiz question is answered with its explanation, HR reads the completion; axe checks each page."""
from __future__ import annotations

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
    from postguard.store import acknowledgements as acks
    from postguard.store import people
    from postguard.store.db import Database
    from postguard.store.setup import prepare

    data = tmp_path_factory.mktemp("service")
    db = Database.from_url(f"sqlite:///{data / 'postguard.db'}")
    prepare(db)
    passwords = Passwords(time_cost=1, memory_kib=64)
    with db.writer() as session:
        for username, role, language, department in (("ola", "employee", "no", "Kundeservice"),
                                                     ("hr", "communications_lead", "en", "HR"),
                                                     ("kari", "employee", "no", "Kundeservice")):
            user = people.create_user(session, actor=CLI_ACTOR, username=username, role=role, password=PASSWORD,
                                      passwords=passwords, language=language, display_name=username.title())
            user.department = department
        invitation = acks.invite_candidate(session, actor=CLI_ACTOR, username="noa", display_name="Noa Levi",
                                           language="he", base_url="")
        session.commit()
    db.dispose()
    env = {"POSTGUARD_DATA_DIR": str(data), "POSTGUARD_WARM_UP": "false"}
    with running_interface(app="postguard.web.app:create_app", environment=env) as base:
        yield base, invitation.url


def sign_in(page, base: str, username: str, language: str = "en") -> None:
    page.context.add_cookies([{"name": "pg_lang", "value": language, "url": base}])
    response = page.context.request.post(f"{base}/api/v1/auth/login", data={"username": username, "password": PASSWORD})
    assert response.ok, response.text()


def axe_violations(page, axe_source: str) -> list:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return {violations: r.violations.map(v => ({id: v.id, help: v.help,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)})), passes: r.passes.length};
    }""")
    assert result["passes"] > 15, "axe ran its checks"
    return result["violations"]


def test_employee_accepts_the_policy_and_answers_a_quiz_question(page, service_server, screenshot):
    base, _link = service_server
    sign_in(page, base, "ola")
    page.goto(f"{base}/ui/training")
    assert page.locator("#handbook").get_attribute("lang") == "no"  # Ola's language
    assert page.locator("#acknowledgement").get_attribute("data-acknowledged") == "no"
    screenshot(page, "training-before-en")
    page.get_by_role("button", name="I have read and accept").click()
    page.wait_for_url(f"{base}/ui/training")
    assert page.locator("#acknowledgement").get_attribute("data-acknowledged") == "yes"
    assert page.get_by_role("button", name="I have read and accept").count() == 0

    page.get_by_role("link", name="Take the quiz").click()
    assert page.locator("#quiz-form").get_attribute("lang") == "no"
    page.locator("#quiz-form input[name=choice]").first.check()
    page.locator("#answer").click()
    feedback = page.locator("#feedback")
    assert feedback.get_attribute("data-correct") in ("yes", "no")
    assert feedback.inner_text().strip()
    assert page.locator(".quiz__option--right").count() == 1
    assert page.locator("#quiz-form input[name=choice]").first.is_checked()  # what was chosen stays visible
    screenshot(page, "training-quiz-feedback")


def test_candidate_accepts_through_the_personal_link_in_hebrew(page, service_server, screenshot):
    base, link = service_server
    page.context.add_cookies([{"name": "pg_lang", "value": "he", "url": base}])
    page.goto(f"{base}{link}")
    assert page.evaluate("() => getComputedStyle(document.documentElement).direction") == "rtl"
    handbook = page.locator("#handbook")
    assert handbook.get_attribute("lang") == "he" and handbook.get_attribute("dir") == "rtl"
    screenshot(page, "training-candidate-he")
    page.get_by_role("button", name="קראתי ואני מאשר/ת").click()
    assert page.locator("#candidate-done").is_visible()


def test_hr_reads_completion_per_department(page, service_server, screenshot):
    base, _link = service_server
    sign_in(page, base, "hr", "no")
    page.goto(f"{base}/ui/training/report")
    assert page.locator("h1").inner_text() == "Gjennomføring per avdeling"
    assert page.locator('tr[data-department="Kundeservice"] td').first.inner_text() in ("0 / 2", "1 / 2")
    screenshot(page, "training-report-no")


@pytest.mark.parametrize("path,language,who", [
    ("/ui/training", "en", "ola"), ("/ui/training", "he", "ola"), ("/ui/training/quiz", "pl", "ola"),
    ("/ui/training/report", "sv", "hr"), ("/ui/wizard", "he", None), ("/ui/wizard", "nl", None),
    ("LINK", "he", None),
])
def test_accessibility_of_the_training_pages(audit_page, service_server, axe_source, path, language, who):
    base, link = service_server
    if who:
        sign_in(audit_page, base, who, language)
    audit_page.context.add_cookies([{"name": "pg_lang", "value": language, "url": base}])
    audit_page.goto(f"{base}{link if path == 'LINK' else path}")
    assert audit_page.locator("html").get_attribute("lang") == language
    assert axe_violations(audit_page, axe_source) == []
