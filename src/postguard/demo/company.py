"""The demo company on the embedded default: people in every role, the demo inbox triaged.

Used by ``postguard demo``. Accounts are created once per database and get one shared,
printed password: they exist for trying postguard on 127.0.0.1, never for production.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from ..inbound.message import InboundMessage
from ..inbound.triage import Triage, TriageResult
from ..policy.schema import Policy
from ..settings import Settings

DEMO_PASSWORD = "postguard-demo"
DEMO_PEOPLE = (
    ("admin", "admin", "Hanne Admin", "no"),
    ("lead", "communications_lead", "Maria Nilsen", "no"),
    ("reviewer", "reviewer", "Piotr Zieliński", "pl"),
    ("spokesperson", "spokesperson", "Sara Lind", "sv"),
    ("employee", "employee", "Lars Eriksen", "no"),
    ("candidate", "candidate", "Noa Levi", "he"),
)


def demo_messages() -> list[InboundMessage]:
    text = resources.files("postguard.demo").joinpath("inbox.jsonl").read_text(encoding="utf-8")
    return [InboundMessage.model_validate(json.loads(line)) for line in text.splitlines() if line.strip()]


def seed_people(settings: Settings, *, base_url: str = "http://127.0.0.1:8000") -> list[str]:
    """Create the demo accounts that do not exist yet, and on first creation their departments,
    acknowledgements and a quiz result (``demo/training.py``); returns the usernames created."""
    from ..auth.permissions import CLI_ACTOR
    from ..auth.secrets import Passwords
    from ..cli._service import open_database
    from ..errors import NotFoundError
    from ..store import people

    db = open_database(settings)
    created = []
    passwords = Passwords(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
    try:
        with db.writer() as session:
            for username, role, name, language in DEMO_PEOPLE:
                try:
                    people.get_user(session, username=username)
                    continue
                except NotFoundError:
                    pass
                people.create_user(session, actor=CLI_ACTOR, username=username, role=role, password=DEMO_PASSWORD,
                                   passwords=passwords, display_name=name, email=None, language=language)
                created.append(username)
            if created == [u for u, *_ in DEMO_PEOPLE]:
                from .training import seed_training

                seed_training(session, base_url=base_url)
            session.commit()
    finally:
        db.dispose()
    return created


class DemoInbox(NamedTuple):
    stored: int  # messages stored now
    already_there: int  # re-deliveries of messages stored by an earlier run, skipped
    triaged: int  # messages triaged now


def load_demo_inbox(settings: Settings, classifier: str = "model") -> DemoInbox:
    """Store the demo inbox in the service's database and triage it, so the running demo has an inbox.

    Idempotent: messages already stored are re-deliveries and are skipped.
    """
    from ..auth.permissions import CLI_ACTOR
    from ..cli._service import open_database
    from ..inbox.worker import TriageWorker
    from ..notify import Notifier
    from ..store.inbox_accept import accept

    db = open_database(settings)
    try:
        with db.writer() as session:
            outcome = accept(session, demo_messages(), actor=CLI_ACTOR, source="demo")
            session.commit()
        worker = TriageWorker(db, classifier=classifier, notifier=Notifier(tuple(settings.notify_urls)))
        return DemoInbox(outcome.accepted, outcome.duplicates, worker.drain())
    finally:
        db.dispose()


def seed_drafts(settings: Settings) -> int:
    """Submit the demo drafts as the demo employee, once per database, spread over the last
    weeks, so the review queue, "my drafts" and the dashboard have something to show; a few
    the policy rejects are sent to review with a justification. Returns how many were added."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from ..cli._service import open_database
    from ..cli.demo_cmd import demo_drafts
    from ..context import CheckContext
    from ..engine import check
    from ..store import drafts, people, policies
    from ..store.base import utcnow
    from ..store.models import Draft

    db = open_database(settings)
    try:
        with db.writer() as session:
            author = people.actor_of(people.get_user(session, username="employee"))
            if session.scalar(select(func.count()).select_from(Draft).where(Draft.author_id == author.user_id)):
                return 0
            number, policy = policies.active_policy(session)
            added, items = 0, demo_drafts()
            for index, item in enumerate(items):
                context = CheckContext(account=item["account"], channel=item["channel"], role=author.role)
                checked = drafts.Checked(report=check(item["text"], policy, context), policy=policy, number=number)
                justify = index % 3 == 1
                submission = drafts.Submission(
                    text=item["text"], account=item["account"], channel=item["channel"], request_review=justify,
                    justification="The customer asked us to post this; please have a look." if justify else None)
                draft, _created = drafts.submit(session, actor=author, submission=submission, checked=checked)
                when = utcnow() - timedelta(days=3 * (len(items) - index))
                draft.created_at = draft.updated_at = when
                for event in draft.events:
                    event.at = when
                added += 1
            session.flush()
            session.commit()
            return added
    finally:
        db.dispose()


@dataclass(frozen=True)
class TriagedMessage:
    message: InboundMessage
    result: TriageResult


def triage_demo_inbox(policy: Policy) -> list[TriagedMessage]:
    from ..inbound.model_situations import ModelSituationClassifier

    triage = Triage(policy, ModelSituationClassifier())
    return [TriagedMessage(message, triage(message)) for message in demo_messages()]
