"""The demo company on the embedded default: people in every role, the demo inbox triaged.

Used by ``postguard demo``. Accounts are created once per database and get one shared,
printed password: they exist for trying postguard on 127.0.0.1, never for production.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

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


@dataclass(frozen=True)
class TriagedMessage:
    message: InboundMessage
    result: TriageResult


def triage_demo_inbox(policy: Policy) -> list[TriagedMessage]:
    from ..inbound.model_situations import ModelSituationClassifier

    triage = Triage(policy, ModelSituationClassifier())
    return [TriagedMessage(message, triage(message)) for message in demo_messages()]
