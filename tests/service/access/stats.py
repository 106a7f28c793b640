"""Who may call the dashboard's statistics."""
from __future__ import annotations

from service_helpers import REVIEWERS, Access

ROWS = [
    Access("GET", "/api/v1/stats/drafts", REVIEWERS),
]
