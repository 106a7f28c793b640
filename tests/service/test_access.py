"""Every endpoint, every role: who may call it and who may not. A new endpoint without a row fails here."""
from __future__ import annotations

import uuid

import pytest

from incident_helpers import INCIDENT_MATRIX
from service_helpers import PASSWORD, ROLES, assert_error, policy_source

ALL = set(ROLES)
STAFF = ALL - {"candidate"}
REVIEWERS = {"admin", "communications_lead", "reviewer"}
LEADS = {"admin", "communications_lead"}
SOCIAL_TEAM = LEADS | {"spokesperson"}
NOBODY: set[str] = set()  # only the owner of the resource (tested with the owner elsewhere)

# (method, path template, body, roles that may call it). Resources in {braces} belong to "owner",
# an employee who is not one of the callers.
MATRIX = [
    ("GET", "/api/v1/me", None, ALL),
    ("POST", "/api/v1/auth/logout", None, ALL),
    ("GET", "/api/v1/users", None, LEADS),
    ("POST", "/api/v1/users", lambda: {"username": f"new-{uuid.uuid4().hex[:6]}", "role": "employee",
                                        "password": PASSWORD}, LEADS),
    ("PUT", "/api/v1/users/{owner}/role", {"role": "reviewer"}, LEADS),
    ("POST", "/api/v1/users/{owner}/deactivate", None, LEADS),
    ("GET", "/api/v1/tokens", None, ALL),
    ("POST", "/api/v1/tokens", {"name": "mine"}, STAFF),
    ("DELETE", "/api/v1/tokens/{token}", None, {"admin"}),
    ("GET", "/api/v1/policies", None, ALL),
    ("POST", "/api/v1/policies", lambda: {"source": policy_source()}, LEADS),
    ("GET", "/api/v1/policies/active", None, ALL),
    ("GET", "/api/v1/policies/{policy}", None, ALL),
    ("GET", "/api/v1/policies/{policy}/diff", None, ALL),
    ("POST", "/api/v1/policies/{policy}/activate", None, {"admin"}),
    ("POST", "/api/v1/checks", {"text": "Hello", "language": "en"}, ALL),
    ("POST", "/api/v1/drafts", {"text": "Hello", "language": "en"}, STAFF),
    ("GET", "/api/v1/drafts", None, ALL),
    ("GET", "/api/v1/drafts/queue", None, REVIEWERS),
    ("GET", "/api/v1/drafts/{draft}", None, REVIEWERS),
    ("POST", "/api/v1/drafts/{draft}/decision", {"decision": "approve"}, REVIEWERS),
    ("POST", "/api/v1/drafts/{draft}/review-request", {"justification": "please"}, NOBODY),
    ("PUT", "/api/v1/drafts/{draft}", {"text": "Hello again", "language": "en"}, NOBODY),
    ("POST", "/api/v1/posts", {"text": "Hello"}, STAFF),
    ("GET", "/api/v1/posts/{post}", None, ALL),
    ("PATCH", "/api/v1/posts/{post}", {"text": "changed"}, NOBODY),
    ("POST", "/api/v1/posts/{post}/moderation", {"action": "hide", "reason": "off topic"},
     {"spokesperson", "communications_lead"}),
    ("GET", "/api/v1/notifications", None, ALL),
    ("GET", "/api/v1/audit", None, LEADS),
    ("GET", "/api/v1/audit/export", None, LEADS),
    ("GET", "/api/v1/audit/verify", None, LEADS),
    ("POST", "/api/v1/inbound", lambda: {"platform": "facebook", "external_id": uuid.uuid4().hex, "author_handle": "k",
                                         "text": "Hei", "received_at": "2026-11-23T10:00:00Z", "arrived_at": "official"},
     SOCIAL_TEAM),
    ("GET", "/api/v1/inbox/conversations", None, SOCIAL_TEAM),
    ("GET", "/api/v1/inbox/conversations/{conversation}", None, SOCIAL_TEAM),
    ("PUT", "/api/v1/inbox/conversations/{conversation}/reply", {"text": "Takk, vi ser på det."}, SOCIAL_TEAM),
    ("POST", "/api/v1/inbox/conversations/{conversation}/send", {"text": "Takk, vi ser på det."}, SOCIAL_TEAM),
    ("POST", "/api/v1/inbox/conversations/{conversation}/assign", {"username": None, "reason": "queue"}, LEADS),
    ("GET", "/api/v1/inbox/protection", None, LEADS),
    ("POST", "/api/v1/inbox/forward", lambda: {"platform": "facebook", "author_handle": uuid.uuid4().hex,
                                               "text": "Hei, kan du hjelpe meg med fakturaen?"}, STAFF),
    ("GET", "/api/v1/stats/drafts", None, REVIEWERS),
    ("PUT", "/api/v1/users/{owner}/department", {"department": "Sales"}, LEADS),
    ("POST", "/api/v1/training/acknowledgements", {}, ALL),
    ("GET", "/api/v1/training/status", None, LEADS),
    ("GET", "/api/v1/training/completion", None, LEADS),
    ("POST", "/api/v1/training/candidates", lambda: {"username": f"cand-{uuid.uuid4().hex[:6]}"}, LEADS),
    ("POST", "/api/v1/training/reminders", {"dry_run": True}, LEADS),
    ("POST", "/api/v1/training/quiz", {}, ALL),
    ("GET", "/api/v1/training/quiz/results", None, ALL),
]
#: A candidate's personal link is its own credential (no account).
PUBLIC = {("POST", "/api/v1/auth/login"), ("GET", "/api/v1/training/candidate-links/{token}"),
          ("POST", "/api/v1/training/candidate-links/{token}/acknowledge")}
