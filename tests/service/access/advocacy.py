"""Advocacy endpoints: tested for every role in test_advocacy_access.py (its own matrix, with
pending and approved items, shares and competitions made by others). The tracked-link redirect
is public."""
from __future__ import annotations

from service_helpers import Elsewhere, Public

WHERE = "tests/service/test_advocacy_access.py"

ELSEWHERE = [
    Elsewhere(method, path, WHERE) for method, path in [
        ("POST", "/api/v1/advocacy/items"),
        ("GET", "/api/v1/advocacy/items"),
        ("POST", "/api/v1/advocacy/items/{item_id}/approve"),
        ("POST", "/api/v1/advocacy/items/{item_id}/withdraw"),
        ("GET", "/api/v1/advocacy/library"),
        ("POST", "/api/v1/advocacy/items/{item_id}/shares"),
        ("GET", "/api/v1/advocacy/shares"),
        ("PUT", "/api/v1/advocacy/shares/{share_id}/post-url"),
        ("POST", "/api/v1/advocacy/engagement"),
        ("GET", "/api/v1/advocacy/reports"),
        ("POST", "/api/v1/advocacy/competitions"),
        ("GET", "/api/v1/advocacy/competitions"),
        ("PUT", "/api/v1/advocacy/competitions/{competition_id}"),
        ("DELETE", "/api/v1/advocacy/competitions/{competition_id}"),
        ("GET", "/api/v1/advocacy/competitions/{competition_id}/leaderboard"),
        ("GET", "/api/v1/advocacy/profile"),
        ("PUT", "/api/v1/advocacy/profile"),
        ("PUT", "/api/v1/advocacy/profiles/{username}/team"),
    ]
]

PUBLIC = [
    Public("GET", "/r/{code}", "the tracked link people outside the company click in a shared post: it only "
                               "redirects a stored code to its stored target and counts the click (test_advocacy_api.py)"),
]
