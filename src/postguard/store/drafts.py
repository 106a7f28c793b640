"""Drafts and their review: submit, route by the check's outcome, decide, revise, history.

Routing (``route``) is a pure function of the report, the policy and the author: a clean
draft is approved where the policy's ``review`` section allows it, a draft with findings
queues for review, a blocking one is rejected unless its author asks for review with a
justification. The check itself runs before the write transaction (it may take a while;
the SQLite write lock should not wait on it) and its policy version is stored with the draft.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..auth.permissions import Actor, Owned
from ..engine import blocks
from ..errors import ConflictError, NotFoundError, UsageError
from ..findings import Report, Severity
from ..policy.schema import Policy
from . import audit_events as ev, draft_summary
from .audit import canonical_json, record
from .models import Draft, DraftEvent, Notification
from .people import require

DECISIONS = ("approve", "reject", "request_changes")


@dataclass(frozen=True)
class Submission:
    text: str
    account: str
    channel: str
    language: str | None = None
    planned_at: datetime | None = None
    request_review: bool = False
    justification: str | None = None

    def fingerprint(self) -> str:
        body = {**self.__dict__, "planned_at": self.planned_at.isoformat() if self.planned_at else None}
        return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Checked:
    """A check's outcome under one policy version."""

    report: Report
    policy: Policy
    number: int


def route(checked: Checked, *, account: str, role: str, request_review: bool, justification: str | None) -> tuple[str, str]:
    """(status, event kind) for a freshly checked draft."""
    if blocks(checked.report, checked.policy):
        if request_review:
            if not (justification or "").strip():
                raise UsageError("asking for review of a blocked draft needs a justification")
            return "pending_review", "review_requested"
        return "rejected", "rejected_by_policy"
    if checked.report.findings or checked.report.unread_language or request_review:
        # A draft in a language the checks cannot read was not really checked: a person reads it.
        return "pending_review", "queued"
    review = checked.policy.review
    official_ok = account != "official" or role in review.official_auto_approve_roles
    if account in review.auto_approve and official_ok:
        return "approved", "auto_approved"
    return "pending_review", "queued"


def _codes(report: dict[str, Any]) -> list[str]:
    return sorted({f["code"] for f in report.get("findings", [])})


def by_key(session: Session, *, author_id: int, key: str) -> Draft | None:
    return session.scalar(select(Draft).where(Draft.author_id == author_id, Draft.idempotency_key == key))


#: Built once: every submission with an Idempotency-Key asks this first.
_KEY_USED = select(Draft.id).where(Draft.author_id == bindparam("author_id"), Draft.idempotency_key == bindparam("key"))


def key_used(connection: Connection, *, author_id: int, key: str) -> bool:
    """Whether this author already used this key (a column-only read: most keys are new)."""
    return connection.execute(_KEY_USED, {"author_id": author_id, "key": key}).first() is not None


def replay(existing: Draft, submission: Submission) -> Draft:
    if existing.request_hash != submission.fingerprint():
        raise ConflictError("this Idempotency-Key was already used for a different draft")
    return existing


def submit(session: Session, *, actor: Actor, submission: Submission, checked: Checked,
           idempotency_key: str | None = None) -> tuple[Draft, bool]:
    """Store a checked draft; returns (draft, created). A replayed key returns the first draft.

    Callers may look the key up first (``by_key``) to skip the check on a retry; the unique
    constraint on (author, key) is what makes a duplicate impossible."""
    require(actor, "draft.submit")
    status, kind = route(checked, account=submission.account, role=actor.role,
                         request_review=submission.request_review, justification=submission.justification)
    report = checked.report.to_dict()
    draft = Draft(author_id=actor.user_id, text=submission.text, account=submission.account, channel=submission.channel,
                  language=checked.report.language, planned_at=submission.planned_at, status=status,
                  verdict=checked.report.verdict.value, policy_version=checked.number, report=report,
                  justification=submission.justification, idempotency_key=idempotency_key,
                  request_hash=submission.fingerprint(), events=[])
    try:
        with session.begin_nested():
            session.add(draft)
            session.flush()
    except IntegrityError:
        # The key is taken: a retry (the caller's pre-check raced with it, or there was none);
        # the unique constraint decides, on SQLite and PostgreSQL alike. Answer with the first draft.
        existing = by_key(session, author_id=actor.user_id, key=idempotency_key or "")
        if existing is None:
            raise
        return replay(existing, submission), False
    draft_summary.write(session, draft)
    _event(session, draft, actor, "submitted", None, status, None, checked.number)
    if kind != "submitted":
        _event(session, draft, actor, kind, None, status, submission.justification if kind == "review_requested" else None,
               checked.number)
    record(session, ev.DraftSubmitted(draft_id=draft.id, status=status, verdict=draft.verdict, codes=_codes(report)),
           actor=actor.label, policy_version=checked.number)
    return draft, True


def _event(session: Session, draft: Draft, actor: Actor, kind: str, from_status: str | None, to_status: str,
           comment: str | None, number: int) -> None:
    # Through the relationship, so the draft's loaded history includes it at once.
    draft.events.append(DraftEvent(draft_id=draft.id, actor_id=actor.user_id or None, kind=kind,
                                   from_status=from_status, to_status=to_status, comment=comment, policy_version=number))


