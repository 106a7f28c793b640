"""The interface's training pages on the service: accept signed in, a candidate's link without an
account, the quiz one question at a time with explanations, the completion report for HR."""
from __future__ import annotations

import re
from urllib.parse import quote

from sqlalchemy import text

from postguard.auth.permissions import CLI_ACTOR
from postguard.store import acknowledgements as acks
from service_helpers import PASSWORD


def sign_in(client, person, language: str = "en") -> None:
    client.cookies.set("pg_lang", language)
    assert client.post("/api/v1/auth/login", json={"username": person.username, "password": PASSWORD}).status_code == 200


def field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def test_signed_out_visitors_are_sent_to_sign_in_and_back(client):
    for path in ("/ui/training", "/ui/training/quiz", "/ui/training/report"):
        page = client.get(path, follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == f"http://testserver/ui/signin?next={quote(path, safe='')}"


def test_employee_reads_the_handbook_in_their_language_and_accepts(client, staff, db):
    employee = staff["employee"]
    with db.writer() as session:
        from postguard.store.people import get_user
        get_user(session, username=employee.username).language = "he"
        session.commit()
    sign_in(client, employee, "pl")
    page = client.get("/ui/training")
    assert page.status_code == 200 and 'lang="pl"' in page.text  # the interface in Polish …
    assert 'id="handbook" lang="he" dir="rtl"' in page.text  # … the handbook in the person's language
    assert 'data-acknowledged="no"' in page.text and "Przeczytałem i akceptuję" in page.text
    accepted = client.post("/ui/training/acknowledge", data={"policy_version": "1", "language": "he",
                                                             "csrf_token": field(page.text, "csrf_token")},
                           follow_redirects=True)
    assert 'data-acknowledged="yes"' in accepted.text and 'id="accept"' not in accepted.text
    with db.reader() as session:
        assert session.execute(text("SELECT via, language FROM acknowledgements")).all() == [("session", "he")]


def test_a_form_without_the_pages_token_is_refused(client, staff):
    sign_in(client, staff["employee"])
    for token in ({}, {"csrf_token": "0" * 64}):  # another site cannot read the page, so has no token
        refused = client.post("/ui/training/acknowledge", data={"policy_version": "1", **token})
        assert refused.status_code == 403 and "The form had expired" in refused.text
    page = client.get("/ui/training").text
    assert 'data-acknowledged="no"' in page
    quiz = client.get("/ui/training/quiz").text
    refused = client.post("/ui/training/quiz", data={"attempt": field(quiz, "attempt"), "step": "answer",
                                                     "question": "0", "choice": "0"})
    assert refused.status_code == 403 and 'id="feedback"' not in refused.text


def test_candidate_link_page_in_the_candidates_language(client, db):
    with db.writer() as session:
        invitation = acks.invite_candidate(session, actor=CLI_ACTOR, username="noa", display_name="Noa Levi",
                                           language="he", base_url="http://testserver")
        session.commit()
    path = invitation.url.removeprefix("http://testserver")
    page = client.get(path)  # no account, no cookie
    assert page.status_code == 200 and "Noa Levi" in page.text and 'id="handbook" lang="he" dir="rtl"' in page.text
    assert '<html lang="he" dir="rtl">' in page.text  # the page around the handbook in her language too
    client.cookies.set("pg_lang", "nl")  # … unless she chooses another one
    assert '<html lang="nl" dir="ltr">' in client.get(path).text
    client.cookies.clear()
    done = client.post(path, data={"policy_version": "1"}, follow_redirects=True)
    assert 'id="candidate-done"' in done.text and 'id="accept"' not in done.text
    assert client.get(path[:-4] + "abcd").status_code == 422


def test_quiz_one_question_at_a_time_with_explanations_then_stored(client, staff, db):
    employee = staff["employee"]
    sign_in(client, employee)
    page = client.get("/ui/training/quiz")
    assert page.status_code == 200
    total = int(re.search(r"Question 1 of (\d+)", page.text).group(1))
    for number in range(total):
        assert f'data-question="{number}"' in page.text
        token = field(page.text, "csrf_token")
        answered = client.post("/ui/training/quiz", data={"attempt": field(page.text, "attempt"),
                                                          "question": field(page.text, "question"),
                                                          "step": "answer", "choice": "0", "csrf_token": token})
        assert 'id="feedback"' in answered.text and "quiz__option--right" in answered.text
        if number == 0:  # going back and answering again is refused
            again = client.post("/ui/training/quiz", data={"attempt": field(answered.text, "attempt"), "csrf_token": token,
                                                           "question": "0", "step": "answer", "choice": "1"})
            assert again.status_code == 422 and 'id="training-problem"' in again.text
        page = client.post("/ui/training/quiz", data={"attempt": field(answered.text, "attempt"), "step": "next",
                                                      "csrf_token": token})
    assert 'id="score"' in page.text and page.text.count("<li data-correct=") == total
    with db.reader() as session:
        stored = session.execute(text("SELECT answers FROM quiz_results")).scalar_one()
    assert stored in ([0] * total, "[" + ", ".join(["0"] * total) + "]")


def test_completion_report_for_hr_only(client, staff, make_person, db):
    sign_in(client, staff["employee"])
    assert client.get("/ui/training/report").status_code == 403
    client.cookies.clear()
    people = (make_person("employee"), make_person("employee"))  # before the writer: the service writes them
    with db.writer() as session:
        for person in people:
            acks.set_department(session, actor=CLI_ACTOR, username=person.username, department="Kundeservice")
        session.commit()
    sign_in(client, staff["communications_lead"], "no")
    report = client.get("/ui/training/report")
    assert report.status_code == 200 and "Gjennomføring per avdeling" in report.text
    row = re.search(r'<tr data-department="Kundeservice">(.*?)</tr>', report.text, re.S).group(1)
    assert "0 / 2" in row
