"""Every advocacy endpoint, every role: who may call it and who may not (test_access.py leaves
/api/v1/advocacy to this file). A new advocacy endpoint without a row fails here."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from service_helpers import ROLES, assert_error

ALL = set(ROLES)
STAFF = ALL - {"candidate"}
LEADS = {"admin", "communications_lead"}
EDITORS = LEADS | {"spokesperson"}
NOBODY: set[str] = set()  # only the owner (tested with the owner in test_advocacy_api.py)
NOW = datetime.now(timezone.utc)
RULES = {"name": "Contest", "starts_at": (NOW - timedelta(days=1)).isoformat(),
         "ends_at": (NOW + timedelta(days=5)).isoformat(), "points": {"share": 5}}


def _item(key: str | None = None) -> dict:
    return {"key": key or f"k-{uuid.uuid4().hex[:8]}", "campaign": "C", "texts": {"en": "Proud of our new park #GreenerNorth"},
            "link": "https://nordlys.example/p", "hashtags": ["#GreenerNorth"]}


MATRIX = [
    ("POST", "/api/v1/advocacy/items", lambda: _item(), EDITORS),
    ("GET", "/api/v1/advocacy/items", None, EDITORS),
    ("POST", "/api/v1/advocacy/items/{pending}/approve", None, LEADS),
    ("POST", "/api/v1/advocacy/items/{approved}/withdraw", {"reason": "outdated"}, LEADS),
    ("GET", "/api/v1/advocacy/library", None, STAFF),
    ("POST", "/api/v1/advocacy/items/{approved}/shares", {"channel": "linkedin"}, STAFF),
    ("GET", "/api/v1/advocacy/shares", None, STAFF),
    ("PUT", "/api/v1/advocacy/shares/{share}/post-url", {"post_url": "https://www.linkedin.com/posts/x"}, NOBODY),
    ("POST", "/api/v1/advocacy/engagement", "post_url,likes,comments,shares,impressions\n", LEADS),
    ("GET", "/api/v1/advocacy/reports", None, LEADS),
    ("POST", "/api/v1/advocacy/competitions", RULES, LEADS),
    ("GET", "/api/v1/advocacy/competitions", None, STAFF),
    ("PUT", "/api/v1/advocacy/competitions/{competition}", RULES, LEADS),
    ("DELETE", "/api/v1/advocacy/competitions/{competition}", None, LEADS),
    ("GET", "/api/v1/advocacy/competitions/{competition}/leaderboard", None, STAFF),
    ("GET", "/api/v1/advocacy/profile", None, STAFF),
    ("PUT", "/api/v1/advocacy/profile", {"leaderboard_opt_out": True}, STAFF),
    ("PUT", "/api/v1/advocacy/profiles/{owner}/team", {"team": "sales"}, LEADS),
]
FRESH = {"/api/v1/advocacy/items/{pending}/approve", "/api/v1/advocacy/items/{approved}/withdraw",
         "/api/v1/advocacy/competitions/{competition}"}
NAMES = {"{pending}": "{item_id}", "{approved}": "{item_id}", "{share}": "{share_id}",
         "{competition}": "{competition_id}", "{owner}": "{username}"}


def _resources(client, make_person, staff) -> dict[str, object]:
    """Things someone else made: a pending and an approved item, a share, a competition."""
    writer, lead = staff["spokesperson"].headers, staff["communications_lead"].headers
    owner = make_person("employee")
    pending = client.post("/api/v1/advocacy/items", json=_item(), headers=writer).json()
    approved = client.post("/api/v1/advocacy/items", json=_item(), headers=writer).json()
    client.post(f"/api/v1/advocacy/items/{approved['id']}/approve", headers=lead)
    share = client.post(f"/api/v1/advocacy/items/{approved['id']}/shares", json={}, headers=owner.headers).json()
    competition = client.post("/api/v1/advocacy/competitions", json=RULES, headers=lead).json()
    return {"pending": pending["id"], "approved": approved["id"], "share": share["id"],
            "competition": competition["id"], "owner": owner.username}


def test_every_advocacy_route_is_in_the_matrix(app):
    routes = {(method.upper(), path) for path, operations in app.openapi()["paths"].items()
              for method in operations if path.startswith("/api/v1/advocacy")}
    covered = set()
    for method, path, _body, _roles in MATRIX:
        for ours, theirs in NAMES.items():
            path = path.replace(ours, theirs)
        covered.add((method, path))
    assert routes == covered


def _call(client, method, url, body, headers):
    if isinstance(body, str):
        return client.request(method, url, content=body.encode(), headers={**headers, "Content-Type": "text/csv"})
    return client.request(method, url, json=body, headers=headers)


@pytest.mark.parametrize("method,path,body,roles", MATRIX, ids=[f"{m} {p}" for m, p, _b, _r in MATRIX])
def test_who_may_and_who_may_not(client, staff, make_person, method, path, body, roles):
    resources = _resources(client, make_person, staff)
    for role in ROLES:
        if path in FRESH:
            resources = _resources(client, make_person, staff)
        url = path.format(**resources)
        payload = body() if callable(body) else body
        response = _call(client, method, url, payload, staff[role].headers)
        if role in roles:
            assert response.status_code < 400, f"{role} should be allowed: {response.text}"
        else:
            assert_error(response, 403, "forbidden")
    anonymous = _call(client, method, path.format(pending=1, approved=1, share=1, competition=1, owner="x"),
                      body() if callable(body) else body, {})
    assert_error(anonymous, 401, "unauthenticated")


def test_the_redirect_needs_no_login(client, staff, make_person):
    resources = _resources(client, make_person, staff)
    shares = client.get("/api/v1/advocacy/shares?everyone=true", headers=staff["admin"].headers).json()
    link = next(s["tracked_link"] for s in shares if s["id"] == resources["share"])
    assert client.get(link.removeprefix("http://testserver"), follow_redirects=False).status_code == 302
