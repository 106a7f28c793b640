"""Acknowledgement of the policy (R8) in the store: employees accept each active policy
version signed in; candidates accept it before hiring through a personal link (a signed,
expiring token, no account needed); reminders for who has not; completion per department.

Keyword-only functions, one unit of work each; the caller commits. Every change is audited.
The rules themselves (who is outstanding, who is due a reminder, completion) are the pure
functions of ``training/acknowledgement.py``; this module feeds them from the tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth.permissions import Actor
from ..auth.secrets import Passwords
from ..errors import ConflictError, InputError
from ..languages import normalise_language
from ..training import acknowledgement as rules
from ..training.reminders import ReminderMessage, ReminderSender, reminder_message
from . import audit_events as ev
from .audit import record
from .base import utcnow
from .models import Notification, User
from .people import create_user, get_user, require
from .policies import active, parsed
from .signing import signing_secret
from .training_models import Acknowledgement, AcknowledgementReminder

#: The signing key of candidates' links.
LINK_KEY = "candidate_links"
#: How long a candidate's personal link works.
LINK_DAYS = 30
#: Where people acknowledge, relative to the service's address.
HANDBOOK_PATH = "/ui/training"
CANDIDATE_PATH = "/ui/training/candidate/"


@dataclass(frozen=True)
class PersonStatus:
    username: str
    display_name: str
    role: str
    department: str
    language: str
    acknowledged_at: datetime | None
    reminders: int
    last_reminded_at: datetime | None

    @property
    def kind(self) -> str:
        return "candidate" if self.role == "candidate" else "employee"


@dataclass(frozen=True)
class Invitation:
    username: str
    policy_version: int
    token: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class DepartmentCompletion:
    department: str
    done: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 1.0


def _audit(session: Session, event: ev.Event, actor: str, version: int) -> None:
    record(session, event, actor=actor, policy_version=version)


def _already(session: Session, user_id: int, version: int) -> Acknowledgement | None:
    return session.scalar(select(Acknowledgement).where(Acknowledgement.user_id == user_id,
                                                        Acknowledgement.policy_version == version))


def _store(session: Session, user: User, version: int, language: str, via: str, actor_label: str) -> Acknowledgement:
    if normalise_language(language) is None:
        raise InputError(f"language {language!r}: use one of pl, no, sv, he, nl, en")
    language = normalise_language(language)  # type: ignore[assignment]
    existing = _already(session, user.id, version)
    if existing is not None:  # accepting twice changes nothing and records nothing
        return existing
    row = Acknowledgement(user_id=user.id, policy_version=version, language=language, via=via)
    session.add(row)
    session.flush()
    _audit(session, ev.PolicyAcknowledged(username=user.username, policy_version=version, via=via, language=language),
           actor_label, version)
    return row


def acknowledge(session: Session, *, actor: Actor, language: str | None = None, via: str = "session",
                policy_version: int | None = None) -> Acknowledgement:
    """The actor accepts the active policy version. ``policy_version``, when given, must be the
    active one: a page opened before a new version was activated cannot accept the old one."""
    require(actor, "training.acknowledge")
    version = active(session).number
    if policy_version is not None and policy_version != version:
        raise ConflictError(f"policy version {policy_version} is no longer the active one; "
                            f"read version {version} and accept that")
    user = get_user(session, username=actor.username)
    return _store(session, user, version, language or user.language, via, actor.label)


# --- candidates -------------------------------------------------------------------------

def invite_candidate(session: Session, *, actor: Actor, username: str, base_url: str, passwords: Passwords | None = None,
                     display_name: str = "", email: str | None = None, language: str = "en",
                     department: str = "", now: datetime | None = None) -> Invitation:
    """A personal link for a candidate (created without a password when new) to accept the active version."""
    require(actor, "training.invite")
    version = active(session).number
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        # No password: a candidate has no account to sign in with, only the personal link.
        user = create_user(session, actor=actor, username=username, role="candidate", password=None,
                           passwords=passwords,  # type: ignore[arg-type]
                           display_name=display_name, email=email, language=language)
        user.department = department.strip()
    elif user.role != "candidate" or not user.is_active:
        raise ConflictError(f"{username} is {'an active ' + user.role if user.is_active else 'deactivated'}, "
                            "not a candidate: employees acknowledge signed in")
    now = now or utcnow()
    token = rules.candidate_token(signing_secret(session, name=LINK_KEY), str(user.id), str(version), issued_at=now)
    expires_at = now + timedelta(days=LINK_DAYS)
    _audit(session, ev.CandidateInvited(username=username, policy_version=version,
                                        expires_at=expires_at.isoformat(timespec="seconds")), actor.label, version)
    return Invitation(username, version, token, base_url.rstrip("/") + CANDIDATE_PATH + token, expires_at)


def candidate_for_link(session: Session, *, token: str) -> tuple[User, int]:
    """The candidate and policy version a link is for, or :class:`InputError` saying why it cannot be used."""
    from .signing import existing_secret

    secret = existing_secret(session, name=LINK_KEY)
    if secret is None:
        raise InputError("this acknowledgement link is not valid")
    user_id, version = rules.read_candidate_token(secret, token, max_age=timedelta(days=LINK_DAYS))
    user = session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active:
        raise InputError("this acknowledgement link is no longer valid; ask HR for a new one")
    current = active(session).number
    if str(current) != version:
        raise InputError(f"this link is for policy version {version}, and version {current} has replaced it; "
                         "ask HR for a new link")
    return user, current


def acknowledgement_of(session: Session, *, user_id: int, policy_version: int) -> Acknowledgement | None:
    return _already(session, user_id, policy_version)


def already_acknowledged(session: Session, *, user_id: int, policy_version: int) -> bool:
    return _already(session, user_id, policy_version) is not None


def acknowledge_with_link(session: Session, *, token: str, language: str | None = None,
                          policy_version: int | None = None) -> Acknowledgement:
    user, version = candidate_for_link(session, token=token)
    if policy_version is not None and policy_version != version:
        raise ConflictError(f"policy version {policy_version} is no longer the active one; "
                            f"read version {version} and accept that")
    return _store(session, user, version, language or user.language, "link", f"link:{user.username}")


# --- who has not, completion, reminders ---------------------------------------------------

def _must_acknowledge(session: Session) -> list[Any]:
    """Active people who must accept the active version (columns only: this runs over everyone)."""
    policy = parsed(active(session))
    query = (select(User.id, User.username, User.display_name, User.role, User.department, User.language)
             .where(User.is_active.is_(True)).order_by(User.username))
    if not policy.training.candidates_must_acknowledge:
        query = query.where(User.role != "candidate")
    return list(session.execute(query))


def status(session: Session, *, actor: Actor, outstanding_only: bool = False,
           reminders: bool = True) -> tuple[int, list[PersonStatus]]:
    """(active version, everyone who must acknowledge it with when they did and, unless
    ``reminders`` is false, the reminders sent)."""
    require(actor, "training.status")
    version = active(session).number
    acknowledged = dict(session.execute(select(Acknowledgement.user_id, Acknowledgement.at)
                                        .where(Acknowledgement.policy_version == version)).all())
    reminded = {} if not reminders else {row.user_id: (row.count, row.last) for row in session.execute(
        select(AcknowledgementReminder.user_id, func.count().label("count"), func.max(AcknowledgementReminder.at).label("last"))
        .where(AcknowledgementReminder.policy_version == version).group_by(AcknowledgementReminder.user_id))}
    rows = []
    for user in _must_acknowledge(session):
        if outstanding_only and user.id in acknowledged:
            continue
        count, last = reminded.get(user.id, (0, None))
        rows.append(PersonStatus(user.username, user.display_name, user.role, user.department, user.language,
                                 acknowledged.get(user.id), count, last))
    return version, rows


def _people(rows: list[PersonStatus]) -> list[rules.Person]:
    return [rules.Person(r.username, r.kind, r.department) for r in rows]  # type: ignore[arg-type]


def _acks(rows: list[PersonStatus], version: int) -> list[rules.Acknowledgement]:
    return [rules.Acknowledgement(r.username, str(version), r.acknowledged_at) for r in rows if r.acknowledged_at]


def completion(session: Session, *, actor: Actor) -> tuple[int, list[DepartmentCompletion], DepartmentCompletion]:
    """(active version, employees' completion per department, candidates' completion)."""
    version, rows = status(session, actor=actor, reminders=False)
    by_department = rules.completion_by_department(_people(rows), _acks(rows, version), str(version))
    candidates = [r for r in rows if r.kind == "candidate"]
    done = sum(r.acknowledged_at is not None for r in candidates)
    return (version, [DepartmentCompletion(name, c.done, c.total) for name, c in by_department.items()],
            DepartmentCompletion("", done, len(candidates)))


@dataclass
class NotificationSender:
    """The in-app sender: the reminder becomes a notification the person sees when signed in."""

    session: Session
    name: str = "notification"

    def send(self, message: ReminderMessage) -> None:
        self.session.add(Notification(user_id=message.user_id, kind="acknowledgement_reminder",
                                      resource=f"user:{message.username}",
                                      payload={"subject": message.subject, "body": message.body, "link": message.link}))


def remind(session: Session, *, actor: Actor, sender: ReminderSender, base_url: str,
           every: timedelta = timedelta(days=3), now: datetime | None = None, dry_run: bool = False) -> list[ReminderMessage]:
    """Remind everyone outstanding who was not reminded within ``every``; each reminder is
    recorded (and audited) once the sender took it. Candidates get a fresh personal link.
    ``dry_run`` lists the messages without sending or recording anything."""
    require(actor, "training.remind")
    now = now or utcnow()
    version, rows = status(session, actor=actor, outstanding_only=True)
    last = {r.username: r.last_reminded_at for r in rows if r.last_reminded_at is not None}
    due = {p.id for p in rules.reminders_due(_people(rows), [], str(version), last_reminded=last, now=now, every=every)}
    policy = parsed(active(session))
    users = {u.username: u for u in session.scalars(select(User).where(User.username.in_(due)))} if due else {}
    messages = []
    for row in rows:
        if row.username not in due:
            continue
        user = users[row.username]
        link = base_url.rstrip("/") + HANDBOOK_PATH
        if row.kind == "candidate" and not dry_run:
            link = invite_candidate(session, actor=actor, username=user.username, base_url=base_url, now=now).url
        message = reminder_message(user_id=user.id, username=user.username, name=user.display_name, email=user.email,
                                   language=user.language, link=link, policy=policy.name, version=version,
                                   organisation=policy.organisation.name)
        messages.append(message)
        if dry_run:
            continue
        sender.send(message)
        session.add(AcknowledgementReminder(user_id=user.id, policy_version=version, channel=sender.name, at=now))
        _audit(session, ev.AcknowledgementReminded(username=user.username, policy_version=version,
                                                   channel=sender.name), actor.label, version)
    session.flush()
    return messages


def set_department(session: Session, *, actor: Actor, username: str, department: str) -> User:
    require(actor, "user.set_department")
    department = department.strip()
    if len(department) > 100:
        raise InputError(f"department {department[:20]!r}…: at most 100 characters")
    user = get_user(session, username=username)
    if user.department != department:
        old, user.department = user.department, department
        _audit(session, ev.DepartmentChanged(username=username, old_department=old, new_department=department),
               actor.label, active(session).number)
    return user


