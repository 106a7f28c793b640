"""Request dependencies as ``Annotated`` aliases: the service, sessions, the calling actor."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Iterator

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from ..auth.permissions import Actor
from ..auth.secrets import Passwords
from ..errors import AuthenticationError, ForbiddenError
from ..settings import Settings
from ..store import people
from ..store.db import Database
from .csrf import CSRF_HEADER, SAFE_METHODS, session_token_ok

SESSION_COOKIE = "postguard_session"


@dataclass
class Service:
    """What every request shares: settings, database, password hasher (one per app)."""

    settings: Settings
    db: Database
    passwords: Passwords


async def get_service(request: Request) -> Service:
    # async: FastAPI runs sync dependencies in the thread pool, a hop this lookup does not need.
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]


def reader(service: ServiceDep) -> Iterator[Session]:
    with service.db.reader() as session:
        yield session


def writer(service: ServiceDep) -> Iterator[Session]:
    """A write unit of work; routes commit explicitly before answering, anything else rolls back."""
    with service.db.writer() as session:
        yield session


ReadSession = Annotated[Session, Depends(reader)]
WriteSession = Annotated[Session, Depends(writer)]

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer pgt_…`")
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="A browser session from /api/v1/auth/login")


async def current_actor(request: Request, service: ServiceDep,
                        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
                        cookie: Annotated[str | None, Depends(_cookie)]) -> Actor:
    """The caller. Runs on the event loop: one indexed lookup (WAL readers and PostgreSQL readers
    never wait for writers) is cheaper inline than a hop to the thread pool on every request."""
    if bearer is not None:
        with service.db.engine.connect() as connection:  # a plain connection: this runs on every call
            return people.actor_for_token(connection, secret=bearer.credentials)
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
