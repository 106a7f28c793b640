"""Query functions for people and credentials: users, API tokens, browser sessions, logins.

Keyword-only, one unit of work each; the caller owns the transaction (commit or roll back).
Every state change appends its audit event in the same transaction.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from ..auth.permissions import Actor, Owned, allowed, may_grant
from ..auth.secrets import SESSION_PREFIX, TOKEN_PREFIX, Passwords, new_secret, password_problem, secret_hash
from ..auth.throttle import Throttle, note_attempt, throttled
from ..errors import AuthenticationError, ConflictError, ForbiddenError, NotFoundError, ThrottledError, UsageError
from ..languages import normalise_language
from . import audit_events as ev
from .audit import record
from .base import utcnow
from .models import ROLE_NAMES, ApiToken, User, WebSession

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")


def _policy_version(session: Session) -> int | None:
    from .policies import active_number

    return active_number(session)


def _audit(session: Session, event: ev.Event, actor: Actor) -> None:
    record(session, event, actor=actor.label, policy_version=_policy_version(session))


def require(actor: Actor, action: str, resource: object = None) -> None:
    if not allowed(actor, action, resource):
        raise ForbiddenError(f"{actor.username} ({actor.role}) may not {action}")


def get_user(session: Session, *, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError(f"no user {username!r}")
    return user


def list_users(session: Session, *, include_inactive: bool = True) -> list[User]:
    query = select(User).order_by(User.username)
    if not include_inactive:
        query = query.where(User.is_active.is_(True))
    return list(session.scalars(query))


def create_user(session: Session, *, actor: Actor, username: str, role: str, password: str | None,
                passwords: Passwords, display_name: str = "", email: str | None = None, language: str = "en") -> User:
    require(actor, "user.create")
    if not USERNAME.match(username):
        raise UsageError(f"username {username!r}: use 2-63 lower-case letters, digits, '.', '_' or '-'")
    _check_role(role)
    if not may_grant(actor, role):
        raise ForbiddenError(f"{actor.username} ({actor.role}) cannot create a {role}: that role has powers {actor.role} lacks")
    lang = normalise_language(language)
    if lang is None:
        raise UsageError(f"unsupported language {language!r}; use one of pl, no, sv, he, nl, en")
    if password is not None and (problem := password_problem(password, username)):
        raise UsageError(problem)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ConflictError(f"username {username!r} is taken")
    user = User(username=username, role=role, display_name=display_name or username, email=email, language=lang,
                password_hash=passwords.hash(password) if password is not None else None)
    session.add(user)
    session.flush()
    _audit(session, ev.UserCreated(username=username, role=role), actor)
    return user


def _check_role(role: str) -> None:
    if role not in ROLE_NAMES:
        raise UsageError(f"unknown role {role!r}; roles: {', '.join(ROLE_NAMES)}")


def set_role(session: Session, *, actor: Actor, username: str, role: str) -> User:
    _check_role(role)
    user = get_user(session, username=username)
    if user.id == actor.user_id:
        raise ForbiddenError("nobody changes their own role")
    require(actor, "user.set_role", Owned(user.id))
    for which in (role, user.role):
        if not may_grant(actor, which):
            raise ForbiddenError(f"{actor.username} ({actor.role}) cannot grant or take away the role {which}")
    if user.role != role:
        old, user.role = user.role, role
        _audit(session, ev.RoleChanged(username=username, old_role=old, new_role=role), actor)
    return user


def deactivate(session: Session, *, actor: Actor, username: str) -> User:
    user = get_user(session, username=username)
    if user.id == actor.user_id:
        raise ForbiddenError("nobody deactivates their own account")
    require(actor, "user.deactivate", Owned(user.id))
    if not may_grant(actor, user.role):
        raise ForbiddenError(f"{actor.username} ({actor.role}) cannot deactivate a {user.role}")
    if user.is_active:
        user.is_active = False
        now = utcnow()
        for credential in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
            credential.revoked_at = now
        for web in session.scalars(select(WebSession).where(WebSession.user_id == user.id, WebSession.revoked_at.is_(None))):
            web.revoked_at = now
        _audit(session, ev.UserDeactivated(username=username), actor)
        from .inbox import hand_over

        hand_over(session, actor=actor, user=user)  # R11: nothing leaves with a departing employee
    return user


def actor_of(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, role=user.role)


# --- API tokens -------------------------------------------------------------------------

def create_token(session: Session, *, actor: Actor, name: str, expires_at: datetime | None = None,
                 for_user: User | None = None) -> tuple[ApiToken, str]:
    """A new token for the actor (or, by an admin, for ``for_user``); the secret is returned once, never stored."""
    owner = actor_of(for_user) if for_user is not None else actor
    if owner.user_id == actor.user_id:
        require(actor, "token.create")
    else:
        require(actor, "token.create_for")
        if not for_user.is_active:
            raise ConflictError(f"{for_user.username} is deactivated")
    if not name.strip() or len(name) > 100:
        raise UsageError("a token needs a name of 1-100 characters")
    if expires_at is not None:
        expires_at = _aware(expires_at)
        if expires_at <= utcnow():
            raise UsageError("expires_at is in the past")
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken(user_id=owner.user_id, name=name.strip(), prefix=secret[:12], token_hash=secret_hash(secret),
                     expires_at=expires_at)
    session.add(token)
    session.flush()
    _audit(session, ev.TokenIssued(token_id=token.id, username=owner.username, name=token.name), actor)
    return token, secret


def list_tokens(session: Session, *, actor: Actor, username: str | None = None) -> list[ApiToken]:
    owner = get_user(session, username=username) if username else None
    owner_id = owner.id if owner else actor.user_id
    require(actor, "token.list", Owned(owner_id))
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == owner_id).order_by(ApiToken.id)))


def revoke_token(session: Session, *, actor: Actor, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFoundError(f"no token {token_id}")
    require(actor, "token.revoke", Owned(token.user_id))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        _audit(session, ev.TokenRevoked(token_id=token.id, username=token.user.username), actor)
    return token


#: Built once: this lookup runs on every API call, and building a statement costs more than running it.
_TOKEN_LOOKUP = (select(User.id, User.username, User.role, User.is_active, ApiToken.revoked_at, ApiToken.expires_at)
                 .join(User, User.id == ApiToken.user_id).where(ApiToken.token_hash == bindparam("token_hash")))


def actor_for_token(session: Session | Connection, *, secret: str) -> Actor:
    """The actor behind an API token (a column-only query on a prebuilt statement)."""
    return token_credential(session, token_hash=secret_hash(secret))[0]


def token_credential(session: Session | Connection, *, token_hash: str) -> tuple[Actor, datetime | None]:
    """The actor behind a valid token, and when the token expires (None: never)."""
    row = session.execute(_TOKEN_LOOKUP, {"token_hash": token_hash}).first()
    expires_at = _aware(row.expires_at) if row is not None and row.expires_at is not None else None
    if row is None or row.revoked_at is not None or not row.is_active or (
            expires_at is not None and expires_at <= utcnow()):
        raise AuthenticationError("the API token is unknown, revoked or expired")
    return Actor(user_id=row.id, username=row.username, role=row.role), expires_at


def _aware(moment: datetime) -> datetime:
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --- browser sessions -------------------------------------------------------------------

def login_throttle(session: Session, *, username: str, address: str, max_failures: int,
                   window_seconds: int) -> Throttle | None:
    """The limit this account or address has reached, if any (read-only)."""
    return throttled(session, username=username, address=address, now=utcnow(),
                     max_failures=max_failures, window_seconds=window_seconds)


def password_matches(session: Session, *, username: str, password: str, passwords: Passwords) -> bool:
    """Whether an active account has this password (read-only; the same cost for unknown names)."""
    user = session.scalar(select(User).where(User.username == username))
    return passwords.verify(user.password_hash if user else None, password) and user is not None and user.is_active


def record_login(session: Session, *, username: str, address: str, ok: bool, throttle: Throttle | None,
                 hours: float) -> tuple[WebSession, str]:
    """Write the outcome of a login: the attempt, its audit event and, on success, a session.

    The password is checked before (``password_matches``, outside the write transaction: argon2
    is slow on purpose and SQLite's write lock must not wait for it). Failures and throttling
    raise after writing; the caller commits before answering, so they are kept.
    """
    now = utcnow()
    if throttle is not None:
        record(session, ev.LoginThrottled(username=username, address=address, limit=throttle.limit,
                                          retry_after=throttle.retry_after),
               actor=f"address:{address}", policy_version=_policy_version(session))
        raise ThrottledError(f"too many failed logins for this {throttle.limit}; try again in {throttle.retry_after} s",
                             throttle.retry_after)
    note_attempt(session, username=username, address=address, succeeded=ok, at=now)
    user = session.scalar(select(User).where(User.username == username)) if ok else None
    if user is None or not user.is_active:
        record(session, ev.LoginFailed(username=username, address=address),
               actor=f"address:{address}", policy_version=_policy_version(session))
        raise AuthenticationError("wrong username or password, or the account is deactivated")
    secret = new_secret(SESSION_PREFIX)
    web = WebSession(user_id=user.id, token_hash=secret_hash(secret), address=address, expires_at=now + timedelta(hours=hours))
    session.add(web)
    _audit(session, ev.LoginSucceeded(username=username, address=address), actor_of(user))
    return web, secret


def actor_for_session(session: Session, *, secret: str) -> Actor:
    web = session.scalar(select(WebSession).where(WebSession.token_hash == secret_hash(secret)))
    if web is None or web.revoked_at is not None or web.expires_at <= utcnow() or not web.user.is_active:
        raise AuthenticationError("the session has ended; log in again")
    return actor_of(web.user)


def logout(session: Session, *, secret: str) -> None:
    web = session.scalar(select(WebSession).where(WebSession.token_hash == secret_hash(secret)))
    if web is not None and web.revoked_at is None:
        web.revoked_at = utcnow()
        _audit(session, ev.LoggedOut(username=web.user.username), actor_of(web.user))