def get(session: Session, *, actor: Actor, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise NotFoundError(f"no draft {draft_id}")
    require(actor, "draft.read", Owned(draft.author_id))
    return draft


def list_drafts(session: Session, *, actor: Actor, status: str | None = None, queue: bool = False,
                limit: int = 100, offset: int = 0) -> list[Draft]:
    """The review queue (reviewers) or the actor's own drafts."""
    query = select(Draft).order_by(Draft.id.desc()).limit(limit).offset(offset)
    if queue:
        require(actor, "draft.queue")
        query = query.where(Draft.status == "pending_review").order_by(None).order_by(Draft.id)
    else:
        query = query.where(Draft.author_id == actor.user_id)
    if status:
        query = query.where(Draft.status == status)
    return list(session.scalars(query))


def _lock(session: Session, draft_id: int) -> Draft:
    draft = session.scalar(select(Draft).where(Draft.id == draft_id).with_for_update(of=Draft))
    if draft is None:
        raise NotFoundError(f"no draft {draft_id}")
    return draft


def decide(session: Session, *, actor: Actor, draft_id: int, decision: str, comment: str, number: int, allow_once_reason: str | None = None) -> Draft:
    """A reviewer's decision; approving a blocked draft is an override and needs a reason."""
    if decision not in DECISIONS:
        raise UsageError(f"decision must be one of {', '.join(DECISIONS)}")
    draft = _lock(session, draft_id)
    require(actor, "draft.decide", Owned(draft.author_id))
    if draft.status != "pending_review":
        raise ConflictError(f"draft {draft_id} is {draft.status}, not waiting for review")
    if decision != "approve" and not comment.strip():
        raise UsageError("a rejection or a request for changes needs a comment for the author")
    blocked = _blocked(session, draft)
    before = draft.status
    if decision == "approve" and blocked:
        if not (allow_once_reason or "").strip():
            raise ConflictError("the draft has blocking findings: approve it with allow_once and a reason, or reject it")
        require(actor, "draft.override", Owned(draft.author_id))
        _event(session, draft, actor, "override", before, "approved", allow_once_reason, number)
        record(session, ev.DraftOverridden(draft_id=draft.id, reason=allow_once_reason or "", codes=_codes(draft.report)),
               actor=actor.label, policy_version=number)
    draft.status = {"approve": "approved", "reject": "rejected", "request_changes": "changes_requested"}[decision]
    kind = {"approve": "approved", "reject": "rejected", "request_changes": "changes_requested"}[decision]
    _event(session, draft, actor, kind, before, draft.status, comment or None, number)
    record(session, ev.DraftDecided(draft_id=draft.id, decision=decision, comment=comment),
           actor=actor.label, policy_version=number)
    _notify(session, draft, kind, {"decision": decision, "comment": comment, "by": actor.username})
    session.flush()
    return draft


def _blocked(session: Session, draft: Draft) -> bool:
    """Whether the draft's findings block under the policy version it was checked against."""
    from .policies import get as get_version, parsed

    threshold = Severity(parsed(get_version(session, number=draft.policy_version)).rules.blocking_severity).rank
    return any(Severity(f["severity"]).rank >= threshold for f in draft.report.get("findings", []))


def request_review(session: Session, *, actor: Actor, draft_id: int, justification: str, number: int) -> Draft:
    """The author of a draft rejected by the policy asks a reviewer to look at it."""
    draft = _lock(session, draft_id)
    require(actor, "draft.revise", Owned(draft.author_id))
    last = draft.events[-1].kind if draft.events else ""
    if draft.status != "rejected" or last != "rejected_by_policy":
        raise ConflictError(f"only a draft rejected by the policy can be sent to review (this one is {draft.status})")
    if not justification.strip():
        raise UsageError("asking for review needs a justification")
    draft.justification = justification
    draft.status = "pending_review"
    _event(session, draft, actor, "review_requested", "rejected", "pending_review", justification, number)
    record(session, ev.ReviewRequested(draft_id=draft.id, justification=justification), actor=actor.label,
           policy_version=number)
    session.flush()
    return draft


def revise(session: Session, *, actor: Actor, draft_id: int, submission: Submission, checked: Checked) -> Draft:
    """The author's new text for a draft sent back or rejected; checked and routed again."""
    draft = _lock(session, draft_id)
    require(actor, "draft.revise", Owned(draft.author_id))
    if draft.status not in ("changes_requested", "rejected"):
        raise ConflictError(f"draft {draft_id} is {draft.status}; only a rejected draft or one sent back can be revised")
    status, kind = route(checked, account=submission.account, role=actor.role,
                         request_review=submission.request_review, justification=submission.justification)
    before = draft.status
    report = checked.report.to_dict()
    draft.text, draft.account, draft.channel = submission.text, submission.account, submission.channel
    draft.planned_at, draft.language = submission.planned_at, checked.report.language
    draft.report, draft.verdict, draft.policy_version = report, checked.report.verdict.value, checked.number
    draft.status, draft.justification = status, submission.justification
    draft_summary.write(session, draft)
    _event(session, draft, actor, "revised", before, status, None, checked.number)
    _event(session, draft, actor, kind, before, status, submission.justification if kind == "review_requested" else None,
           checked.number)
    record(session, ev.DraftRevised(draft_id=draft.id, status=status, verdict=draft.verdict, codes=_codes(report)),
           actor=actor.label, policy_version=checked.number)
    session.flush()
    return draft


def _notify(session: Session, draft: Draft, kind: str, payload: dict[str, Any]) -> None:
    session.add(Notification(user_id=draft.author_id, kind=f"draft.{kind}", resource=f"draft:{draft.id}", payload=payload))
