"""Drafts: submit (idempotent), see one's own, the review queue, decisions, review requests, revisions."""
from __future__ import annotations

from dataclasses import asdict
from datetime import timezone
from typing import Annotated, Optional

from fastapi import APIRouter, Header, Query, Response

from ...auth.permissions import Actor
from ...context import CheckContext
from ...engine import check
from ...store import draft_summary, drafts, policies
from ...store.models import Draft
from ...store.people import require
from ..deps import ActorDep, ReadSession, ServiceDep, WriteSession
from ..schemas import Decision, DraftEventPublic, DraftLinePublic, DraftPublic, DraftSubmit, ReviewRequest

router = APIRouter(prefix="/drafts", tags=["drafts"])

Limit = Annotated[int, Query(ge=1, le=500, description="At most this many drafts")]
Offset = Annotated[int, Query(ge=0, description="Skip this many")]

IdempotencyKey = Annotated[Optional[str], Header(alias="Idempotency-Key", max_length=200,
                                                 description="A retry with the same key never creates a second draft")]


def public(draft: Draft, caller: Actor | None = None) -> DraftPublic:
    """The API view; names the caller already knows are used instead of loading user rows."""
    known = {caller.user_id: caller.username} if caller else {}

    def name(user_id: int | None, load) -> str | None:  # noqa: ANN001
        if user_id is None:
            return None
        return known.get(user_id) or load().username

    history = [DraftEventPublic(kind=e.kind, at=e.at, actor=name(e.actor_id, lambda e=e: e.actor),
                                from_status=e.from_status, to_status=e.to_status, comment=e.comment,
                                policy_version=e.policy_version) for e in draft.events]
    return DraftPublic(id=draft.id, author=name(draft.author_id, lambda: draft.author) or "", text=draft.text, account=draft.account,
                       channel=draft.channel, language=draft.language, planned_at=draft.planned_at,
                       status=draft.status, verdict=draft.verdict, policy_version=draft.policy_version,
                       report=draft.report, justification=draft.justification, created_at=draft.created_at,
                       updated_at=draft.updated_at, history=history)


def _submission(body: DraftSubmit) -> drafts.Submission:
    planned = body.planned_at
    if planned is not None:  # stored and shown in UTC; a time without an offset is taken as UTC
        planned = planned.replace(tzinfo=timezone.utc) if planned.tzinfo is None else planned.astimezone(timezone.utc)
    return drafts.Submission(text=body.text, account=body.account, channel=body.channel, language=body.language,
                             planned_at=planned, request_review=body.request_review,
                             justification=body.justification)


def _checked(service, actor: Actor, submission: drafts.Submission) -> drafts.Checked:  # noqa: ANN001
    number, policy = service.active_policy()
    context = CheckContext(account=submission.account, role=actor.role, channel=submission.channel,
                           language=submission.language, at=submission.planned_at, kind="post")
    return drafts.Checked(report=check(submission.text, policy, context), policy=policy, number=number)


@router.post("", response_model=DraftPublic, status_code=201,
             summary="Submit a draft: checked, then approved, queued for review or rejected",
             responses={200: {"description": "A retry with an Idempotency-Key already used: the first draft",
                              "model": DraftPublic}})
def submit(body: DraftSubmit, actor: ActorDep, service: ServiceDep, response: Response,
           idempotency_key: IdempotencyKey = None):
    require(actor, "draft.submit")
    submission = _submission(body)
    if idempotency_key:
        with service.db.engine.connect() as connection:
            used = drafts.key_used(connection, author_id=actor.user_id, key=idempotency_key)
        if used:  # a retry: answer with the first draft without checking again
            with service.db.reader() as session:
                existing = drafts.by_key(session, author_id=actor.user_id, key=idempotency_key)
                if existing is not None:
                    response.status_code = 200
                    return public(drafts.replay(existing, submission))
    checked = _checked(service, actor, submission)
    with service.db.writer() as session:
        draft, created = drafts.submit(session, actor=actor, submission=submission, checked=checked,
                                       idempotency_key=idempotency_key)
        session.commit()
        if not created:
            response.status_code = 200
        return public(draft, actor)


@router.get("", response_model=list[DraftPublic], summary="The caller's own drafts")
def mine(actor: ActorDep, session: ReadSession, status: Optional[str] = None, limit: Limit = 50, offset: Offset = 0):
    return [public(d, actor) for d in drafts.list_drafts(session, actor=actor, status=status, limit=limit,
                                                         offset=offset)]


@router.get("/queue", response_model=list[DraftPublic], summary="Drafts waiting for review (reviewers)")
def queue(actor: ActorDep, session: ReadSession, limit: Limit = 50, offset: Offset = 0):
    return [public(d) for d in drafts.list_drafts(session, actor=actor, queue=True, limit=limit, offset=offset)]


@router.get("/lines", response_model=list[DraftLinePublic],
            summary="The caller's own drafts as list rows (no report or history), newest first")
def my_lines(actor: ActorDep, session: ReadSession, status: Optional[str] = None, limit: Limit = 50, offset: Offset = 0):
    return [asdict(line) for line in draft_summary.list_lines(session, actor=actor, status=status, limit=limit,
                                                              offset=offset)]


@router.get("/queue/lines", response_model=list[DraftLinePublic],
            summary="Drafts waiting for review as list rows (no report or history), oldest first (reviewers)")
def queue_lines(actor: ActorDep, session: ReadSession, limit: Limit = 50, offset: Offset = 0):
    return [asdict(line) for line in draft_summary.list_lines(session, actor=actor, queue=True, limit=limit,
                                                              offset=offset)]


@router.get("/{draft_id}", response_model=DraftPublic, summary="A draft with its outcome and history")
def show(draft_id: int, actor: ActorDep, session: ReadSession):
    return public(drafts.get(session, actor=actor, draft_id=draft_id))


@router.post("/{draft_id}/decision", response_model=DraftPublic,
             summary="Approve, reject or request changes; allow_once approves a blocked draft with a reason")
def decide(draft_id: int, body: Decision, actor: ActorDep, session: WriteSession):
    number, _policy = policies.active_policy(session)
    draft = drafts.decide(session, actor=actor, draft_id=draft_id, decision=body.decision, comment=body.comment,
                          number=number, allow_once_reason=body.reason if body.allow_once else None)
    session.commit()
    return public(draft)


@router.post("/{draft_id}/review-request", response_model=DraftPublic,
             summary="The author asks for review of a draft the policy rejected, with a justification")
def request_review(draft_id: int, body: ReviewRequest, actor: ActorDep, session: WriteSession):
    number, _policy = policies.active_policy(session)
    draft = drafts.request_review(session, actor=actor, draft_id=draft_id, justification=body.justification,
                                  number=number)
    session.commit()
    return public(draft)


@router.put("/{draft_id}", response_model=DraftPublic, summary="Revise a draft sent back or rejected; checked again")
def revise(draft_id: int, body: DraftSubmit, actor: ActorDep, service: ServiceDep):
    submission = _submission(body)
    with service.db.reader() as session:
        drafts.get(session, actor=actor, draft_id=draft_id)  # 404/403 before spending a check
    checked = _checked(service, actor, submission)
    with service.db.writer() as session:
        draft = drafts.revise(session, actor=actor, draft_id=draft_id, submission=submission, checked=checked)
        session.commit()
        return public(draft)
