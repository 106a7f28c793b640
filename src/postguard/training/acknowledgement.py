"""Acknowledgement of the policy (R8): by every employee, and by candidates before hiring.

Every policy revision must be acknowledged again. Candidates have no account: they get a
personal link with a signed, expiring token naming them and the revision. This module is
the logic; the service stores people and acknowledgements.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Iterable, Literal

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from ..errors import InputError

PersonKind = Literal["employee", "candidate"]
_SALT = "postguard.acknowledgement"


@dataclass(frozen=True)
class Person:
    id: str
    kind: PersonKind
    department: str = ""
    active: bool = True


@dataclass(frozen=True)
class Acknowledgement:
    person_id: str
    revision: str
    at: datetime


@dataclass(frozen=True)
class Completion:
    done: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 1.0


class _IssuedAtSigner(TimestampSigner):
    """Signs with a given issue time instead of the clock (a link made earlier, in tests and reminders)."""

    def __init__(self, *args: Any, issued_at: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._issued_at = issued_at

    def get_timestamp(self) -> int:  # itsdangerous' hook for "now"
        return self._issued_at


def candidate_token(secret: str, candidate_id: str, revision: str, *, issued_at: datetime | None = None) -> str:
    """The token in a candidate's personal link (signed; its age is checked when used)."""
    serializer = URLSafeTimedSerializer(secret, salt=_SALT) if issued_at is None else URLSafeTimedSerializer(
        secret, salt=_SALT, signer=_IssuedAtSigner, signer_kwargs={"issued_at": int(issued_at.timestamp())})
    return serializer.dumps({"c": candidate_id, "r": revision})


def read_candidate_token(secret: str, token: str, *, max_age: timedelta = timedelta(days=30)) -> tuple[str, str]:
    """(candidate id, revision) from a token, or :class:`InputError` saying why it cannot be used."""
    try:
        data = URLSafeTimedSerializer(secret, salt=_SALT).loads(token, max_age=int(max_age.total_seconds()))
    except SignatureExpired:
        raise InputError("this acknowledgement link has expired; ask HR for a new one") from None
    except BadSignature:
        raise InputError("this acknowledgement link is not valid") from None
    if not isinstance(data, dict) or not isinstance(data.get("c"), str) or not isinstance(data.get("r"), str):
        raise InputError("this acknowledgement link is not valid")
    return data["c"], data["r"]


def outstanding(people: Iterable[Person], acknowledgements: Iterable[Acknowledgement], revision: str) -> list[Person]:
    """Active people who have not acknowledged ``revision`` (an older revision does not count)."""
    done = {a.person_id for a in acknowledgements if a.revision == revision}
    return [p for p in people if p.active and p.id not in done]


def completion_by_department(people: Iterable[Person], acknowledgements: Iterable[Acknowledgement],
                             revision: str) -> dict[str, Completion]:
    people = [p for p in people if p.active and p.kind == "employee"]
    missing = {p.id for p in outstanding(people, acknowledgements, revision)}
    result: dict[str, Completion] = {}
    for person in people:
        entry = result.get(person.department, Completion(0, 0))
        result[person.department] = Completion(entry.done + (person.id not in missing), entry.total + 1)
    return dict(sorted(result.items()))


def reminders_due(people: Iterable[Person], acknowledgements: Iterable[Acknowledgement], revision: str, *,
                  last_reminded: dict[str, datetime], now: datetime, every: timedelta = timedelta(days=3)) -> list[Person]:
    """Who should be reminded now: outstanding, and not reminded within ``every``."""
    return [p for p in outstanding(people, acknowledgements, revision)
            if p.id not in last_reminded or now - last_reminded[p.id] >= every]
