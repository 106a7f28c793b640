"""Incident fixtures for the service tests: the demo's campaign stream, and incidents stored fast."""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources

from postguard.campaigns.detector import CampaignDetector
from postguard.campaigns.incidents import Incident, IncidentBook, MemoryIncidentStore
from postguard.campaigns.model import comment_from_dict
from postguard.campaigns.settings import DetectorSettings
from postguard.policy.loader import default_policy
from postguard.store.incidents import SqlIncidentStore

LEADS = {"admin", "communications_lead"}
READERS = LEADS | {"reviewer"}
SCANNERS = LEADS | {"spokesperson"}
A_COMMENT = {"platform": "facebook", "id": "x1", "thread": "t1", "author": "someone", "text": "Nice post!",
             "at": "2026-01-05T10:00:00Z"}

#: (method, path, body, roles that may call it) for every incident route; ``{incident}`` is a stored incident.
INCIDENT_MATRIX = [
    ("GET", "/api/v1/incidents", None, READERS),
    ("POST", "/api/v1/incidents/scan", {"comments": [A_COMMENT]}, SCANNERS),
    ("GET", "/api/v1/incidents/{incident}", None, READERS),
    ("POST", "/api/v1/incidents/{incident}/acknowledge", {"note": "seen"}, LEADS),
    ("POST", "/api/v1/incidents/{incident}/resolve", {}, LEADS),
    ("GET", "/api/v1/incidents/{incident}/evidence", None, LEADS),
]


@lru_cache(maxsize=1)
def demo_comments() -> tuple[dict, ...]:
    """The demo company's stream (two campaigns, Hebrew and English, among multilingual comments)."""
    text = resources.files("postguard.demo").joinpath("campaign.jsonl").read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


@lru_cache(maxsize=1)
def _incident_documents() -> tuple[dict, ...]:
    policy = default_policy()
    book = IncidentBook(policy, MemoryIncidentStore())
    detector = CampaignDetector(DetectorSettings.from_policy(policy))
    for data in demo_comments():
        for evidence in detector.process(comment_from_dict(data)):
            book.apply(evidence)
    for evidence in detector.flush():
        book.apply(evidence)
    return tuple(i.to_dict() for i in book.store.all())


def store_incident(db) -> str:  # noqa: ANN001
    """Store a detected incident directly (no scan, no audit): the id of a fresh open incident."""
    with db.writer() as session:
        store = SqlIncidentStore(session, 1)
        # The incident whose leader was named (the richest case: leader post, members, reasons).
        document = next(d for d in _incident_documents() if any(a["role"] == "leader" for a in d["accounts"]))
        incident = Incident.from_dict(copy.deepcopy(document))
        incident.id = store.next_id()
        store.save(incident)
        session.commit()
        return incident.id
