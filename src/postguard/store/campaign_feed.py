"""Inbox messages that are public comments go to the campaign detector.

The triage worker calls :func:`store_inbox_comments` inside the transaction that stores a
triage batch, so a message is triaged and (when it is a comment) waiting in
``campaign_comments`` together or not at all; the worker then scans the waiting comments in
a transaction of its own (``incidents.scan_waiting``). A restart between the two loses
nothing: the comments wait (``scanned_at`` is empty) until the next scan. A re-delivered
message was never stored a second time by the inbox, and the comment's unique
(platform, platform id) drops any repeat here as well.

Which messages count as comments (:func:`as_comment`):

* it has a thread (``thread_id``): it was made under a post, a page or a thread. A message
  without one is a direct message or a mention with nothing to gather around;
* it arrived on an official company account. Messages on an employee's personal profile
  are not fed: the inbox cannot tell a public comment there from a private message, and the
  evidence bundle of an incident goes to lawyers and platforms; an employee's private
  correspondence has no place in it. Harassment of an employee is handled message by
  message by the inbox's employee protection (R14);
* its platform is not a private messaging channel (:data:`PRIVATE_PLATFORMS`).

A message whose thread is itself (``thread_id == external_id``) opens the thread: it is fed
as the thread's post, which is how the detector learns who started a thread and can name a
campaign's leader. ``reply_to`` (a handle) is the author of the parent message, or of the
thread's post for a top-level comment, when that one is stored.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..campaigns.model import Comment
from ..inbound.message import InboundMessage
from .base import utcnow
from .incident_models import CampaignComment

#: Platforms (as the inbound message names them) whose messages are private conversations.
PRIVATE_PLATFORMS = frozenset({
    "messenger", "whatsapp", "telegram", "signal", "sms", "mms", "email", "mail", "imessage", "wechat",
    "viber", "line", "dm", "chat", "livechat",
})


#: ``campaign_comments`` keeps ids and handles up to this length (the inbox up to 256).
MAX_ID_CHARS = 200


def as_comment(message: InboundMessage, reply_to: str | None = None) -> Comment | None:
    """The campaign comment this inbound message is, or None when it is not a public comment."""
    if message.on_personal_profile or message.platform in PRIVATE_PLATFORMS or not message.thread_id:
        return None
    if max(len(message.external_id), len(message.thread_id), len(message.author_handle)) > MAX_ID_CHARS:
        return None  # no platform issues ids this long; storing it would fail the whole triage batch
    age = message.author_account_age_days
    return Comment(
        platform=message.platform, external_id=message.external_id, thread_id=message.thread_id,
        author=message.author_handle, text=message.text, at=message.received_at, reply_to=reply_to,
        author_created=message.received_at - timedelta(days=age) if age is not None else None,
        language=message.language, kind="post" if message.thread_id == message.external_id else "comment",
    )


def _parent_key(message: InboundMessage) -> tuple[str, str] | None:
    """The message this one answers: its parent, else the thread's opening post."""
    parent = message.parent_id or message.thread_id
    if parent is None or parent == message.external_id:
        return None
    return message.platform, parent


def store_inbox_comments(session: Session, messages: Sequence[InboundMessage]) -> int:
    """Store the messages that are comments, waiting for a scan; returns how many were new."""
    public = [m for m in messages if as_comment(m) is not None]
    if not public:
        return 0
    authors = {(m.platform, m.external_id): m.author_handle for m in public}
    wanted = sorted({key for m in public if (key := _parent_key(m)) is not None and key not in authors})
    for start in range(0, len(wanted), 500):
        rows = session.execute(select(CampaignComment.platform, CampaignComment.external_id, CampaignComment.author)
                               .where(tuple_(CampaignComment.platform, CampaignComment.external_id)
                                      .in_(wanted[start:start + 500])))
        authors.update({(platform, external_id): author for platform, external_id, author in rows})
    rows = []
    for message in public:
        key = _parent_key(message)
        comment = as_comment(message, authors.get(key) if key else None)
        if comment is not None:  # always: the same message passed the same test above
            rows.append({"platform": comment.platform, "external_id": comment.external_id,
                         "thread_id": comment.thread_id, "author": comment.author, "at": comment.at,
                         "data": comment.to_dict(), "received_at": utcnow(), "scanned_at": None})
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (insert(CampaignComment).on_conflict_do_nothing(index_elements=["platform", "external_id"])
                 .returning(CampaignComment.id))
    stored = 0
    for start in range(0, len(rows), 500):
        stored += len(session.execute(statement, rows[start:start + 500]).all())
    return stored
