"""The spokesperson's inbox: conversations, the checked suggested reply, edit, send, reassign,
private-profile forwarding (R11), the per-employee abuse counts (R14), and messages triage could
not handle (with the reason) sent back to triage."""
from __future__ import annotations

from typing import Annotated, Optional

import anyio
from fastapi import APIRouter, Query, Request

from ...errors import ConflictError
from ...inbound.failures import shown_failure
from ...inbound.notes import stored_triage_in
from ...inbound.sla import BusinessHours, sla_status
from ...inbox.forward import forward as forward_message
from ...inbox.forward import forwarded_message
from ...policy.names import responsibility_name
from ...policy.schema import Policy
from ...store import inbox, inbox_failed, inbox_replies
from ...store.base import utcnow
from ...store.inbox_models import InboxConversation, InboxMessage, InboxReply
from ...store.policies import active_policy
from ...store.people import require
from ..deps import ActorDep, ReadSession, ServiceDep, WriteSession
from ..inbox_schemas import (ConversationDetail, ConversationSummary, ForwardRequest, ForwardResult, MessagePublic,
                             ProtectionPublic, Reassign, ReplyEdit, ReplyPublic, ReplySend, ReplySentPublic,
                             RetriedPublic, RetryFailed)
from ..translate import preferred_language

router = APIRouter(prefix="/inbox", tags=["inbox"])

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


def reply_public(reply: InboxReply) -> ReplyPublic:
    return ReplyPublic(id=reply.id, kind=reply.kind, status=reply.status, text=reply.text, language=reply.language,
                       verdict=reply.verdict, may_send=reply.verdict in ("pass", "warn"), report=reply.report,
                       created_at=reply.created_at, sent_at=reply.sent_at)


def message_public(m: InboxMessage, language: str, triage: dict | None = None) -> MessagePublic:
    """One message as the API shows it: its stored triage, or why triage failed, said in ``language``."""
    return MessagePublic(id=m.id, platform=m.platform, external_id=m.external_id, thread_id=m.thread_id,
                         parent_id=m.parent_id, author_handle=m.author_handle, author_name=m.author_name,
                         author_account_age_days=m.author_account_age_days, text=m.text, received_at=m.received_at,
                         arrived_at=m.arrival_account if m.arrival_account == "official"
                         else f"personal:{m.arrival_employee}", source=m.source, triage_state=m.triage_state,
                         triage_error=shown_failure(m.triage_error, m.triage_failure, language),
                         structured_triage_error=m.triage_failure, triage=triage)


def _reader_language(request: Request) -> str | None:
    """The caller's first-class language (``Accept-Language``), for triage notes and failures; None: the
    policy's default."""
    return preferred_language(request.headers.get("accept-language"))


def _sla(conversation: InboxConversation, hours: BusinessHours) -> str:
    if conversation.deadline is None or conversation.status != "open":
        return "none"
    return sla_status(hours, conversation.received_at, conversation.deadline, utcnow()).value


def owner_fields(policy: Policy, key: str | None, language: str) -> dict:
    """The owner's key, and as people read it: the responsibility's title in ``language`` and who holds it."""
    if key is None:
        return dict(owner=None)
    name = responsibility_name(policy, key, language)
    return dict(owner=key, owner_title=name.title, owner_title_language=name.title_language, owner_name=name.person)


def summary(conversation: InboxConversation, names: dict[int, str], hours: BusinessHours, policy: Policy,
            language: str, signals: inbox.Signals | None = None) -> dict:
    """One conversation as the API lists it, its owner named in ``language``."""
    signals = signals or inbox.Signals()
    return dict(sentiment=signals.sentiment, abuse=signals.abuse, id=conversation.id,
                case_number=conversation.case_number, platform=conversation.platform, status=conversation.status,
                customer=conversation.customer_name or conversation.customer_handle,
                situation=conversation.situation, language=conversation.language, urgency=conversation.urgency,
                **owner_fields(policy, conversation.owner_key, language),
                assignee=names.get(conversation.assignee_id), escalated=conversation.escalated,
                arrived_via=conversation.arrived_via, received_at=conversation.received_at,
                deadline=conversation.deadline, sla=_sla(conversation, hours))


