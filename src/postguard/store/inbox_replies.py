"""Replies: the suggestion checked before it is shown, edits checked again, sending through the outbox.

Nothing leaves without the post checker's verdict on the exact text being sent: a blocked
text is refused (and the refusal audited), a warned one may go. A sent reply becomes a row
of ``inbox_outbox`` (exported as JSON Lines for the platform connection, see
:func:`export_outbox`) and an ``inbox.reply_sent`` notification to the webhook receivers.
"""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.permissions import Actor, Owned
from ..errors import ConflictError, NotFoundError, UsageError
from ..findings import Verdict
from ..inbound.replies import SuggestedReply, recheck
from ..notify import Notifier
from ..policy.schema import Policy
from . import inbox_events as ev
from .audit import record
from .base import utcnow
from .inbox_accept import to_inbound
from .inbox_models import InboxConversation, InboxMessage, InboxOutbox, InboxReply
from .inbox_triage import outbox_payload, put_in_outbox
from .people import require

EVENT_REPLY_SENT = "inbox.reply_sent"
MAX_REPLY_CHARS = 10_000


def _latest_message(session: Session, conversation: InboxConversation) -> InboxMessage:
    message = session.scalar(select(InboxMessage).where(InboxMessage.conversation_id == conversation.id)
                             .order_by(InboxMessage.id.desc()).limit(1))
    if message is None:
        raise NotFoundError(f"conversation {conversation.id} has no messages")
    return message


def current_reply(session: Session, conversation: InboxConversation, kind: str = "reply") -> InboxReply | None:
    """The reply waiting to be sent (an edit if someone edited, else the suggestion)."""
    return session.scalar(select(InboxReply).where(InboxReply.conversation_id == conversation.id,
                                                   InboxReply.kind == kind,
                                                   InboxReply.status.in_(("suggested", "edited")))
                          .order_by(InboxReply.id.desc()).limit(1))


def _check(text: str, language: str, kind: str, policy: Policy, message: InboxMessage) -> SuggestedReply:
    blank = SuggestedReply(text, language, language, False, None, None, kind)
    return recheck(blank, text, policy, to_inbound(message))


def ensure_checked(session: Session, reply: InboxReply, policy: Policy, number: int) -> InboxReply:
    """The worker stores suggestions unchecked (fast triage); they are checked before anyone sees them."""
    if reply.verdict is None:
        message = session.get(InboxMessage, reply.message_id) if reply.message_id else None
        if message is None:
            conversation = session.get(InboxConversation, reply.conversation_id)
            message = _latest_message(session, conversation)
        checked = _check(reply.text, reply.language, reply.kind, policy, message)
        reply.verdict, reply.report, reply.policy_version = checked.report.verdict.value, checked.report.to_dict(), number
    return reply


def _supersede(session: Session, conversation: InboxConversation, keep: int) -> None:
    """Older waiting replies are kept (history) but can no longer be sent."""
    for old in session.scalars(select(InboxReply).where(InboxReply.conversation_id == conversation.id,
                                                        InboxReply.kind == "reply", InboxReply.id != keep,
                                                        InboxReply.status.in_(("suggested", "edited")))):
        old.status = "superseded"


def _codes(report: dict | None) -> list[str]:
    return sorted({f["code"] for f in (report or {}).get("findings", [])})


def _may_reply(actor: Actor, conversation: InboxConversation) -> None:
    require(actor, "inbox.reply", Owned(conversation.protected_user_id or 0))


def edit(session: Session, *, actor: Actor, conversation: InboxConversation, text: str, policy: Policy,
         number: int) -> InboxReply:
    """Replace the waiting reply's text; the new text is checked at once."""
    _may_reply(actor, conversation)
    if not text.strip() or len(text) > MAX_REPLY_CHARS:
        raise UsageError(f"a reply needs 1-{MAX_REPLY_CHARS} characters")
    current = current_reply(session, conversation)
    message = _latest_message(session, conversation)
    language = current.language if current else (conversation.language or policy.languages.default)
    checked = _check(text, language, "reply", policy, message)
    if current is None or current.status != "edited":
        current = InboxReply(conversation_id=conversation.id, message_id=message.id, kind="reply", status="edited",
                             text=text, language=language)
        session.add(current)
    current.text, current.author_id, current.message_id = text, actor.user_id, message.id
    current.verdict, current.report, current.policy_version = checked.report.verdict.value, checked.report.to_dict(), number
    session.flush()
    _supersede(session, conversation, keep=current.id)
    record(session, ev.ReplyEdited(conversation_id=conversation.id, reply_id=current.id, verdict=current.verdict,
                                   codes=_codes(current.report)), actor=actor.label, policy_version=number)
    return current


def send(session: Session, *, actor: Actor, conversation: InboxConversation, policy: Policy, number: int,
         notifier: Notifier, text: str | None = None) -> tuple[InboxReply, InboxOutbox]:
    """Send the waiting reply (or ``text``, checked first); refused when the checker blocks it."""
    _may_reply(actor, conversation)
    if text is not None:
        reply = edit(session, actor=actor, conversation=conversation, text=text, policy=policy, number=number)
    else:
        reply = current_reply(session, conversation)
        if reply is None:
            raise ConflictError(f"conversation {conversation.id} has no reply to send; write one (PUT …/reply)")
        ensure_checked(session, reply, policy, number)
    if reply.verdict == Verdict.BLOCK.value:
        codes = _codes(reply.report)
        record(session, ev.ReplyRefused(conversation_id=conversation.id, codes=codes), actor=actor.label,
               policy_version=number)
        raise ConflictError(f"the post checker blocks this reply ({', '.join(codes)}); edit it and send again")
    message = session.get(InboxMessage, reply.message_id) if reply.message_id else _latest_message(session, conversation)
    reply.status, reply.sent_at, reply.author_id = "sent", utcnow(), actor.user_id
    session.flush()
    _supersede(session, conversation, keep=reply.id)
    item = put_in_outbox(session, conversation, message, reply)
    conversation.status = "answered"
    if conversation.first_reply_at is None:  # response times count the first answer (inbox_stats)
        conversation.first_reply_at = reply.sent_at
    notifier.publish(session, EVENT_REPLY_SENT, {**outbox_payload(conversation, message, reply),
                                                  "conversation_id": conversation.id, "outbox_id": item.id})
    record(session, ev.ReplySent(conversation_id=conversation.id, reply_id=reply.id, outbox_id=item.id,
                                 verdict=reply.verdict or ""), actor=actor.label, policy_version=number)
    return reply, item


def export_outbox(session: Session, directory: Path, *, limit: int = 10_000) -> tuple[Path | None, int]:
    """Append every not yet exported outbox item to ``<directory>/replies.jsonl`` and mark it exported.

    At least once: the file is written and synced before the rows are marked, so a crash
    in between exports an item twice (its ``outbox_id`` tells a reader), never zero times.
    """
    items = list(session.scalars(select(InboxOutbox).where(InboxOutbox.exported_at.is_(None))
                                 .order_by(InboxOutbox.id).limit(limit)))
    if not items:
        return None, 0
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "replies.jsonl"
    import os

    with path.open("a", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps({"outbox_id": item.id, "created_at": item.created_at.isoformat(), **item.payload},
                                    ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    now = utcnow()
    for item in items:
        item.exported_at = now
    return path, len(items)
