"""The review queue, a draft with its findings, decisions and the author's side ("my drafts")."""
from __future__ import annotations

import re

import pytest

from interface_helpers import alerts, csrf_meta, flashes, form_token, signed_in

PHONE_AND_INSULT = "Call me on +47 912 34 567 tomorrow, you idiot."


@pytest.fixture
def author(make_person):
    return make_person("employee", "emil")


@pytest.fixture
def reviewer(make_person):
    return make_person("reviewer", "rita")


def submit(client, person, text, **extra):
    answer = client.post("/api/v1/drafts", json={"text": text, "language": "en", **extra}, headers=person.headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_the_queue_lists_waiting_drafts_and_the_draft_shows_its_marked_findings(client, author, reviewer):
    draft = submit(client, author, PHONE_AND_INSULT, request_review=True, justification="Our customer asked for it")
    signed_in(client, "rita")
    queue = client.get("/ui/review").text
    assert f'data-draft="{draft["id"]}"' in queue and "Draft %d by emil" % draft["id"] in queue
    page = client.get(f"/ui/drafts/{draft['id']}").text
    marked = re.findall(r'<mark data-severity="(\w+)" data-findings="[\d ]+">([^<]*)</mark>', page)
    texts = [text for _severity, text in marked]
    assert any("912 34 567" in text for text in texts) and "idiot" in texts
    codes = re.findall(r'<li class="finding" id="finding-\d+" data-severity="\w+" data-code="(PG\d+)"', page)
    assert sorted(codes) == sorted(f["code"] for f in draft["report"]["findings"])
    assert "Our customer asked for it" in page and 'id="decision-form"' in page
    assert "Allow this once" in page  # the draft blocks, and a reviewer may override once


def test_rejecting_needs_a_comment_said_in_the_readers_language(client, author, reviewer):
    draft = submit(client, author, "Big news #a #b #c #d #e #f #g")
    signed_in(client, "rita")
    page = client.get(f"/ui/drafts/{draft['id']}").text
    answer = client.post(f"/ui/drafts/{draft['id']}/decision", data={"csrf_token": form_token(page), "decision": "reject"},
                         headers={"Accept-Language": "pl"})
    assert answer.status_code == 422
    assert alerts(answer.text) == ["Napisz komentarz dla autora: co należy zmienić albo dlaczego szkic został odrzucony."]
    assert client.get(f"/api/v1/drafts/{draft['id']}", headers=author.headers).json()["status"] == "pending_review"


def test_a_decision_reaches_the_author_with_its_comment(client, author, reviewer):
    draft = submit(client, author, "Big news #a #b #c #d #e #f #g")
    signed_in(client, "rita")
    page = client.get(f"/ui/drafts/{draft['id']}").text
    answer = client.post(f"/ui/drafts/{draft['id']}/decision", follow_redirects=True, data={
        "csrf_token": form_token(page), "decision": "request_changes", "comment": "Three hashtags at most, please"})
    assert flashes(answer.text) == ["The draft went back to its author with your comment."]
    assert f'data-draft="{draft["id"]}"' not in answer.text  # no longer waiting

    client.cookies.clear()
    signed_in(client, "emil")
    mine = client.get("/ui/drafts").text
    row = re.search(rf'<tr data-draft="{draft["id"]}" data-status="(\w+)">.*?</tr>', mine, re.S)
    assert row.group(1) == "changes_requested" and "Three hashtags at most, please" in row.group(0)
    history = client.get(f"/ui/drafts/{draft['id']}").text
    kinds = re.findall(r'<li data-kind="(\w+)">', history)
    assert kinds == ["changes_requested", "queued", "submitted"]  # newest first
    assert 'id="decision-form"' not in history  # nobody decides on their own draft


def test_allowing_once_needs_a_reason_and_is_recorded(client, author, reviewer, staff):
    draft = submit(client, author, PHONE_AND_INSULT, request_review=True, justification="The customer asked")
    signed_in(client, "rita")
    token = form_token(client.get(f"/ui/drafts/{draft['id']}").text)
    without = client.post(f"/ui/drafts/{draft['id']}/decision",
                          data={"csrf_token": token, "decision": "approve", "allow_once": "yes"})
    assert without.status_code == 422 and "reason" in alerts(without.text)[0]
    approved = client.post(f"/ui/drafts/{draft['id']}/decision", follow_redirects=True, data={
        "csrf_token": token, "decision": "approve", "allow_once": "yes", "reason": "Number is the shop's"})
    assert flashes(approved.text) == ["The draft is approved; its author is told."]
    events = client.get("/api/v1/audit", params={"action": "draft.override"}, headers=staff["admin"].headers).json()
    assert [e["payload"]["reason"] for e in events] == ["Number is the shop's"]


def test_the_author_asks_for_review_of_a_rejected_draft(client, author, reviewer):
    draft = submit(client, author, PHONE_AND_INSULT)
    assert draft["status"] == "rejected"
    signed_in(client, "emil")
    page = client.get(f"/ui/drafts/{draft['id']}").text
    assert 'id="review-request-form"' in page
    answer = client.post(f"/ui/drafts/{draft['id']}/review-request", follow_redirects=True,
                         data={"csrf_token": form_token(page), "justification": "It is the shop's public number"})
    assert flashes(answer.text) == ["Your draft is waiting for a reviewer, with your justification."]
    assert re.search(r'id="draft-status">Waiting for review<', answer.text)


def test_compose_submits_through_the_drafts_api_as_the_signed_in_person(client, author):
    signed_in(client, "emil")
    page = client.get("/ui/compose").text
    assert 'data-submit-url="/api/v1/drafts"' in page and not re.search(r'id="submit-draft"\s+disabled', page)
    answer = client.post("/api/v1/drafts", json={"text": "A sunny day at the plant", "language": "en"},
                         headers={"X-CSRF-Token": csrf_meta(page), "Idempotency-Key": "k1"})
    assert answer.status_code == 201 and answer.json()["author"] == "emil"


def test_someone_elses_draft_is_not_shown_to_an_employee(client, author, make_person):
    draft = submit(client, author, "Big news #a #b #c #d #e #f #g")
    other = make_person("employee", "olga")
    signed_in(client, other.username)
    answer = client.get(f"/ui/drafts/{draft['id']}")
    assert answer.status_code == 403 and "Big news" not in answer.text
