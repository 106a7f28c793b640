"""The incidents the web interface shows, read from the store as the person signed in by cookie.

The interface (``webui/incidents.py``) asks through its ``IncidentSource`` protocol; this is the
service's answer: same session cookie, same permission checks (``incident.read``) and the same
view of an incident as ``GET /api/v1/incidents/{id}``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from ..auth.permissions import Actor
from ..campaigns.serialize import iso
from ..errors import AuthenticationError
from ..store import incidents, people
from ..store.db import Database
from .deps import SESSION_COOKIE
from .routes.incidents import incident_view


@dataclass
class ServiceIncidents:
    db: Database
    api_prefix: str = "/api/v1"

    def _actor(self, request: Request) -> Actor:
        secret = request.cookies.get(SESSION_COOKIE)
        if not secret:
            raise AuthenticationError("sign in to see incidents")
        with self.db.reader() as session:
            return people.actor_for_session(session, secret=secret)

    def list(self, request: Request) -> list[dict[str, Any]]:
        actor = self._actor(request)
        with self.db.reader() as session:
            rows = incidents.list_incidents(session, actor=actor)
            return [{
                "id": row.id, "state": row.state, "accounts": row.accounts, "waves": row.waves, "comments": row.comments,
                "first_seen": iso(row.first_seen) if row.first_seen else "", "last_seen": iso(row.last_seen) if row.last_seen else "",
                "owner": (row.document.get("owner") or {}).get("name") or row.owner,
                "leaders": [a["handle"] for a in row.document["accounts"] if a["role"] == "leader"],
            } for row in rows]

    def get(self, request: Request, incident_id: str, language: str) -> dict[str, Any]:
        actor = self._actor(request)
        with self.db.reader() as session:
            return incident_view(incidents.get(session, actor=actor, incident_id=incident_id).to_dict(), language)

    def evidence_url(self, incident_id: str, fmt: str, language: str) -> str:
        return f"{self.api_prefix}/incidents/{incident_id}/evidence?" + urlencode({"format": fmt, "lang": language})
