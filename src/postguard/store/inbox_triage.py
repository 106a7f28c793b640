"""Storing what triage decided: open or update the conversation, route it, escalate, acknowledge.

Called by the worker for a whole batch, inside one transaction (:func:`apply_batch`: the
batch's conversations and waiting suggestions read in one query each, the new conversations
inserted in one flush, the audit events appended together; nothing queried per message).
Routing:
the owner is the responsibility triage chose (policy responsibility matrix); the assignee is
that responsibility's account (``inbox_people``), never the employee a harassment or threat
names (R14) — such a conversation goes to the communications lead and counts against
nobody but the attacker. Escalations and SLA alerts go out through the notification queue.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..inbound.assignment_reasons import AssignmentReason
from ..inbound.replies import SuggestedReply
from ..inbound.triage import ABUSE, TriageResult
from ..inbound.webhooks import escalation_events
from ..notify import Notifier
from ..policy.schema import Policy
from . import inbox_events as ev
from .audit import record_many
from .audit_events import Event
from .base import utcnow
from .inbox_models import InboxConversation, InboxMessage, InboxOutbox, InboxReply, InboxTriage
from .inbox_people import Directory

URGENCY_RANK = {"low": 0, "normal": 1, "high": 2, "critical": 3}
#: The states of a reply still waiting to be sent.
WAITING = ("suggested", "edited")
#: One automatic acknowledgement per conversation within this long.
ACK_QUIET = timedelta(hours=12)


@dataclass
class TriageContext:
    policy: Policy
    policy_version: int | None
    directory: Directory
    notifier: Notifier = field(default_factory=Notifier)
    actor: str = "system:inbox"
    #: Filled by ``apply_batch`` for the batch it stores: the audit events, appended together at
    #: its end, and the waiting suggestion per (conversation id, kind), looked up instead of queried.
    audit: list[Event] = field(default_factory=list)
    suggestions: dict[tuple[int, str], InboxReply] = field(default_factory=dict)


def thread_key(message: InboxMessage) -> str:
    """One conversation per customer per thread (a post's comments come from many customers)."""
    thread = message.thread_id or f"msg:{message.parent_id or message.external_id}"
    return f"{thread}|{message.author_handle.casefold()}"


def _reply_row(conversation: InboxConversation, message: InboxMessage | None, reply: SuggestedReply,
               status: str, version: int | None) -> InboxReply:
    return InboxReply(conversation_id=conversation.id, message_id=message.id if message else None, kind=reply.kind,
                      status=status, text=reply.text, language=reply.language,
                      verdict=reply.report.verdict.value if reply.report else None,
                      report=reply.report.to_dict() if reply.report else None, policy_version=version,
                      sent_at=utcnow() if status == "sent" else None)


def outbox_payload(conversation: InboxConversation, message: InboxMessage | None, reply: InboxReply) -> dict:
    return {"reply_id": reply.id, "kind": reply.kind, "case_number": conversation.case_number,
            "platform": conversation.platform, "in_reply_to": message.external_id if message else None,
            "thread_id": message.thread_id if message else None, "to": conversation.customer_handle,
            "language": reply.language, "text": reply.text}


def put_in_outbox(session: Session, conversation: InboxConversation, message: InboxMessage | None,
                  reply: InboxReply) -> InboxOutbox:
    item = InboxOutbox(reply_id=reply.id, conversation_id=conversation.id, platform=conversation.platform,
                       payload=outbox_payload(conversation, message, reply))
    session.add(item)
    session.flush()
    return item


def _new_conversation(message: InboxMessage, result: TriageResult, ctx: TriageContext) -> InboxConversation:
    return InboxConversation(
        platform=message.platform, thread_key=thread_key(message), case_number=result.case_number, status="open",
        customer_handle=message.author_handle, customer_name=message.author_name, situation=result.situation,
        language=result.language, urgency=result.urgency,
        owner_key=result.owner.responsibility if result.owner else None, escalated=False,
        arrived_via=message.arrival_account, via_employee=message.arrival_employee,
        received_at=message.received_at, deadline=result.deadline, policy_version=ctx.policy_version)


def _update(conversation: InboxConversation, result: TriageResult) -> None:
    """A later message: the more urgent situation wins; an answered conversation reopens."""
    if URGENCY_RANK[result.urgency] >= URGENCY_RANK.get(conversation.urgency, 0):
        conversation.situation, conversation.urgency = result.situation, result.urgency
        if result.owner is not None:
            conversation.owner_key = result.owner.responsibility
    conversation.language = result.language or conversation.language
    if conversation.status != "open":
        conversation.status, conversation.deadline, conversation.sla_alerted = "open", result.deadline, None
    elif result.deadline and (conversation.deadline is None or result.deadline < conversation.deadline):
        conversation.deadline = result.deadline


def _route(session: Session, conversation: InboxConversation, result: TriageResult, ctx: TriageContext,
           created: bool) -> None:
    policy, people = ctx.policy, ctx.directory
    protected = None
    if result.target is not None and result.situation in ABUSE and result.target.employee.id:
        protected = people.by_id(int(result.target.employee.id))
    if protected is not None:
        conversation.protected_employee = protected.name or protected.username
        conversation.protected_user_id = protected.id
    excluded = [conversation.protected_user_id] if conversation.protected_user_id else []
    before = conversation.assignee_id
    if created or (before is not None and before in excluded):
        if protected is not None:
            person = people.communications_lead(policy, excluded)
        else:
            person = people.for_responsibility(policy, conversation.owner_key, excluded)
        conversation.assignee_id = person.id if person else None
    if protected is not None:
        lead = people.by_id(conversation.assignee_id)
        ctx.audit.append(ev.EmployeeProtected(conversation_id=conversation.id, employee=protected.username,
                                              situation=result.situation,
                                              escalated_to=lead.username if lead else None))
    if conversation.assignee_id != before and not created:
        old, new = people.by_id(before), people.by_id(conversation.assignee_id)
        why = AssignmentReason("taken_off_attacked_employee", {"employee": conversation.protected_employee})
        ctx.audit.append(ev.ConversationAssigned(conversation_id=conversation.id,
                                                 from_user=old.username if old else None,
                                                 to_user=new.username if new else None,
                                                 structured_reason=why.to_dict()))


def _escalate(session: Session, conversation: InboxConversation, message: InboxMessage, result: TriageResult,
              ctx: TriageContext) -> None:
    if not result.escalations or conversation.escalated:
        return
    conversation.escalated = True
    for escalation in result.escalations:
        ctx.audit.append(ev.ConversationEscalated(
            conversation_id=conversation.id, to=escalation.to.responsibility,
            structured_reasons=[reason.to_dict() for reason in escalation.reasons]))
    events = [(name, {**payload, "conversation_id": conversation.id})
              for name, payload in escalation_events(result, message.text)]
    ctx.notifier.publish_all(session, events)


def _replies(session: Session, conversation: InboxConversation, message: InboxMessage, result: TriageResult,
             ctx: TriageContext) -> None:
    version = ctx.policy_version
    if result.acknowledgement is not None:
        recent = session.scalar(select(InboxReply.id).where(
            InboxReply.conversation_id == conversation.id, InboxReply.kind == "acknowledgement",
            InboxReply.created_at >= utcnow() - ACK_QUIET).limit(1))
        if recent is None and result.acknowledgement.may_send:
            ack = _reply_row(conversation, message, result.acknowledgement, "sent", version)
            session.add(ack)
            session.flush()
            put_in_outbox(session, conversation, message, ack)
            ctx.audit.append(ev.AcknowledgementSent(conversation_id=conversation.id, reply_id=ack.id,
                                                    language=ack.language))
    for suggestion in (result.reply, result.redirect):
        if suggestion is None:
            continue
        existing = ctx.suggestions.get((conversation.id, suggestion.kind))
        if existing is not None and existing.status == "edited":
            continue  # a person's edit is never overwritten by a machine suggestion
        if existing is None:
            added = _reply_row(conversation, message, suggestion, "suggested", version)
            session.add(added)
            ctx.suggestions[(conversation.id, suggestion.kind)] = added
        else:
            fresh = _reply_row(conversation, message, suggestion, "suggested", version)
            existing.message_id, existing.text, existing.language = message.id, fresh.text, fresh.language
            existing.verdict, existing.report, existing.policy_version = fresh.verdict, fresh.report, version


def _store(session: Session, message: InboxMessage, conversation: InboxConversation, created: bool,
           result: TriageResult, ctx: TriageContext, extra: dict | None) -> None:
    if not created:
        _update(conversation, result)
    _route(session, conversation, result, ctx, created)
    extra = extra or {}
    target = result.target.employee.name if result.target is not None and result.situation in ABUSE else None
    session.add(InboxTriage(
        message_id=message.id, conversation_id=conversation.id, language=result.language,
        situation=result.situation, urgency=result.urgency, sentiment=extra.get("sentiment"),
        abuse=extra.get("abuse"), owner_key=result.owner.responsibility if result.owner else None,
        target_employee=target, deadline=result.deadline, open_at_arrival=result.open_at_arrival,
        result={**result.to_dict(), **({"models": extra} if extra else {})}, policy_version=ctx.policy_version))
    message.conversation_id = conversation.id
    message.triage_state, message.triage_error, message.triage_failure = "done", None, None
    _escalate(session, conversation, message, result, ctx)
    _replies(session, conversation, message, result, ctx)


def apply_batch(session: Session, items: Sequence[tuple[InboxMessage, TriageResult, dict | None]],
                ctx: TriageContext) -> None:
    """Store a batch's results in message order (one message is a batch of one), with a few
    statements for the whole batch instead of several per message."""
    if not items:
        return
    with session.no_autoflush:
        conversations = _conversations_of(session, [m for m, _, _ in items])
        created: dict[int, InboxConversation] = {}  # message id -> the conversation it opens
        for message, result, _extra in items:
            key = (message.platform, thread_key(message))
            if key not in conversations:
                conversations[key] = created[message.id] = _new_conversation(message, result, ctx)
                session.add(conversations[key])
        session.flush()  # the new conversations' ids, in one INSERT
        new_ids = {c.id for c in created.values()}
        ctx.suggestions = _waiting_suggestions(session, [c.id for c in conversations.values() if c.id not in new_ids])
        ctx.audit = []
        try:
            for message, result, extra in items:
                conversation = conversations[(message.platform, thread_key(message))]
                _store(session, message, conversation, created.get(message.id) is conversation, result, ctx, extra)
            record_many(session, ctx.audit, actor=ctx.actor, policy_version=ctx.policy_version)
        finally:
            ctx.audit, ctx.suggestions = [], {}


def _conversations_of(session: Session, messages: Sequence[InboxMessage]) -> dict[tuple[str, str], InboxConversation]:
    keys: dict[str, set[str]] = {}
    for message in messages:
        keys.setdefault(message.platform, set()).add(thread_key(message))
    found = {}
    for platform, thread_keys in keys.items():
        query = select(InboxConversation).where(InboxConversation.platform == platform,
                                                InboxConversation.thread_key.in_(sorted(thread_keys)))
        found.update({(platform, c.thread_key): c for c in session.scalars(query)})
    return found


def _waiting_suggestions(session: Session, conversation_ids: list[int]) -> dict[tuple[int, str], InboxReply]:
    """The newest waiting reply per (conversation, kind): what ``_replies`` would query one by one."""
    if not conversation_ids:
        return {}
    query = select(InboxReply).where(InboxReply.conversation_id.in_(conversation_ids),
                                     InboxReply.status.in_(WAITING)).order_by(InboxReply.id)
    return {(r.conversation_id, r.kind): r for r in session.scalars(query)}


def due_for_alert(conversation: InboxConversation, status: str) -> bool:
    order = {None: 0, "at_risk": 1, "missed": 2}
    return order[status] > order.get(conversation.sla_alerted, 0)


def open_with_deadline(session: Session, before: datetime, limit: int = 500) -> list[InboxConversation]:
    return list(session.scalars(select(InboxConversation).where(
        InboxConversation.status == "open", InboxConversation.deadline.is_not(None),
        InboxConversation.deadline <= before).order_by(InboxConversation.deadline).limit(limit)))