@router.get("/conversations", response_model=list[ConversationSummary],
            summary="Conversations, most pressing deadline first (filters: situation, language, owner, assignee, status)")
def list_conversations(actor: ActorDep, session: ReadSession, request: Request, situation: Optional[str] = None,
                       language: Optional[str] = None, owner: Optional[str] = None,
                       assignee: Annotated[Optional[str], Query(description="a user name, or - for unassigned")] = None,
                       status: Optional[str] = "open", escalated: Optional[bool] = None,
                       limit: Limit = 100, offset: Offset = 0):
    flt = inbox.ConversationFilter(situation=situation, language=language, owner=owner, assignee=assignee,
                                   status=status or None, escalated=escalated)
    rows = inbox.list_conversations(session, actor=actor, flt=flt, limit=limit, offset=offset)
    policy = active_policy(session)[1]
    hours = BusinessHours(policy.availability)
    reader = _reader_language(request) or policy.languages.default
    names = inbox.usernames(session, {c.assignee_id for c in rows})
    found = inbox.signals(session, [c.id for c in rows])
    return [ConversationSummary(**summary(c, names, hours, policy, reader, found.get(c.id))) for c in rows]


def _detail(session, actor, conversation_id: int, language: str | None) -> ConversationDetail:  # noqa: ANN001
    conversation = inbox.get_conversation(session, actor=actor, conversation_id=conversation_id)
    number, policy = active_policy(session)
    language = language or policy.languages.default
    waiting = inbox_replies.current_reply(session, conversation)
    if waiting is not None:
        inbox_replies.ensure_checked(session, waiting, policy, number)
    messages = [message_public(m, language, stored_triage_in(t.result, language, policy) if t else None)
                for m, t in inbox.messages_of(session, conversation.id)]
    names = inbox.usernames(session, {conversation.assignee_id})
    base = summary(conversation, names, BusinessHours(policy.availability), policy, language,
                   inbox.signals(session, [conversation.id]).get(conversation.id))
    return ConversationDetail(**base, protected_employee=conversation.protected_employee, messages=messages,
                              suggested_reply=reply_public(waiting) if waiting else None,
                              replies=[reply_public(r) for r in inbox.replies_of(session, conversation.id)])


@router.get("/conversations/{conversation_id}", response_model=ConversationDetail,
            summary="One conversation: messages with triage, and the suggested reply checked by the post checker")
def show(conversation_id: int, actor: ActorDep, session: WriteSession, request: Request):
    detail = _detail(session, actor, conversation_id, _reader_language(request))
    session.commit()  # the suggestion's check result is kept
    return detail


@router.put("/conversations/{conversation_id}/reply", response_model=ReplyPublic,
            summary="Edit the reply; the new text is checked at once")
def edit_reply(conversation_id: int, body: ReplyEdit, actor: ActorDep, session: WriteSession):
    conversation = inbox.get_conversation(session, actor=actor, conversation_id=conversation_id)
    number, policy = active_policy(session)
    reply = inbox_replies.edit(session, actor=actor, conversation=conversation, text=body.text, policy=policy,
                               number=number)
    session.commit()
    return reply_public(reply)


@router.post("/conversations/{conversation_id}/send", response_model=ReplySentPublic,
             summary="Send the reply (or the given text) to the outbox; refused (409) if the checker blocks it")
