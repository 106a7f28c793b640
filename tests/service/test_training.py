"""Acknowledgement and training on the service (R8): employees accept each policy version signed
in, candidates through a personal link; who has not; reminders; completion per department; the quiz."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from postguard.auth.permissions import CLI_ACTOR
from postguard.store import acknowledgements as acks
from postguard.store.base import utcnow
from postguard.store.models import Notification
from postguard.training.reminders import CollectingSender
from service_helpers import assert_error, policy_source


def _audit_actions(db, action: str) -> list[tuple[str, str]]:
    with db.reader() as session:
        return [tuple(r) for r in session.execute(text("SELECT actor, resource FROM audit_events WHERE action = :a "
                                                      "ORDER BY id"), {"a": action})]


def _new_version(client, admin) -> int:
    number = client.post("/api/v1/policies", json={"source": policy_source(training={"pass_mark": 0.5,
                                                                                     "questions": 6})},
                         headers=admin.headers).json()["number"]
    assert client.post(f"/api/v1/policies/{number}/activate", headers=admin.headers).status_code == 200
    return number


def test_employee_acknowledges_active_version_once_and_again_after_a_new_version(client, staff, db):
    employee, lead = staff["employee"], staff["communications_lead"]
    outstanding = client.get("/api/v1/training/status?outstanding=true", headers=lead.headers).json()
    assert employee.username in [p["username"] for p in outstanding["people"]]

    first = client.post("/api/v1/training/acknowledgements", json={"language": "nb"}, headers=employee.headers)
    assert first.status_code == 201, first.text
    assert first.json()["language"] == "no" and first.json()["via"] == "token"
    again = client.post("/api/v1/training/acknowledgements", json={}, headers=employee.headers)
    assert again.status_code == 201 and again.json()["at"] == first.json()["at"]
    assert _audit_actions(db, "training.acknowledge") == [(f"user:{employee.username}", f"user:{employee.username}")]

    people = {p["username"]: p for p in client.get("/api/v1/training/status", headers=lead.headers).json()["people"]}
    assert people[employee.username]["acknowledged_at"] is not None
    assert people[staff["reviewer"].username]["acknowledged_at"] is None

    version = _new_version(client, staff["admin"])
    status = client.get("/api/v1/training/status?outstanding=true", headers=lead.headers).json()
    assert status["policy_version"] == version
    assert employee.username in [p["username"] for p in status["people"]]  # a new version needs a new "I accept"
    stale = client.post("/api/v1/training/acknowledgements", json={"policy_version": version - 1},
                        headers=employee.headers)
    assert "no longer the active one" in assert_error(stale, 409, "conflict")["message"]


def test_bad_language_is_refused_with_what_and_where(client, staff):
    response = client.post("/api/v1/training/acknowledgements", json={"language": "klingon"},
                           headers=staff["employee"].headers)
    assert "klingon" in assert_error(response, 422, "invalid_input")["message"]


def test_candidate_link_needs_no_account_and_expires(client, staff, db):
    lead = staff["communications_lead"]
    invited = client.post("/api/v1/training/candidates", json={"username": "noa.levi", "display_name": "Noa Levi",
                                                                "language": "he", "department": "Support"},
                          headers=lead.headers)
    assert invited.status_code == 201, invited.text
    url = invited.json()["url"]
    token = url.rsplit("/", 1)[1]
    assert "/ui/training/candidate/" in url

    seen = client.get(f"/api/v1/training/candidate-links/{token}")  # no credentials at all
    assert seen.status_code == 200 and seen.json()["language"] == "he" and seen.json()["acknowledged"] is False
    accepted = client.post(f"/api/v1/training/candidate-links/{token}/acknowledge", json={})
    assert accepted.status_code == 201 and accepted.json()["via"] == "link"
    assert client.get(f"/api/v1/training/candidate-links/{token}").json()["acknowledged"] is True
    assert _audit_actions(db, "training.acknowledge")[-1] == ("link:noa.levi", "user:noa.levi")

    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert "not valid" in assert_error(client.get(f"/api/v1/training/candidate-links/{tampered}"), 422)["message"]
    with db.writer() as session:  # a link made 31 days ago
        old = acks.invite_candidate(session, actor=CLI_ACTOR, username="old.candidate", base_url="http://x",
                                    now=utcnow() - timedelta(days=31))
        session.commit()
    expired = client.get(f"/api/v1/training/candidate-links/{old.token}")
    assert "expired" in assert_error(expired, 422, "invalid_input")["message"]
    refused = client.post(f"/api/v1/training/candidate-links/{old.token}/acknowledge", json={})
    assert_error(refused, 422, "invalid_input")
    people = {p["username"]: p for p in client.get("/api/v1/training/status", headers=lead.headers).json()["people"]}
    assert people["old.candidate"]["acknowledged_at"] is None and people["noa.levi"]["kind"] == "candidate"


def test_candidate_link_stops_working_when_a_new_version_is_active(client, staff):
    invited = client.post("/api/v1/training/candidates", json={"username": "jan.nowak", "language": "pl"},
                          headers=staff["admin"].headers).json()
    token = invited["url"].rsplit("/", 1)[1]
    _new_version(client, staff["admin"])
    response = client.post(f"/api/v1/training/candidate-links/{token}/acknowledge", json={})
    assert "new link" in assert_error(response, 422, "invalid_input")["message"]


def test_inviting_an_employee_as_candidate_is_refused(client, staff):
    response = client.post("/api/v1/training/candidates", json={"username": staff["employee"].username},
                           headers=staff["admin"].headers)
    assert "not a candidate" in assert_error(response, 409, "conflict")["message"]


def test_reminders_go_to_outstanding_people_once_per_interval_and_are_recorded(client, staff, db):
    lead = staff["communications_lead"]
    client.post("/api/v1/training/acknowledgements", json={}, headers=staff["employee"].headers)
    dry = client.post("/api/v1/training/reminders", json={"dry_run": True}, headers=lead.headers).json()
    names = {r["username"] for r in dry["reminders"]}
    assert staff["reviewer"].username in names and staff["employee"].username not in names
    assert dry["sent"] is False and _audit_actions(db, "training.remind") == []

    sent = client.post("/api/v1/training/reminders", json={}, headers=lead.headers).json()
    assert {r["username"] for r in sent["reminders"]} == names and sent["channel"] == "notification"
    assert len(_audit_actions(db, "training.remind")) == len(names)
    notes = client.get("/api/v1/notifications", headers=staff["reviewer"].headers).json()
    assert any(n["kind"] == "acknowledgement_reminder" for n in notes), notes
    status = {p["username"]: p for p in client.get("/api/v1/training/status", headers=lead.headers).json()["people"]}
    assert status[staff["reviewer"].username]["reminders"] == 1
    assert status[staff["reviewer"].username]["last_reminded_at"] is not None

    again = client.post("/api/v1/training/reminders", json={}, headers=lead.headers).json()
    assert again["reminders"] == []  # reminded less than three days ago
    now = client.post("/api/v1/training/reminders", json={"every_days": 0}, headers=lead.headers).json()
    assert {r["username"] for r in now["reminders"]} == names


def test_reminder_messages_are_in_each_persons_language_through_any_sender(db, make_person):
    person = make_person("employee")
    with db.writer() as session:
        acks.set_department(session, actor=CLI_ACTOR, username=person.username, department="Sales")
        from postguard.store.people import get_user
        get_user(session, username=person.username).language = "pl"
        sender = CollectingSender()
        acks.remind(session, actor=CLI_ACTOR, sender=sender, base_url="https://pg.example")
        session.commit()
    mine = [m for m in sender.sent if m.username == person.username]
    assert len(mine) == 1 and "polityk" in mine[0].subject and mine[0].link == "https://pg.example/ui/training"
    with db.reader() as session:
        assert session.scalar(select(Notification).where(Notification.user_id == person.id)) is None  # not this sender


def test_completion_per_department(client, staff, make_person):
    admin = staff["admin"]
    sales = [make_person("employee") for _ in range(3)]
    for person in sales:
        client.put(f"/api/v1/users/{person.username}/department", json={"department": "Sales"}, headers=admin.headers)
    client.post("/api/v1/training/acknowledgements", json={}, headers=sales[0].headers)
    client.post("/api/v1/training/acknowledgements", json={}, headers=sales[1].headers)
    report = client.get("/api/v1/training/completion", headers=admin.headers).json()
    rows = {r["department"]: r for r in report["departments"]}
    assert (rows["Sales"]["acknowledged"], rows["Sales"]["total"]) == (2, 3)
    assert abs(rows["Sales"]["share"] - 2 / 3) < 1e-9
    assert rows[""]["acknowledged"] == 0  # the staff fixture has no department
    assert report["candidates_total"] == 1  # the candidate fixture


def test_quiz_in_the_persons_language_with_explanations_and_stored_results(client, staff, db):
    employee, lead = staff["employee"], staff["communications_lead"]
    _new_version(client, staff["admin"])  # pass mark 0.5, six questions
    client.put(f"/api/v1/users/{employee.username}/department", json={"department": "Support"}, headers=lead.headers)
    started = client.post("/api/v1/training/quiz", json={"language": "sv"}, headers=employee.headers)
    assert started.status_code == 201, started.text
    quiz = started.json()
    assert quiz["language"] == "sv" and quiz["pass_mark"] == 0.5 and len(quiz["questions"]) == 6
    assert "answer" not in quiz["questions"][0]
    attempt, right = quiz["attempt"], []
    for question in quiz["questions"]:
        step = client.post("/api/v1/training/quiz/answer", json={"attempt": attempt, "question": question["number"],
                                                                 "choice": 0}, headers=employee.headers).json()
        assert step["explanation"] and step["answer"] in range(len(question["options"]))
        right.append(step["answer"] == 0)
        # An answer cannot be changed after its explanation: the same question again is refused.
        again = client.post("/api/v1/training/quiz/answer", json={"attempt": step["attempt"],
                                                                  "question": question["number"], "choice": 1},
                            headers=employee.headers)
        if question["number"] < 5:
            assert "in order" in assert_error(again, 422)["message"]
        else:
            assert "hand it in" in assert_error(again, 409, "conflict")["message"]
        attempt = step["attempt"]
    assert step["next_question"] is None
    other = client.post("/api/v1/training/quiz/answer", json={"attempt": quiz["attempt"], "question": 0, "choice": 0},
                        headers=staff["reviewer"].headers)
    assert "someone else" in assert_error(other, 422)["message"]
    wrong = client.post("/api/v1/training/quiz/answer", json={"attempt": quiz["attempt"], "question": 0, "choice": 9},
                        headers=employee.headers)
    assert "choose an option" in assert_error(wrong, 422)["message"]

    result = client.post("/api/v1/training/quiz/finish", json={"attempt": attempt}, headers=employee.headers)
    assert result.status_code == 201, result.text
    assert result.json()["score"] == sum(right) / 6 and result.json()["passed"] == (sum(right) / 6 >= 0.5)
    assert [f["correct"] for f in result.json()["feedback"]] == right
    twice = client.post("/api/v1/training/quiz/finish", json={"attempt": attempt}, headers=employee.headers)
    assert "handed in already" in assert_error(twice, 409, "conflict")["message"]

    # A second attempt, handed in with nothing answered: every question counts as wrong.
    empty = client.post("/api/v1/training/quiz", json={}, headers=employee.headers).json()["attempt"]
    failed = client.post("/api/v1/training/quiz/finish", json={"attempt": empty}, headers=employee.headers).json()
    assert failed["passed"] is False and failed["score"] == 0 and all(f["explanation"] for f in failed["feedback"])
    assert [r["score"] for r in client.get("/api/v1/training/quiz/results", headers=employee.headers).json()] == [
        sum(right) / 6, 0]
    assert len(_audit_actions(db, "training.quiz")) == 2
    rows = {r["department"]: r for r in client.get("/api/v1/training/completion", headers=lead.headers).json()[
        "departments"]}
    assert (rows["Support"]["quiz_attempted"], rows["Support"]["quiz_passed"]) == (1, int(sum(right) >= 3))
    assert rows["Support"]["quiz_average_best"] == sum(right) / 6


def test_quiz_steps_every_role_with_its_own_attempt_and_nobody_anonymous(client, staff):
    for person in staff.values():
        quiz = client.post("/api/v1/training/quiz", json={}, headers=person.headers).json()
        step = client.post("/api/v1/training/quiz/answer", json={"attempt": quiz["attempt"], "question": 0,
                                                                 "choice": 0}, headers=person.headers)
        assert step.status_code == 200, (person.role, step.text)
        done = client.post("/api/v1/training/quiz/finish", json={"attempt": step.json()["attempt"]},
                           headers=person.headers)
        assert done.status_code == 201 and done.json()["feedback"][0]["question"] == 0, (person.role, done.text)
        anonymous = client.post("/api/v1/training/quiz/finish", json={"attempt": quiz["attempt"]})
        assert_error(anonymous, 401, "unauthenticated")
