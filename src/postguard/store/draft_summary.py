"""A draft's findings in numbers, written with its report: per category and severity, and in all.

Counting a year of drafts by reading every stored report made the dashboard (52 weeks) and
the review queue slow at 10,000 drafts (p95 633 ms and 327 ms). The counts are therefore
written when a report is stored — ``drafts.submit`` and ``drafts.revise`` call
:func:`write` inside their own transaction, so a draft is never visible without its counts —
and the figures and lists read them (``store/stats.py``, ``list_lines``).
Migration 0008 (``draft_finding_counts``) fills them in for drafts stored before.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..auth.permissions import Actor
from .models import Draft, DraftEvent, DraftFindingCount, User
from .people import require


def counts(report: dict[str, Any] | None) -> Counter:
    """(category, severity) -> findings of one stored report (``Report.to_dict``)."""
    return Counter((f.get("category") or "?", f.get("severity") or "?") for f in (report or {}).get("findings", []))


def rows(draft_id: int, report: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The ``draft_finding_counts`` rows of one draft (for bulk inserts: migration, benchmark)."""
    return [{"draft_id": draft_id, "category": category, "severity": severity, "findings": n}
            for (category, severity), n in sorted(counts(report).items())]


def write(session: Session, draft: Draft) -> None:
    """Replace the draft's counts with those of its current report, in the caller's transaction."""
    found = rows(draft.id, draft.report)
    draft.finding_count = sum(row["findings"] for row in found)
    session.execute(delete(DraftFindingCount).where(DraftFindingCount.draft_id == draft.id))
    if found:
        session.execute(insert(DraftFindingCount), found)


#: How much of a draft's text a list shows.
EXCERPT_CHARS = 140
#: Events whose comment is a reviewer's word to the author.
_DECISIONS = ("approved", "rejected", "changes_requested")


@dataclass(frozen=True)
class DraftLine:
    """One row of a list of drafts: what the review queue and "my drafts" show, without the report."""

    id: int
    author: str
    account: str
    channel: str
    language: str | None
    status: str
    verdict: str
    excerpt: str
    finding_count: int
    categories: list[str]
    latest_comment: str | None
    created_at: datetime
    updated_at: datetime


def list_lines(session: Session, *, actor: Actor, queue: bool = False, status: str | None = None,
               limit: int = 50, offset: int = 0) -> list[DraftLine]:
    """The review queue (oldest first) or the actor's own drafts (newest first), as list rows.

    Reads the columns a list shows, the first characters of the text, the stored counts and
    the latest reviewer comment — never a report or a whole history."""
    query = (select(Draft.id, User.username, Draft.account, Draft.channel, Draft.language, Draft.status, Draft.verdict,
                    func.substr(Draft.text, 1, EXCERPT_CHARS + 1), Draft.finding_count, Draft.created_at,
                    Draft.updated_at)
             .join(User, User.id == Draft.author_id).limit(limit).offset(offset))
    if queue:
        require(actor, "draft.queue")
        query = query.where(Draft.status == "pending_review").order_by(Draft.id)
    else:
        query = query.where(Draft.author_id == actor.user_id).order_by(Draft.id.desc())
    if status:
        query = query.where(Draft.status == status)
    found = session.execute(query).all()
    ids = [row[0] for row in found]
    categories: dict[int, set[str]] = {}
    comments: dict[int, str] = {}
    if ids:
        for draft_id, category in session.execute(select(DraftFindingCount.draft_id, DraftFindingCount.category)
                                                  .where(DraftFindingCount.draft_id.in_(ids))):
            categories.setdefault(draft_id, set()).add(category)
        for draft_id, comment in session.execute(
                select(DraftEvent.draft_id, DraftEvent.comment).where(
                    DraftEvent.draft_id.in_(ids), DraftEvent.kind.in_(_DECISIONS), DraftEvent.comment.is_not(None))
                .order_by(DraftEvent.id)):
            comments[draft_id] = comment  # the last one wins
    return [DraftLine(id=id_, author=author, account=account, channel=channel, language=language, status=state,
                      verdict=verdict, excerpt=text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1] + "…",
                      finding_count=count, categories=sorted(categories.get(id_, ())),
                      latest_comment=comments.get(id_), created_at=created, updated_at=updated)
            for id_, author, account, channel, language, state, verdict, text, count, created, updated in found]
