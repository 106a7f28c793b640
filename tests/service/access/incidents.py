"""Incident endpoints: tested for every role in test_incidents_api.py (INCIDENT_MATRIX, in
incident_helpers.py), each call on a freshly stored incident."""
from __future__ import annotations

from service_helpers import Elsewhere

WHERE = "tests/service/test_incidents_api.py"

ELSEWHERE = [
    Elsewhere("GET", "/api/v1/incidents", WHERE),
    Elsewhere("POST", "/api/v1/incidents/scan", WHERE),
    Elsewhere("GET", "/api/v1/incidents/{incident_id}", WHERE),
    Elsewhere("POST", "/api/v1/incidents/{incident_id}/acknowledge", WHERE),
    Elsewhere("POST", "/api/v1/incidents/{incident_id}/resolve", WHERE),
    Elsewhere("GET", "/api/v1/incidents/{incident_id}/evidence", WHERE),
]
