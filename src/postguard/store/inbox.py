"""Inbox query functions for the API and the CLI: list, show, reassign, hand over, protection counts.

Keyword-only; the caller owns the transaction. Every state change is audited in it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth.permissions import Actor, Owned
from ..errors import ConflictError, NotFoundError, UsageError
from ..inbound.triage import ABUSE
from . import inbox_events as ev
from .audit import record
from .inbox_models import InboxConversation, InboxMessage, InboxReply, InboxTriage
from .inbox_people import Directory
from .models import User
from .people import require

OPEN_STATES = ("open",)


@dataclass(frozen=True)
class ConversationFilter:
    situation: str | None = None
    language: str | None = None
    owner: str | None = None
    assignee: str | None = None
    status: str | None = "open"
    escalated: bool | None = None


def _policy_version(session: Session) -> int | None:
    from .policies import active_number

    return active_number(session)


def list_conversations(session: Session, *, actor: Actor, flt: ConversationFilter = ConversationFilter(),
                       limit: int = 100, offset: int = 0) -> list[InboxConversation]:
    """Most urgent deadline first; a spokesperson never sees conversations that attack them."""
    require(actor, "inbox.read")
    query = select(InboxConversation)
    if flt.status:
        query = query.where(InboxConversation.status == flt.status)
    for column, value in ((InboxConversation.situation, flt.situation), (InboxConversation.language, flt.language),
                          (InboxConversation.owner_key, flt.owner)):
        if value:
            query = query.where(column == value)
    if flt.escalated is not None:
        query = query.where(InboxConversation.escalated.is_(flt.escalated))
    if flt.assignee:
        if flt.assignee == "-":
            query = query.where(InboxConversation.assignee_id.is_(None))
        else:
            user_id = session.scalar(select(User.id).where(User.username == flt.assignee))
            query = query.where(InboxConversation.assignee_id == (user_id or -1))
    query = query.where((InboxConversation.protected_user_id.is_(None))
                        | (InboxConversation.protected_user_id != actor.user_id))
    query = query.order_by(InboxConversation.deadline.is_(None), InboxConversation.deadline,
                           InboxConversation.id).limit(limit).offset(offset)
    return list(session.scalars(query))


def get_conversation(session: Session, *, actor: Actor, conversation_id: int) -> InboxConversation:
    require(actor, "inbox.read")
    conversation = session.get(InboxConversation, conversation_id)
    if conversation is None:
        raise NotFoundError(f"no conversation {conversation_id}")
    if conversation.protected_user_id == actor.user_id:
        # Taken off the employee it attacks (R14): they do not read it either.
        raise NotFoundError(f"no conversation {conversation_id}")
    return conversation


def messages_of(session: Session, conversation_id: int) -> list[tuple[InboxMessage, InboxTriage | None]]:
    rows = session.execute(select(InboxMessage, InboxTriage).outerjoin(InboxTriage, InboxTriage.message_id == InboxMessage.id)
                           .where(InboxMessage.conversation_id == conversation_id).order_by(InboxMessage.id))
    return [(m, t) for m, t in rows]


def replies_of(session: Session, conversation_id: int) -> list[InboxReply]:
    return list(session.scalars(select(InboxReply).where(InboxReply.conversation_id == conversation_id)
                                .order_by(InboxReply.id)))


def usernames(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.username).where(User.id.in_(wanted))).all())


@dataclass(frozen=True)
class Signals:
    """What the models said about a conversation's messages besides the situation."""

    #: The sentiment of its latest triaged message (negative / neutral / positive).
    sentiment: str | None = None
    #: The highest abuse score of its messages, 0–1.
    abuse: float | None = None


def signals(session: Session, conversation_ids: Iterable[int]) -> dict[int, Signals]:
    """Sentiment and abuse per conversation, for a page of conversations in two queries."""
    wanted = sorted(set(conversation_ids))
    if not wanted:
        return {}
    query = (select(InboxTriage.conversation_id, func.max(InboxTriage.message_id), func.max(InboxTriage.abuse))
             .where(InboxTriage.conversation_id.in_(wanted)).group_by(InboxTriage.conversation_id))
    grouped = session.execute(query).all()
    latest = dict(session.execute(select(InboxTriage.message_id, InboxTriage.sentiment)
                                  .where(InboxTriage.message_id.in_([last for _, last, _ in grouped]))).all()) if grouped else {}
    return {conversation: Signals(latest.get(last), abuse) for conversation, last, abuse in grouped}


