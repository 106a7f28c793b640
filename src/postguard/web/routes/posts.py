"""Stored posts and comments, edits, moderation (R16), notifications."""
from __future__ import annotations

from fastapi import APIRouter

from ...auth.permissions import LEADS, Actor
from ...store import policies, posts
from ...store.models import Post
from ..deps import ActorDep, ReadSession, WriteSession
from ..schemas import ModerationRequest, NotificationPublic, PostCreate, PostEdit, PostPublic

router = APIRouter(tags=["posts"])


def public(post: Post, actor: Actor, moderators: frozenset[str]) -> PostPublic:
    """Hidden and deleted text is shown only to its author and to people who moderate."""
    sees_all = post.status == "visible" or post.author_id == actor.user_id or actor.role in moderators
    return PostPublic(id=post.id, author_id=post.author_id, kind=post.kind, parent_id=post.parent_id,
                      account=post.account, channel=post.channel, status=post.status,
                      text=post.revisions[-1].text if sees_all and post.revisions else None,
                      created_at=post.created_at,
                      revisions=[r for r in post.revisions] if sees_all else [],
                      moderation=list(post.moderation))


def _moderators(session) -> frozenset[str]:  # noqa: ANN001
    _number, policy = policies.active_policy(session)
    m = policy.moderation
    return frozenset(m.hide) | frozenset(m.delete) | frozenset(m.restore) | LEADS


@router.post("/posts", response_model=PostPublic, status_code=201, summary="Store a published post or comment")
def create(body: PostCreate, actor: ActorDep, session: WriteSession):
    number = policies.active_number(session)
    post = posts.create(session, actor=actor, text=body.text, kind=body.kind, account=body.account,
                        channel=body.channel, parent_id=body.parent_id, draft_id=body.draft_id, number=number)
    session.commit()
    return public(post, actor, _moderators(session))


@router.get("/posts/{post_id}", response_model=PostPublic, summary="A post with every revision and moderation step")
def show(post_id: int, actor: ActorDep, session: ReadSession):
    return public(posts.get(session, actor=actor, post_id=post_id), actor, _moderators(session))


@router.patch("/posts/{post_id}", response_model=PostPublic, summary="Edit one's own post; the old text is kept")
def edit(post_id: int, body: PostEdit, actor: ActorDep, session: WriteSession):
    post = posts.edit(session, actor=actor, post_id=post_id, text=body.text, number=policies.active_number(session))
    session.commit()
    return public(post, actor, _moderators(session))


@router.post("/posts/{post_id}/moderation", response_model=PostPublic,
             summary="Hide, delete or restore a post (roles from the policy; a reason is required)")
def moderate(post_id: int, body: ModerationRequest, actor: ActorDep, session: WriteSession):
    number, policy = policies.active_policy(session)
    post = posts.moderate(session, actor=actor, post_id=post_id, action=body.action, reason=body.reason,
                          policy=policy, number=number)
    session.commit()
    return public(post, actor, _moderators(session))


@router.get("/notifications", response_model=list[NotificationPublic], summary="The caller's notifications")
def notifications(actor: ActorDep, session: ReadSession, unread: bool = False):
    return posts.notifications(session, actor=actor, unread_only=unread)
