"""Messages triage could not handle: why they failed, and sending them back to triage.

The worker marks such a message ``failed`` and keeps the reason (:func:`mark_failed`): as text,
and as a code with params when postguard itself said why (``inbound/failures.py``), so the
inbox shows it in each reader's language. Once the cause is fixed (the policy got opening
hours, say) a person puts failed messages back to ``pending`` (:func:`retry_failed`) and the
worker triages them again.
Keyword-only; the caller owns the transaction, and a retry is audited in it.
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.permissions import Actor
from ..errors import ConflictError, NotFoundError
from ..inbound.failures import TriageFailure
from . import inbox_events as ev
from .audit import record
from .inbox_models import TRIAGE_ERROR_CHARS, InboxMessage
from .people import require

NOTHING_RETRIED = "nothing was sent back to triage"


class UnknownMessages(NotFoundError):
    """Ids of a retry that name no inbox message."""

    def __init__(self, ids: Sequence[int]):
        self.details = [{"id": message_id, "problem": "no such message"} for message_id in ids]
        super().__init__(f"no inbox message {', '.join(map(str, ids))}; {NOTHING_RETRIED}")


class NotFailed(ConflictError):
    """Messages of a retry that did not fail (pending or triaged already)."""

    def __init__(self, messages: Sequence[InboxMessage]):
        self.details = [{"id": m.id, "problem": f"{m.triage_state}, not failed"} for m in messages]
        states = "; ".join(f"message {m.id} is {m.triage_state}" for m in messages)
        super().__init__(f"{states}: only a failed message goes back to triage; {NOTHING_RETRIED}")


def stored_reason(reason: str) -> str:
    """The reason as ``triage_error`` keeps it: a longer one is cut to the column's size with "…"."""
    if len(reason) <= TRIAGE_ERROR_CHARS:
        return reason
    return reason[:TRIAGE_ERROR_CHARS - 1] + "…"


def mark_failed(message: InboxMessage, reason: str, failure: TriageFailure | None = None) -> None:
    """``reason`` as text (in English); ``failure`` the same as a code with params, when it has one."""
    message.triage_state = "failed"
    message.triage_error = stored_reason(reason)
    message.triage_failure = failure.to_dict() if failure is not None else None


def _failed():
    """Every failed message, oldest first."""
    return select(InboxMessage).where(InboxMessage.triage_state == "failed").order_by(InboxMessage.id)


def failed_messages(session: Session, *, actor: Actor, limit: int = 100, offset: int = 0) -> list[InboxMessage]:
    """Failed messages, oldest first, each with its ``triage_error``."""
    require(actor, "inbox.read")
    return list(session.scalars(_failed().limit(limit).offset(offset)))


def retry_failed(session: Session, *, actor: Actor, ids: Sequence[int] | None = None) -> list[int]:
    """Put failed messages (``ids``, else every failed one) back to ``pending`` without their reason.

    An id that names no message or a message that did not fail refuses the whole retry,
    naming each such id and why; nothing changes then. Returns the ids sent back, in order.
    """
    require(actor, "inbox.accept")  # back into the triage queue, as a delivered message goes
    messages = list(session.scalars(_failed())) if ids is None else _failed_among(session, ids)
    if not messages:
        return []
    coded: dict[str, dict | None] = {}  # each distinct reason once, with its code when it has one
    for message in messages:
        if message.triage_error:
            coded[message.triage_error] = coded.get(message.triage_error) or message.triage_failure
    reasons = sorted(coded)
    for message in messages:
        message.triage_state, message.triage_error, message.triage_failure = "pending", None, None
    retried = [m.id for m in messages]
    record(session, ev.TriageRetried(message_ids=retried, reasons=reasons,
                                     structured_reasons=[coded[reason] for reason in reasons]),
           actor=actor.label, policy_version=_policy_version(session))
    return retried


def _failed_among(session: Session, ids: Sequence[int]) -> list[InboxMessage]:
    wanted = sorted(set(ids))
    found = {m.id: m for m in session.scalars(select(InboxMessage).where(InboxMessage.id.in_(wanted)))}
    unknown = [message_id for message_id in wanted if message_id not in found]
    if unknown:
        raise UnknownMessages(unknown)
    not_failed = [found[message_id] for message_id in wanted if found[message_id].triage_state != "failed"]
    if not_failed:
        raise NotFailed(not_failed)
    return [found[message_id] for message_id in wanted]


def _policy_version(session: Session) -> int | None:
    from .policies import active_number

    return active_number(session)
