"""Reminders to acknowledge the policy: the message, in the person's language, and the
senders that deliver it. A sender is anything with a ``name`` and ``send(message)``; the
service's in-app sender (a notification) lives in ``store/acknowledgements.py``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import typer

from .quiz import texts


@dataclass(frozen=True)
class ReminderMessage:
    user_id: int
    username: str
    email: str | None
    language: str
    #: Where to acknowledge: the handbook page, or a candidate's personal link.
    link: str
    subject: str
    body: str


def reminder_message(*, user_id: int, username: str, name: str, email: str | None, language: str, link: str,
                     policy: str, version: int, organisation: str) -> ReminderMessage:
    words = texts(language)
    fields = dict(name=name, link=link, policy=policy, version=version, organisation=organisation)
    return ReminderMessage(user_id, username, email, language, link,
                           words["reminder_subject"].format(**fields), words["reminder_body"].format(**fields))


class ReminderSender(Protocol):
    #: Recorded with every reminder sent ("notification", "stdout", …).
    name: str

    def send(self, message: ReminderMessage) -> None: ...


@dataclass
class CollectingSender:
    """Keeps the messages (for a caller that delivers them itself, and for tests)."""

    name: str = "collected"
    sent: list[ReminderMessage] = field(default_factory=list)

    def send(self, message: ReminderMessage) -> None:
        self.sent.append(message)


@dataclass
class StdoutSender:
    """Prints each message (the CLI's ``--via stdout``: pipe it into a mailer)."""

    name: str = "stdout"

    def send(self, message: ReminderMessage) -> None:
        typer.echo(f"To: {message.email or message.username}\nSubject: {message.subject}\n\n{message.body}\n")
