"""Private-profile redirect (R11): an employee forwards a customer's message from a personal profile.

The message is stored as arriving on that employee's profile, triaged at once (the
employee is waiting for the redirect reply), and becomes a company conversation owned by
the policy's redirect owner; from then on it belongs to the company, not to the profile.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError

from ..auth.permissions import Actor
from ..errors import InputError
from ..inbound.message import InboundMessage
from ..inbound.notes import stored_note_texts
from ..policy.schema import Policy
from ..store import inbox_events as ev
from ..store.audit import record
from ..store.base import utcnow
from ..store.db import Database
from ..store.inbox_models import InboxConversation, InboxMessage, InboxReply
from ..store.inbox_replies import current_reply, ensure_checked
from ..store.people import require
from ..store.policies import active_policy
from .acceptor import Acceptor
from .worker import TriageWorker


@dataclass(frozen=True)
class Forwarded:
    conversation: InboxConversation
    message: InboxMessage
    redirect: InboxReply | None
    #: What triage could not do, said in the reader's language (``forward``'s ``language``).
    notes: list[str]
    #: The language the notes are in: the one asked for, else the policy's default.
    language: str


def forwarded_message(actor: Actor, *, platform: str, author_handle: str, text: str,
                      external_id: str | None = None, thread_id: str | None = None, author_name: str | None = None,
                      received_at: datetime | None = None, language: str | None = None) -> InboundMessage:
    received_at = received_at or utcnow()
    if external_id is None:
        # The same forward sent twice is one message: the id is derived from what was forwarded.
        material = f"{actor.username}|{platform}|{author_handle}|{text}|{received_at.isoformat()}"
        external_id = "fwd-" + hashlib.sha256(material.encode("utf-8")).hexdigest()[:24]
    try:
        return InboundMessage(platform=platform, external_id=external_id, thread_id=thread_id,
                              author_handle=author_handle, author_name=author_name, text=text,
                              received_at=received_at, arrived_at=f"personal:{actor.username}", language=language)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InputError(f"forwarded message: {problems}") from None


def forward(db: Database, acceptor: Acceptor, worker: TriageWorker, *, actor: Actor,
            message: InboundMessage, language: str | None = None) -> Forwarded:
    """``language``: the reader's, for the notes (default: the policy's default language)."""
    require(actor, "inbox.forward")
    stored = acceptor.submit_sync([message], actor=actor.label, source="forward")[0]
    worker.triage_now([stored.id])
    with db.writer() as session:
        row = session.get(InboxMessage, stored.id)
        if row is None or row.conversation_id is None:
            reason = row.triage_error if row is not None and row.triage_error else "see the server log"
            raise InputError(f"message {stored.id} could not be triaged: {reason}")
        conversation = session.get(InboxConversation, row.conversation_id)
        number, policy = active_policy(session)
        redirect = current_reply(session, conversation, kind="redirect")
        if redirect is not None:
            ensure_checked(session, redirect, policy, number)
        language = language or policy.languages.default
        notes = _notes(session, row.id, language, policy)
        if not stored.duplicate:
            record(session, ev.ProfileMessageForwarded(conversation_id=conversation.id, message_id=row.id,
                                                       employee=actor.username),
                   actor=actor.label, policy_version=number)
        session.commit()
        return Forwarded(conversation, row, redirect, notes, language)


def _notes(session, message_id: int, language: str, policy: Policy) -> list[str]:  # noqa: ANN001
    from ..store.inbox_models import InboxTriage

    triage = session.get(InboxTriage, message_id)
    return stored_note_texts(triage.result, language, policy) if triage else []
