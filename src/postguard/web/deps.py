"""Request dependencies as ``Annotated`` aliases: the service, sessions, the calling actor."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Iterator

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from ..auth.permissions import Actor
from ..auth.secrets import Passwords, secret_hash
from ..errors import AuthenticationError, ForbiddenError
from ..policy.schema import Policy
from ..settings import Settings
from ..store import people, policies
from ..store.base import utcnow
from ..store.db import Database
from .csrf import CSRF_HEADER, SAFE_METHODS, session_token_ok
from .recent import Recent

SESSION_COOKIE = "postguard_session"


@dataclass
class Service:
    """What every request shares: settings, database, password hasher (one per app), and the
    short memory of token holders and the active policy (see ``recent``)."""

    settings: Settings
    db: Database
    passwords: Passwords
    _holders: Recent[str, Actor] = field(init=False, repr=False)
    _policy: Recent[str, tuple[int, Policy]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._holders = Recent(self.settings.cache_seconds)
        self._policy = Recent(self.settings.cache_seconds)

    def active_policy(self) -> tuple[int, Policy]:
        """(number, parsed policy) of the active version, looked up at most every few seconds."""
        cached = self._policy.get("active")
        if cached is not None:
            return cached
        with self.db.engine.connect() as connection:
            return self._policy.put("active", policies.active_policy(connection))

    def token_holder(self, secret: str) -> Actor:
        """The actor behind an API token; raises AuthenticationError for an unknown, revoked or expired one."""
        key = secret_hash(secret)
        actor = self._holders.get(key)
        if actor is not None:
            return actor
        with self.db.engine.connect() as connection:  # a plain connection: this runs on every call
            actor, expires_at = people.token_credential(connection, token_hash=key)
        return self._holders.put(key, actor, seconds=_seconds_until(expires_at))

    def credentials_changed(self) -> None:
        """A token was revoked, a role changed, someone deactivated: forget the token holders now."""
        self._holders.clear()

    def policy_changed(self) -> None:
        self._policy.clear()


def _seconds_until(moment: datetime | None) -> float | None:
    return None if moment is None else (moment - utcnow()).total_seconds()


async def get_service(request: Request) -> Service:
    # async: FastAPI runs sync dependencies in the thread pool, a hop this lookup does not need.
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]


def reader(service: ServiceDep) -> Iterator[Session]:
    with service.db.reader() as session:
        yield session


def writer(service: ServiceDep) -> Iterator[Session]:
    """A write unit of work; routes commit explicitly before answering, anything else rolls back.
    Opened and closed in thread-pool threads other than the route's: no process lock (see Database.writer)."""
    with service.db.writer(queue=False) as session:
        yield session


ReadSession = Annotated[Session, Depends(reader)]
WriteSession = Annotated[Session, Depends(writer)]

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer pgt_…`")
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="A browser session from /api/v1/auth/login")


async def current_actor(request: Request, service: ServiceDep,
                        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
                        cookie: Annotated[str | None, Depends(_cookie)]) -> Actor:
    """The caller. Runs on the event loop: at most one indexed lookup (WAL readers and PostgreSQL
    readers never wait for writers) is cheaper inline than a hop to the thread pool on every request."""
    if bearer is not None:
        return service.token_holder(bearer.credentials)
    if cookie:
        with service.db.reader() as session:
            actor = people.actor_for_session(session, secret=cookie)
        # A browser sends the cookie with any request, also one another site makes it send:
        # changes need the session's CSRF token too (web/csrf.py).
        if request.method not in SAFE_METHODS and not session_token_ok(cookie, request.headers.get(CSRF_HEADER)):
            raise ForbiddenError(f"a change made with the session cookie needs the {CSRF_HEADER} header "
                                 "(the login answer and the interface's pages carry it)")
        return actor
    raise AuthenticationError("log in or send an API token (Authorization: Bearer …)")


ActorDep = Annotated[Actor, Depends(current_actor)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
