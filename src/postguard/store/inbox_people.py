"""Who the inbox can route to: the responsibility matrix of the policy mapped onto accounts.

A responsibility's contact (policy ``responsibilities.<key>.owner``) is an account when an
active account has the contact's e-mail address, or else its display name. A responsibility
without such an account stays a team queue (no assignee). The communications lead who takes
abuse off employees is the final responsibility's account, else any active
communications_lead account.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..inbound.targets import Employee
from ..policy.schema import Policy
from .models import User


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    name: str
    email: str | None
    role: str


@dataclass(frozen=True)
class Directory:
    people: tuple[Person, ...]

    @classmethod
    def load(cls, session: Session) -> "Directory":
        rows = session.execute(select(User.id, User.username, User.display_name, User.email, User.role)
                               .where(User.is_active.is_(True)).order_by(User.id))
        return cls(tuple(Person(*row) for row in rows))

    def employees(self) -> list[Employee]:
        """Everyone a message may name: display name, with the user name as a handle."""
        return [Employee(p.name or p.username, (p.username,), str(p.id)) for p in self.people if p.role != "candidate"]

    def by_id(self, user_id: int | None) -> Person | None:
        return next((p for p in self.people if p.id == user_id), None)

    def by_username(self, username: str) -> Person | None:
        return next((p for p in self.people if p.username == username), None)

    def find(self, handle: str | None) -> Person | None:
        """An account by user name, display name or e-mail (how a profile owner is written)."""
        if not handle:
            return None
        key = handle.strip().lstrip("@").casefold()
        return next((p for p in self.people if key in (p.username.casefold(), (p.name or "").casefold(),
                                                       (p.email or "").casefold())), None)

    def for_responsibility(self, policy: Policy, key: str | None, exclude: Iterable[int] = ()) -> Person | None:
        if key is None or key not in policy.responsibilities:
            return None
        contact = policy.responsibilities[key].owner
        excluded = set(exclude)
        candidates = [p for p in self.people if p.id not in excluded]
        if contact.email:
            match = next((p for p in candidates if (p.email or "").casefold() == contact.email.casefold()), None)
            if match:
                return match
        return next((p for p in candidates if (p.name or "").casefold() == contact.name.casefold()), None)

    def communications_lead(self, policy: Policy, exclude: Iterable[int] = ()) -> Person | None:
        excluded = set(exclude)
        found = self.for_responsibility(policy, policy.final_responsibility, excluded)
        if found is not None:
            return found
        return next((p for p in self.people if p.role == "communications_lead" and p.id not in excluded), None)
