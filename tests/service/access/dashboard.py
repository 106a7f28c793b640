"""Who may call the endpoints the dashboard, the review queue and "my drafts" read (list rows,
figures over the inbox and over incidents)."""
from __future__ import annotations

from service_helpers import ALL, LEADS, REVIEWERS, Access

SOCIAL_TEAM = LEADS | {"spokesperson"}
INCIDENT_READERS = LEADS | {"reviewer"}

ROWS = [
    Access("GET", "/api/v1/drafts/lines", ALL),
    Access("GET", "/api/v1/drafts/queue/lines", REVIEWERS),
    Access("GET", "/api/v1/stats/inbox", SOCIAL_TEAM),
    Access("GET", "/api/v1/stats/incidents", INCIDENT_READERS),
]
