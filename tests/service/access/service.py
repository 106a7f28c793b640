"""Who may call the service's own endpoints: people, tokens, policies, checks, drafts, posts, audit.

One file per area in this folder (``inbox.py``, ``campaigns.py``, …): ``ROWS`` lists the area's
endpoints as ``Access`` rows, ``PUBLIC`` those that need no account (with the reason), and
``RESOURCES`` how to make the things its paths name (``{draft_id}`` → ``draft_id(world)``).
test_access.py reads every file here; an endpoint that is in no file fails that test.
"""
from __future__ import annotations

import uuid

from service_helpers import ALL, LEADS, NOBODY, PASSWORD, REVIEWERS, STAFF, Access, Public, policy_source

ROWS = [
    Access("GET", "/api/v1/me", ALL),
    Access("POST", "/api/v1/auth/logout", ALL),
    Access("GET", "/api/v1/users", LEADS),
    Access("POST", "/api/v1/users", LEADS, lambda: {"username": f"new-{uuid.uuid4().hex[:6]}", "role": "employee",
                                                  "password": PASSWORD}),
    Access("PUT", "/api/v1/users/{username}/role", LEADS, {"role": "reviewer"}),
    Access("POST", "/api/v1/users/{username}/deactivate", LEADS),
    Access("GET", "/api/v1/tokens", ALL),
    Access("POST", "/api/v1/tokens", STAFF, {"name": "mine"}),
    Access("DELETE", "/api/v1/tokens/{token_id}", frozenset({"admin"})),
    Access("GET", "/api/v1/policies", ALL),
    Access("POST", "/api/v1/policies", LEADS, lambda: {"source": policy_source()}),
    Access("GET", "/api/v1/policies/active", ALL),
    Access("GET", "/api/v1/policies/{number}", ALL),
    Access("GET", "/api/v1/policies/{number}/diff", ALL),
    Access("POST", "/api/v1/policies/{number}/activate", frozenset({"admin"}), fresh=True),
    Access("POST", "/api/v1/checks", ALL, {"text": "Hello", "language": "en"}),
    Access("POST", "/api/v1/drafts", STAFF, {"text": "Hello", "language": "en"}),
    Access("GET", "/api/v1/drafts", ALL),
    Access("GET", "/api/v1/drafts/queue", REVIEWERS),
    Access("GET", "/api/v1/drafts/{draft_id}", REVIEWERS),
    Access("POST", "/api/v1/drafts/{draft_id}/decision", REVIEWERS, {"decision": "approve"}, fresh=True),
    Access("POST", "/api/v1/drafts/{draft_id}/review-request", NOBODY, {"justification": "please"}),
    Access("PUT", "/api/v1/drafts/{draft_id}", NOBODY, {"text": "Hello again", "language": "en"}),
    Access("POST", "/api/v1/posts", STAFF, {"text": "Hello"}),
    Access("GET", "/api/v1/posts/{post_id}", ALL),
    Access("PATCH", "/api/v1/posts/{post_id}", NOBODY, {"text": "changed"}),
    Access("POST", "/api/v1/posts/{post_id}/moderation", frozenset({"spokesperson", "communications_lead"}),
           {"action": "hide", "reason": "off topic"}, fresh=True),
    Access("GET", "/api/v1/notifications", ALL),
    Access("GET", "/api/v1/audit", LEADS),
    Access("GET", "/api/v1/audit/export", LEADS),
    Access("GET", "/api/v1/audit/verify", LEADS),
]

PUBLIC = [
    Public("POST", "/api/v1/auth/login", "how an account gets a session; throttled per account and address"),
    Public("GET", "/", "leads to the interface"),
    Public("GET", "/openapi.json", "the API's description"),
    Public("GET", "/docs", "the API's description, browsable"),
    Public("GET", "/docs/oauth2-redirect", "part of the browsable description"),
    Public("GET", "/redoc", "the API's description, browsable"),
    Public("MOUNT", "/ui", "the web interface: its pages and live check need no account (tests/webui)"),
]


def username(world) -> str:
    return world.owner.username


def draft_id(world) -> int:
    response = world.client.post("/api/v1/drafts", json={"text": "Hi #a #b #c #d #e #f #g", "language": "en"},
                                 headers=world.owner.headers)
    return response.json()["id"]


def post_id(world) -> int:
    return world.client.post("/api/v1/posts", json={"text": "Hi"}, headers=world.owner.headers).json()["id"]


def token_id(world) -> int:
    return world.client.post("/api/v1/tokens", json={"name": "x"}, headers=world.owner.headers).json()["id"]


def number(world) -> int:
    return world.client.post("/api/v1/policies", json={"source": policy_source()},
                             headers=world.staff["admin"].headers).json()["number"]


RESOURCES = {"username": username, "draft_id": draft_id, "post_id": post_id, "token_id": token_id, "number": number}