#: Steps that need a resource of the caller's own, tested per role in the named file.
ELSEWHERE = {("POST", "/api/v1/training/quiz/answer"), ("POST", "/api/v1/training/quiz/finish")}  # test_training.py
FRESH = {"/api/v1/policies/{policy}/activate", "/api/v1/drafts/{draft}/decision", "/api/v1/posts/{post}/moderation",
         "/api/v1/inbox/conversations/{conversation}/send"}


def _resources(client, make_person, admin) -> dict[str, str]:
    """Fresh things owned by someone else than the caller: a queued draft, a post, a token, a policy."""
    owner = make_person("employee")
    draft = client.post("/api/v1/drafts", json={"text": "Hi #a #b #c #d #e #f #g", "language": "en"},
                        headers=owner.headers).json()
    post = client.post("/api/v1/posts", json={"text": "Hi"}, headers=owner.headers).json()
    token = client.post("/api/v1/tokens", json={"name": "x"}, headers=owner.headers).json()
    policy = client.post("/api/v1/policies", json={"source": policy_source()}, headers=admin.headers).json()
    inbound = client.post("/api/v1/inbound", json={"platform": "facebook", "external_id": uuid.uuid4().hex,
                                                   "author_handle": "k", "text": "Hvor er fakturaen min?",
                                                   "received_at": "2026-11-23T10:00:00Z", "arrived_at": "official"},
                          headers=admin.headers).json()
    client.app.state.inbox.worker.drain()
    conversation = _conversation_of(client, inbound["messages"][0]["id"])
    return {"owner": owner.username, "draft": draft["id"], "post": post["id"], "token": token["id"],
            "policy": policy["number"], "conversation": conversation}


def _conversation_of(client, message_id: int) -> int:
    from postguard.store.inbox_models import InboxMessage

    with client.app.state.service.db.reader() as session:
        return session.get(InboxMessage, message_id).conversation_id


def test_every_api_route_is_in_the_matrix(app):
    # From the OpenAPI document: it lists every route the app serves.
    # /api/v1/advocacy has its own matrix and the same every-route test: test_advocacy_access.py
    routes = {(method.upper(), path) for path, operations in app.openapi()["paths"].items()
              for method in operations if path.startswith("/api/") and not path.startswith("/api/v1/advocacy")}
    covered = {(m, p.replace("{owner}", "{username}").replace("{token}", "{token_id}")
                .replace("{policy}", "{number}").replace("{draft}", "{draft_id}").replace("{post}", "{post_id}")
                .replace("{conversation}", "{conversation_id}"))
               for m, p, _b, _r in MATRIX}
    # Incident routes have their own matrix (test_incidents_api.py: they need a stored incident).
    covered |= {(m, p.replace("{incident}", "{incident_id}")) for m, p, _b, _r in INCIDENT_MATRIX}
    assert routes - PUBLIC - ELSEWHERE == covered


@pytest.mark.parametrize("method,path,body,roles", MATRIX, ids=[f"{m} {p}" for m, p, _b, _r in MATRIX])
def test_who_may_and_who_may_not(client, staff, make_person, method, path, body, roles):
    resources = _resources(client, make_person, staff["admin"])
    for role in ROLES:
        if path in FRESH:  # the first allowed call changes the state the next one would need
            resources = _resources(client, make_person, staff["admin"])
        url = path.format(**resources)
        payload = body() if callable(body) else body
        response = client.request(method, url, json=payload, headers=staff[role].headers)
        if role in roles:
            assert response.status_code not in (401, 403), f"{role} should be allowed: {response.text}"
            assert response.status_code < 400, f"{role}: {response.text}"
        else:
            assert_error(response, 403, "forbidden")
    anonymous = client.request(method, path.format(owner="x", token=1, policy=1, draft=1, post=1, conversation=1),
                               json=body() if callable(body) else body)
    assert_error(anonymous, 401, "unauthenticated")
