"""Who may call the endpoints the dashboard, the review queue and "my drafts" read (list rows,
figures over the inbox and over incidents)."""
from __future__ import annotations

from service_helpers import ALL, REVIEWERS, Access

ROWS = [
    Access("GET", "/api/v1/drafts/lines", ALL),
    Access("GET", "/api/v1/drafts/queue/lines", REVIEWERS),
]
