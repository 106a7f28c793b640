"""Drafts: routing by the check, idempotent submission, review decisions, overrides, history."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from postguard.store.models import Draft
from service_helpers import assert_error, policy_source

CLEAN = "Proud of the team today."
SPAMMY = "New job! #a #b #c #d #e #f #g"


@pytest.fixture
def blocking_policy(client, staff):
    """Version 2: too many hashtags block; activated."""
    admin = staff["admin"]
    source = policy_source(rules={"severity": {"PG701": "block"}})
    assert client.post("/api/v1/policies", json={"source": source}, headers=admin.headers).status_code == 201
    assert client.post("/api/v1/policies/2/activate", headers=admin.headers).status_code == 200


def submit(client, person, text=CLEAN, key=None, **extra):
    headers = {**person.headers, **({"Idempotency-Key": key} if key else {})}
    return client.post("/api/v1/drafts", json={"text": text, "language": "en", **extra}, headers=headers)


def test_clean_draft_is_approved_automatically(client, staff):
    response = submit(client, staff["employee"], planned_at="2026-12-01T09:00:00+01:00")
    draft = response.json()
    assert response.status_code == 201 and draft["status"] == "approved" and draft["policy_version"] == 1
    assert draft["planned_at"].startswith("2026-12-01T08:00:00")
    assert [e["kind"] for e in draft["history"]] == ["submitted", "auto_approved"]


def test_a_draft_the_checks_cannot_read_waits_for_a_reviewer(client, staff):
    german = "Vielen Dank an das ganze Team für die tolle Arbeit heute!"
    draft = submit(client, staff["employee"], german, language=None).json()
    assert draft["status"] == "pending_review" and draft["verdict"] == "warn"
    assert draft["report"]["unread_language"] == "de" and draft["report"]["findings"] == []
    assert [e["kind"] for e in draft["history"]] == ["submitted", "queued"]


def test_official_account_needs_review_for_non_spokespeople(client, staff):
    assert submit(client, staff["employee"], account="official").json()["status"] == "pending_review"
    assert submit(client, staff["spokesperson"], account="official").json()["status"] == "approved"


def test_draft_with_findings_goes_to_the_review_queue(client, staff):
    draft = submit(client, staff["employee"], SPAMMY).json()
    assert draft["status"] == "pending_review" and draft["verdict"] == "warn"
    assert draft["report"]["findings"][0]["code"] == "PG701"
    queue = client.get("/api/v1/drafts/queue", headers=staff["reviewer"].headers).json()
    assert [d["id"] for d in queue] == [draft["id"]]
    assert_error(client.get("/api/v1/drafts/queue", headers=staff["employee"].headers), 403)


def test_blocking_draft_is_rejected_unless_review_is_requested(client, staff, blocking_policy):
    employee = staff["employee"]
    rejected = submit(client, employee, SPAMMY).json()
    assert rejected["status"] == "rejected" and rejected["policy_version"] == 2
    assert [e["kind"] for e in rejected["history"]] == ["submitted", "rejected_by_policy"]
    assert_error(submit(client, employee, SPAMMY, request_review=True), 422)  # no justification
    asked = submit(client, employee, SPAMMY, request_review=True, justification="Campaign launch needs the tags").json()
    assert asked["status"] == "pending_review"
    later = client.post(f"/api/v1/drafts/{rejected['id']}/review-request", json={"justification": "Agreed with HR"},
                        headers=employee.headers).json()
    assert later["status"] == "pending_review" and later["history"][-1]["comment"] == "Agreed with HR"
    assert_error(client.post(f"/api/v1/drafts/{rejected['id']}/review-request", json={"justification": "again"},
                             headers=employee.headers), 409)


def test_idempotency_key_never_duplicates(client, staff, db):
    employee = staff["employee"]
    first = submit(client, employee, SPAMMY, key="k-1")
    again = submit(client, employee, SPAMMY, key="k-1")
    assert first.status_code == 201 and again.status_code == 200 and first.json()["id"] == again.json()["id"]
    assert_error(submit(client, employee, "Something else", key="k-1"), 409, "conflict")
    other = submit(client, staff["reviewer"], SPAMMY, key="k-1")  # keys are per author
    assert other.status_code == 201
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: submit(client, employee, CLEAN, key="burst"), range(8)))
    assert sorted(r.status_code for r in results) == [200] * 7 + [201]
    assert len({r.json()["id"] for r in results}) == 1
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Draft)) == 3


def test_reviewer_decisions_are_seen_by_the_author(client, staff):
    employee, reviewer = staff["employee"], staff["reviewer"]
    draft = submit(client, employee, SPAMMY).json()
    assert_error(client.post(f"/api/v1/drafts/{draft['id']}/decision", json={"decision": "reject"},
                             headers=reviewer.headers), 422)  # a rejection needs a comment
    sent_back = client.post(f"/api/v1/drafts/{draft['id']}/decision",
                            json={"decision": "request_changes", "comment": "Two hashtags are enough"},
                            headers=reviewer.headers).json()
    assert sent_back["status"] == "changes_requested"
    revised = client.put(f"/api/v1/drafts/{draft['id']}", json={"text": "New job! #a #b", "language": "en"},
                         headers=employee.headers).json()
    assert revised["status"] == "approved" and revised["verdict"] == "pass"
    seen = client.get(f"/api/v1/drafts/{draft['id']}", headers=employee.headers).json()
    assert [e["kind"] for e in seen["history"]] == ["submitted", "queued", "changes_requested", "revised",
                                                    "auto_approved"]
    assert seen["history"][2]["actor"] == reviewer.username and seen["history"][2]["comment"] == "Two hashtags are enough"
    notes = client.get("/api/v1/notifications", headers=employee.headers).json()
    assert notes[0]["kind"] == "draft.changes_requested" and notes[0]["payload"]["comment"] == "Two hashtags are enough"
    assert [d["id"] for d in client.get("/api/v1/drafts", headers=employee.headers).json()] == [draft["id"]]


def test_only_the_author_and_reviewers_read_a_draft(client, staff):
    draft = submit(client, staff["employee"], SPAMMY).json()
    for role in ("reviewer", "communications_lead", "admin", "employee"):
        assert client.get(f"/api/v1/drafts/{draft['id']}", headers=staff[role].headers).status_code == 200
    for role in ("spokesperson", "candidate"):
        assert_error(client.get(f"/api/v1/drafts/{draft['id']}", headers=staff[role].headers), 403)
    assert_error(client.get("/api/v1/drafts/999", headers=staff["admin"].headers), 404)


def test_nobody_reviews_their_own_draft(client, staff):
    reviewer = staff["reviewer"]
    draft = submit(client, reviewer, SPAMMY).json()
    assert_error(client.post(f"/api/v1/drafts/{draft['id']}/decision", json={"decision": "approve"},
                             headers=reviewer.headers), 403)
    for role in ("employee", "spokesperson", "candidate"):
        assert_error(client.post(f"/api/v1/drafts/{draft['id']}/decision", json={"decision": "approve"},
                                 headers=staff[role].headers), 403)


def test_allow_this_once_needs_a_reason_and_is_recorded(client, staff, blocking_policy, db):
    employee, lead = staff["employee"], staff["communications_lead"]
    draft = submit(client, employee, SPAMMY, request_review=True, justification="Launch day").json()
    url = f"/api/v1/drafts/{draft['id']}/decision"
    assert_error(client.post(url, json={"decision": "approve"}, headers=lead.headers), 409)
    approved = client.post(url, json={"decision": "approve", "allow_once": True, "reason": "Approved launch tags"},
                           headers=lead.headers).json()
    assert approved["status"] == "approved"
    assert [e["kind"] for e in approved["history"]][-2:] == ["override", "approved"]
    assert approved["history"][-2]["comment"] == "Approved launch tags" and approved["history"][-2]["policy_version"] == 2
    with db.reader() as session:
        row = session.execute(text("SELECT actor, policy_version, payload FROM audit_events "
                                   "WHERE action = 'draft.override'")).one()
    assert row.actor == f"user:{lead.username}" and row.policy_version == 2 and "Approved launch tags" in row.payload
    assert_error(client.post(url, json={"decision": "reject", "comment": "late"}, headers=lead.headers), 409)


def test_failed_write_leaves_nothing_behind(client, staff, db, monkeypatch):
    from postguard.store import drafts

    def broken_record(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(drafts, "record", broken_record)
    assert_error(submit(client, staff["employee"], SPAMMY, key="fail-1"), 500, "internal_error")
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Draft)) == 0
        assert session.execute(text("SELECT count(*) FROM draft_events")).scalar() == 0
    monkeypatch.undo()
    assert submit(client, staff["employee"], SPAMMY, key="fail-1").status_code == 201


def test_blocking_threshold_comes_from_the_drafts_policy_version(client, staff):
    admin, employee, lead = staff["admin"], staff["employee"], staff["communications_lead"]
    source = policy_source(rules={"blocking_severity": "warn"})
    client.post("/api/v1/policies", json={"source": source}, headers=admin.headers)
    client.post("/api/v1/policies/2/activate", headers=admin.headers)
    draft = submit(client, employee, SPAMMY).json()  # a warning blocks under version 2
    assert draft["status"] == "rejected" and draft["verdict"] == "warn"
    asked = client.post(f"/api/v1/drafts/{draft['id']}/review-request", json={"justification": "launch"},
                        headers=employee.headers).json()
    assert asked["status"] == "pending_review"
    url = f"/api/v1/drafts/{draft['id']}/decision"
    assert_error(client.post(url, json={"decision": "approve"}, headers=lead.headers), 409)
    assert client.post(url, json={"decision": "approve", "allow_once": True, "reason": "ok once"},
                       headers=lead.headers).json()["status"] == "approved"


def test_an_approved_draft_is_published_by_its_author_only(client, staff):
    employee = staff["employee"]
    approved = submit(client, employee).json()
    queued = submit(client, employee, SPAMMY).json()
    publish = lambda person, draft_id: client.post("/api/v1/posts", json={"text": CLEAN, "draft_id": draft_id},
                                                   headers=person.headers)
    assert_error(publish(employee, queued["id"]), 409)
    assert_error(publish(staff["reviewer"], approved["id"]), 403)
    assert_error(publish(employee, 9999), 404)
    assert publish(employee, approved["id"]).status_code == 201
