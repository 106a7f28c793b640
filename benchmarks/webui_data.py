"""A year of stored data for the interface's benchmarks (``webui_pages.py``, ``webui_render.py``).

- ``fill_drafts``: drafts by the demo employee over the last 365 days, with the demo drafts'
  real check reports in six languages, their outcomes and the store's per-draft counts.
- ``fill_inbox``: customer conversations over the last 365 days, through the store as the
  service takes them in: accepted (``inbox_accept.accept``), triaged by the service's own
  worker (keyword classifier: the figure is the pages, not the models), then most of them
  answered through ``inbox_replies.send`` (the post checker checks every reply). While it
  fills, a copy of the active policy with ``rules.models: false`` is active (a setting
  companies may use): the checks of 20,000 replies run rules-only, so filling takes minutes,
  not hours of embeddings; the original policy is active again before anything is measured,
  and the pages measured run no check. The texts
  are the project's own messages in six languages and twelve situations
  (``benchmarks/data/inbound_situations.jsonl``); every conversation is a distinct customer.
"""
from __future__ import annotations

import json
import random
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

OWN_MESSAGES = Path(__file__).resolve().parent / "data" / "inbound_situations.jsonl"


def fill_drafts(db, drafts: int) -> None:  # noqa: ANN001
    """``drafts`` drafts by the demo employee over the last year, from the demo drafts' reports."""
    from postguard.cli.demo_cmd import demo_drafts
    from postguard.context import CheckContext
    from postguard.engine import check
    from postguard.store import draft_summary, people, policies
    from postguard.store.base import utcnow
    from postguard.store.models import Draft, DraftFindingCount

    rng = random.Random(7)
    with db.writer() as session:
        author = people.get_user(session, username="employee")
        number, policy = policies.active_policy(session)
        samples = []
        for item in demo_drafts():
            report = check(item["text"], policy, CheckContext(account=item["account"], channel=item["channel"]))
            samples.append((item, report.to_dict()))
        now = utcnow()
        rows = []
        for index in range(drafts):
            item, report = rng.choice(samples)
            at = now - timedelta(days=rng.uniform(0, 365))
            status = rng.choice(("approved", "approved", "pending_review", "rejected", "changes_requested"))
            rows.append(dict(author_id=author.id, text=item["text"], account=item["account"], channel=item["channel"],
                             language=report["language"], status=status, verdict=report["verdict"],
                             policy_version=number, report=report, finding_count=len(report["findings"]),
                             created_at=at, updated_at=at))
            if len(rows) == 2000 or index == drafts - 1:
                # The store's own per-draft counts (draft_summary.rows), as drafts.submit writes them.
                ids = session.scalars(Draft.__table__.insert().returning(Draft.id, sort_by_parameter_order=True),
                                      rows).all()
                counts = [row for draft_id, row in zip(ids, rows) for row in draft_summary.rows(draft_id, row["report"])]
                if counts:
                    session.execute(DraftFindingCount.__table__.insert(), counts)
                rows = []
        session.commit()


def settle(db) -> None:  # noqa: ANN001
    """Leave the database as a service running for a year would have it, not as one bulk fill
    leaves it: SQLite's write-ahead log checkpointed and truncated (the fill's few huge
    transactions leave a log of tens of thousands of pages that every read would search until
    the next write), PostgreSQL's planner statistics gathered (what autovacuum does within a
    minute of a bulk load)."""
    raw = db.engine.raw_connection()  # outside any transaction: a checkpoint cannot run inside one
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)" if db.is_sqlite else "ANALYZE")
        cursor.close()
        raw.commit()
    finally:
        raw.close()


def inbound_messages(count: int, *, days: int = 365, seed: int = 11) -> list:
    """``count`` first messages from distinct customers, received over the last ``days`` days."""
    from postguard.inbound.message import Arrival, InboundMessage
    from postguard.store.base import utcnow

    samples = [json.loads(line) for line in OWN_MESSAGES.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    now = utcnow()
    platforms = ("facebook", "facebook", "instagram", "linkedin", "x")
    messages = []
    for number in range(count):
        sample = rng.choice(samples)
        # Recent weeks are busier than last winter: a realistic inbox grows.
        age = timedelta(days=days * rng.random() ** 1.3)
        messages.append(InboundMessage(
            platform=rng.choice(platforms), external_id=f"bench-{number}", thread_id=f"post-{number % 400}",
            author_handle=f"customer{number}", author_name=f"Customer {number}", text=sample["text"],
            received_at=now - age, arrived_at=Arrival(account="official"), language=sample["lang"]))
    return messages


@contextmanager
def rules_only_policy(db):  # noqa: ANN001
    """A copy of the active policy with the model-based rules off, active inside the block."""
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.policy.loader import dump_yaml, parse_yaml
    from postguard.store import policies

    with db.writer() as session:
        number = policies.active_number(session)
        document = parse_yaml(policies.get(session, number=number).source, "active.yaml")
        document.setdefault("rules", {})["models"] = False
        copy = policies.upload(session, actor=CLI_ACTOR, source=dump_yaml(document), filename="rules-only.yaml")
        policies.activate(session, actor=CLI_ACTOR, number=copy.number)
        session.commit()
    try:
        yield
    finally:
        with db.writer() as session:
            policies.activate(session, actor=CLI_ACTOR, number=number)
            session.commit()


def fill_inbox(db, conversations: int, *, answered_share: float = 0.85, seed: int = 11) -> dict[str, int]:  # noqa: ANN001
    """Accept, triage and mostly answer ``conversations`` customer conversations; returns counts."""
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.inbox.worker import TriageWorker
    from postguard.store.inbox_accept import accept

    with rules_only_policy(db):
        with db.writer() as session:
            accept(session, inbound_messages(conversations, seed=seed), actor=CLI_ACTOR, source="import")
            session.commit()
        triaged = TriageWorker(db, classifier="keywords", batch_size=500).drain()
        answered = _answer(db, answered_share, random.Random(seed))
    return {"triaged": triaged, "answered": answered}


def _answer(db, answered_share: float, rng: random.Random) -> int:  # noqa: ANN001
    """Send the suggested reply of most open conversations, dated when a person would have."""
    from sqlalchemy import select

    from postguard.errors import ConflictError
    from postguard.notify import Notifier
    from postguard.store import inbox_replies, people, policies
    from postguard.store.base import utcnow
    from postguard.store.inbox_models import InboxConversation

    now = utcnow()
    answered = 0
    with db.writer() as session:
        spokesperson = people.actor_of(people.get_user(session, username="spokesperson"))
        number, policy = policies.active_policy(session)
        notifier = Notifier(())
        rows = session.scalars(select(InboxConversation).where(InboxConversation.status == "open")
                               .order_by(InboxConversation.id)).all()
        for conversation in rows:
            # Older conversations are nearly all answered; the last days' mostly still open.
            recent = now - conversation.received_at < timedelta(days=2)
            if conversation.protected_user_id == spokesperson.user_id or rng.random() > (
                    0.3 if recent else answered_share):
                continue
            try:
                reply, _item = inbox_replies.send(session, actor=spokesperson, conversation=conversation,
                                                  policy=policy, number=number, notifier=notifier)
            except ConflictError:  # the checker blocks the suggestion: it stays open, as it would
                continue
            # The reply was sent when a person got to it: minutes to days after the message.
            delay = timedelta(hours=rng.lognormvariate(1.2, 1.1))
            reply.sent_at = conversation.first_reply_at = min(conversation.received_at + delay, now)
            answered += 1
        session.commit()
    return answered
