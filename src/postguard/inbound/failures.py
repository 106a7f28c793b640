"""Why triage could not handle a message, when postguard itself says why: a stable code with its params.

The worker marks such a message ``failed`` and keeps why (``store/inbox_failed.py``). A failure
postguard raises on purpose (the policy's opening hours never give the time to answer) is a
:class:`CannotTriage` error carrying a :class:`TriageFailure`, stored as text in English
(``triage_error``) and as a code with params (``triage_failure``), so the API, the inbox page and
``postguard inbox failed`` say it in each reader's language. Anything else (an error whose text
postguard does not own) keeps only its text, shown as stored; so do messages that failed
before failures had codes. The sentences are labels (``output/failure_labels.py``, in
``_LABELS`` as ``failure.<code>``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..errors import UsageError
from ..output.failure_labels import FAILURE_LABELS
from .coded import Coded


@dataclass(frozen=True)
class TriageFailure(Coded):
    kind: ClassVar[str] = "failure"
    codes: ClassVar[frozenset[str]] = frozenset(FAILURE_LABELS)

    def error(self) -> "CannotTriage":
        """The failure as the error to raise."""
        return CannotTriage(self)


class CannotTriage(UsageError):
    """A reason triage cannot go on that postguard can say in every language: the message is the
    failure in English, ``failure`` is its code with params."""

    def __init__(self, failure: TriageFailure):
        self.failure = failure
        super().__init__(failure.text("en"))


def failure_text(error: Exception) -> tuple[str, TriageFailure | None]:
    """What a failed message keeps of ``error``: its text (a coded failure's English sentence, else the
    error's class and message) and its code with params, when it has one."""
    if isinstance(error, CannotTriage):
        return str(error), error.failure
    return f"{type(error).__name__}: {error}", None


def shown_failure(stored: str | None, coded: Any, language: str) -> str | None:
    """Why a message failed, for a reader of ``language``: its code said in that language, else the text
    as stored (an error postguard does not own, a failure from before codes), else None (none kept)."""
    return TriageFailure.said_again(coded, language) or stored
