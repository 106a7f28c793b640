"""Stored posts and comments, their edits, and moderation (R16).

Nothing is physically deleted: "delete" and "hide" change ``status``; the text lives in
numbered revisions, so the original and every edit can be shown as they were. Who may
hide, delete and restore comes from the active policy's ``moderation`` section; every
action needs a reason, is recorded, and the author is told.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.permissions import Actor, ModerationTarget, Owned
from ..context import CHANNELS
from ..errors import ConflictError, ForbiddenError, NotFoundError, UsageError
from ..policy.schema import Policy
from . import audit_events as ev
from .audit import record
from .models import Draft, ModerationAction, Notification, Post, PostRevision
from .people import require

#: moderation -> (statuses it applies to, resulting status)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "hide": (("visible",), "hidden"),
    "delete": (("visible", "hidden"), "deleted"),
    "restore": (("hidden", "deleted"), "visible"),
}


def create(session: Session, *, actor: Actor, text: str, kind: str, account: str, channel: str,
           parent_id: int | None, number: int | None, draft_id: int | None = None) -> Post:
    require(actor, "post.create")
    if kind not in ("post", "comment"):
        raise UsageError("kind must be 'post' or 'comment'")
    if channel not in CHANNELS:
        raise UsageError(f"unknown channel {channel!r}; known: {', '.join(CHANNELS)}")
    if kind == "comment":
        if parent_id is None:
            raise UsageError("a comment needs parent_id, the post it answers")
        if session.get(Post, parent_id) is None:
            raise NotFoundError(f"no post {parent_id} to comment on")
    elif parent_id is not None:
        raise UsageError("only a comment has a parent_id")
    if draft_id is not None:
        draft = session.get(Draft, draft_id)
        if draft is None:
            raise NotFoundError(f"no draft {draft_id}")
        if draft.author_id != actor.user_id:
            raise ForbiddenError("only the author of a draft publishes it")
        if draft.status != "approved":
            raise ConflictError(f"draft {draft_id} is {draft.status}; only an approved draft is published")
    post = Post(author_id=actor.user_id, kind=kind, parent_id=parent_id, account=account, channel=channel,
                draft_id=draft_id, status="visible")
    session.add(post)
    session.flush()
    session.add(PostRevision(post_id=post.id, number=1, text=text, edited_by_id=actor.user_id))
    record(session, ev.PostCreated(post_id=post.id, kind=kind), actor=actor.label, policy_version=number)
    session.flush()
    session.refresh(post)
    return post


def get(session: Session, *, actor: Actor, post_id: int) -> Post:
    post = session.get(Post, post_id)
    if post is None:
        raise NotFoundError(f"no post {post_id}")
    require(actor, "post.read", Owned(post.author_id))
    return post


def _locked(session: Session, post_id: int) -> Post:
    post = session.scalar(select(Post).where(Post.id == post_id).with_for_update(of=Post))
    if post is None:
        raise NotFoundError(f"no post {post_id}")
    return post


def edit(session: Session, *, actor: Actor, post_id: int, text: str, number: int | None) -> Post:
    post = _locked(session, post_id)
    require(actor, "post.edit", Owned(post.author_id))
    if post.status == "deleted":
        raise ConflictError(f"post {post_id} is deleted and cannot be edited")
    revision = (post.revisions[-1].number if post.revisions else 0) + 1
    session.add(PostRevision(post_id=post.id, number=revision, text=text, edited_by_id=actor.user_id))
    record(session, ev.PostEdited(post_id=post.id, revision=revision), actor=actor.label, policy_version=number)
    session.flush()
    session.refresh(post)
    return post


def moderate(session: Session, *, actor: Actor, post_id: int, action: str, reason: str,
             policy: Policy, number: int) -> Post:
    if action not in TRANSITIONS:
        raise UsageError(f"action must be one of {', '.join(TRANSITIONS)}")
    if not reason.strip():
        raise UsageError("moderation needs a reason")
    post = _locked(session, post_id)
    roles = frozenset(getattr(policy.moderation, action))
    require(actor, f"post.{action}", ModerationTarget(owner_id=post.author_id, roles=roles))
    sources, target = TRANSITIONS[action]
    if post.status not in sources:
        raise ConflictError(f"post {post_id} is {post.status}; it cannot be {action}d")
    before, post.status = post.status, target
    session.add(ModerationAction(post_id=post.id, actor_id=actor.user_id, action=action, reason=reason,
                                 from_status=before, to_status=target, policy_version=number))
    record(session, ev.PostModerated(post_id=post.id, moderation=action, reason=reason, from_status=before,
                                     to_status=target), actor=actor.label, policy_version=number)
    if policy.moderation.notify_author and post.author_id != actor.user_id:
        session.add(Notification(user_id=post.author_id, kind=f"post.{action}", resource=f"post:{post.id}",
                                 payload={"action": action, "reason": reason, "by": actor.username,
                                          "status": target}))
    session.flush()
    session.refresh(post)
    return post


def notifications(session: Session, *, actor: Actor, unread_only: bool = False) -> list[Notification]:
    require(actor, "notification.read")
    query = select(Notification).where(Notification.user_id == actor.user_id).order_by(Notification.id.desc())
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(session.scalars(query.limit(200)))