def send_reply(conversation_id: int, body: ReplySend, actor: ActorDep, service: ServiceDep, request: Request):
    runtime = request.app.state.inbox
    with service.db.writer() as session:
        conversation = inbox.get_conversation(session, actor=actor, conversation_id=conversation_id)
        number, policy = active_policy(session)
        try:
            reply, item = inbox_replies.send(session, actor=actor, conversation=conversation, policy=policy,
                                             number=number, notifier=runtime.notifier, text=body.text)
        except ConflictError:
            session.commit()  # a refusal is audited and the checked edit kept, even though nothing is sent
            raise
        session.commit()
        result = ReplySentPublic(reply=reply_public(reply), outbox_id=item.id)
    with service.db.writer() as session:
        inbox_replies.export_outbox(session, service.settings.outbox_dir)
        session.commit()
    if runtime.dispatcher is not None:
        runtime.dispatcher.wake()
    return result


@router.post("/conversations/{conversation_id}/assign", response_model=ConversationSummary,
             summary="Reassign a conversation (never to the employee it attacks)")
def reassign(conversation_id: int, body: Reassign, actor: ActorDep, session: WriteSession, request: Request):
    conversation = inbox.assign(session, actor=actor, conversation_id=conversation_id, username=body.username,
                                reason=body.reason)
    session.commit()
    policy = active_policy(session)[1]
    reader = _reader_language(request) or policy.languages.default
    return ConversationSummary(**summary(conversation, inbox.usernames(session, {conversation.assignee_id}),
                                         BusinessHours(policy.availability), policy, reader,
                                         inbox.signals(session, [conversation.id]).get(conversation.id)))


@router.get("/messages/failed", response_model=list[MessagePublic],
            summary="Messages triage could not handle, oldest first, each with the reason (triage_error)")
def failed_messages(actor: ActorDep, session: ReadSession, request: Request, limit: Limit = 100, offset: Offset = 0):
    failed = inbox_failed.failed_messages(session, actor=actor, limit=limit, offset=offset)
    if not failed:
        return []
    language = _reader_language(request) or active_policy(session)[1].languages.default
    return [message_public(m, language) for m in failed]


@router.post("/messages/retry-failed", response_model=RetriedPublic,
             summary="Send failed messages (the given ids, else all) back to triage; their reasons are cleared")
def retry_failed(body: RetryFailed, actor: ActorDep, session: WriteSession, request: Request):
    retried = inbox_failed.retry_failed(session, actor=actor, ids=body.ids)
    session.commit()
    runtime = request.app.state.inbox
    if retried and runtime.background:
        runtime.worker.wake()
    return RetriedPublic(retried=retried)


@router.get("/protection", response_model=list[ProtectionPublic],
            summary="Abusive messages naming each employee (R14): who is under attack")
def protection(actor: ActorDep, session: ReadSession):
    return [ProtectionPublic(**c.__dict__) for c in inbox.protection_counts(session, actor=actor)]


@router.post("/forward", response_model=ForwardResult, status_code=201,
             summary="Forward a customer message from one's personal profile: opens a company conversation, "
                     "returns the policy's redirect reply")
async def forward(body: ForwardRequest, actor: ActorDep, service: ServiceDep, request: Request):
    require(actor, "inbox.forward")
    received = body.received_at
    message = forwarded_message(actor, platform=body.platform, author_handle=body.author_handle, text=body.text,
                                external_id=body.external_id, thread_id=body.thread_id, author_name=body.author_name,
                                received_at=received, language=body.language)
    runtime = request.app.state.inbox

    def run():
        done = forward_message(service.db, runtime.acceptor, runtime.worker, actor=actor, message=message,
                               language=_reader_language(request))
        with service.db.reader() as session:
            names = inbox.usernames(session, {done.conversation.assignee_id})
            owner = owner_fields(active_policy(session)[1], done.conversation.owner_key, done.language)
        return ForwardResult(conversation_id=done.conversation.id, case_number=done.conversation.case_number,
                             **owner, assignee=names.get(done.conversation.assignee_id),
                             redirect_reply=reply_public(done.redirect) if done.redirect else None, notes=done.notes)

    result = await anyio.to_thread.run_sync(run)
    if runtime.dispatcher is not None:
        runtime.dispatcher.wake()
    return result