def assign(session: Session, *, actor: Actor, conversation_id: int, username: str | None, reason: str) -> InboxConversation:
    """Give a conversation to a person (``None``: back to the owner's team queue)."""
    require(actor, "inbox.assign")
    if not reason.strip():
        raise UsageError("a reassignment needs a reason")
    conversation = session.get(InboxConversation, conversation_id)
    if conversation is None:
        raise NotFoundError(f"no conversation {conversation_id}")
    target = None
    if username is not None:
        target = session.scalar(select(User).where(User.username == username))
        if target is None:
            raise NotFoundError(f"no user {username!r}")
        if not target.is_active:
            raise ConflictError(f"{username} is deactivated")
        if target.id == conversation.protected_user_id:
            raise ConflictError(f"{username} is the employee this conversation attacks; it cannot be theirs (R14)")
        if not _may_answer(target):
            raise ConflictError(f"{username} is a {target.role}: only the social team (spokesperson, "
                                "communications lead, admin) answers customers")
    before = conversation.assignee_id
    conversation.assignee_id = target.id if target else None
    names = usernames(session, {before})
    record(session, ev.ConversationAssigned(conversation_id=conversation.id, from_user=names.get(before),
                                            to_user=username, reason=reason.strip()),
           actor=actor.label, policy_version=_policy_version(session))
    return conversation


def _may_answer(user: User) -> bool:
    from ..auth.permissions import allowed

    return allowed(Actor(user.id, user.username, user.role), "inbox.reply", Owned(0))


def hand_over(session: Session, *, actor: Actor, user: User) -> list[int]:
    """Offboarding (R11): every open conversation of a deactivated person goes to their team's lead.

    The new assignee is the owning responsibility's account, else the communications lead,
    else the team queue; the audit log records which conversations moved where.
    """
    from .policies import active_policy

    owned = list(session.scalars(select(InboxConversation).where(InboxConversation.assignee_id == user.id,
                                                                 InboxConversation.status.in_(OPEN_STATES))))
    if not owned:
        return []
    _number, policy = active_policy(session)
    directory = Directory.load(session)
    moved: dict[str | None, list[int]] = {}
    for conversation in owned:
        excluded = [user.id] + ([conversation.protected_user_id] if conversation.protected_user_id else [])
        person = (directory.for_responsibility(policy, conversation.owner_key, excluded)
                  or directory.communications_lead(policy, excluded))
        conversation.assignee_id = person.id if person else None
        moved.setdefault(person.username if person else None, []).append(conversation.id)
    for to_user, ids in moved.items():
        record(session, ev.ConversationsHandedOver(username=user.username, conversations=ids, to_user=to_user),
               actor=actor.label, policy_version=_policy_version(session))
    return [i for ids in moved.values() for i in ids]


@dataclass(frozen=True)
class ProtectionCount:
    employee: str
    messages: int
    conversations: int
    last_at: datetime | None


def protection_counts(session: Session, *, actor: Actor) -> list[ProtectionCount]:
    """How many abusive messages named each employee (R14): who is under attack."""
    require(actor, "inbox.protection")
    rows = session.execute(
        select(InboxTriage.target_employee, func.count(), func.count(func.distinct(InboxTriage.conversation_id)),
               func.max(InboxMessage.received_at))
        .join(InboxMessage, InboxMessage.id == InboxTriage.message_id)
        .where(InboxTriage.target_employee.is_not(None), InboxTriage.situation.in_(sorted(ABUSE)))
        .group_by(InboxTriage.target_employee).order_by(func.count().desc(), InboxTriage.target_employee))
    return [ProtectionCount(name, messages, conversations, last) for name, messages, conversations, last in rows]


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(InboxMessage).where(InboxMessage.triage_state == "pending")) or 0
