"""Who may call the inbox's endpoints: inbound messages, conversations, replies, assignment, forwarding,
failed messages and sending them back to triage.

``{conversation_id}`` is a conversation made the way messages really arrive: a message posted to
/api/v1/inbound, then the inbox worker drained (it classifies and files it into a conversation).
"""
from __future__ import annotations

import uuid

from service_helpers import LEADS, STAFF, Access

SOCIAL_TEAM = LEADS | {"spokesperson"}
REPLY = {"text": "Takk, vi ser på det."}


def _inbound() -> dict:
    return {"platform": "facebook", "external_id": uuid.uuid4().hex, "author_handle": "k", "text": "Hei",
            "received_at": "2026-11-23T10:00:00Z", "arrived_at": "official"}


ROWS = [
    Access("POST", "/api/v1/inbound", SOCIAL_TEAM, _inbound),
    Access("GET", "/api/v1/inbox/conversations", SOCIAL_TEAM),
    Access("GET", "/api/v1/inbox/conversations/{conversation_id}", SOCIAL_TEAM),
    Access("PUT", "/api/v1/inbox/conversations/{conversation_id}/reply", SOCIAL_TEAM, REPLY),
    Access("POST", "/api/v1/inbox/conversations/{conversation_id}/send", SOCIAL_TEAM, REPLY, fresh=True),
    Access("POST", "/api/v1/inbox/conversations/{conversation_id}/assign", LEADS, {"username": None, "reason": "queue"}),
    Access("GET", "/api/v1/inbox/protection", LEADS),
    Access("GET", "/api/v1/inbox/messages/failed", SOCIAL_TEAM),
    Access("POST", "/api/v1/inbox/messages/retry-failed", SOCIAL_TEAM, {"ids": None}),
    Access("POST", "/api/v1/inbox/forward", STAFF,
           lambda: {"platform": "facebook", "author_handle": uuid.uuid4().hex,
                    "text": "Hei, kan du hjelpe meg med fakturaen?"}),
]


def conversation_id(world) -> int:
    from postguard.store.inbox_models import InboxMessage

    client = world.client
    response = client.post("/api/v1/inbound", json={**_inbound(), "text": "Hvor er fakturaen min?"},
                           headers=world.staff["admin"].headers)
    assert response.status_code < 400, response.text
    client.app.state.inbox.worker.drain()
    message_id = response.json()["messages"][0]["id"]
    with client.app.state.service.db.reader() as session:
        conversation = session.get(InboxMessage, message_id).conversation_id
    assert conversation is not None, f"message {message_id} was not filed into a conversation"
    return conversation


RESOURCES = {"conversation_id": conversation_id}
