"""The interface's link to the service: who is signed in, and calls to the REST API.

The interface is a client of the service's own API (``/api/v1``): every change a page makes
goes through the same endpoint a script would call, so permissions, validation, audit events
and whatever the endpoints do besides (reassigning an offboarded person's work, …) live in one
place. The calls are made in-process (httpx over ASGI, no socket) with the browser's session
cookie, its CSRF token and its address, so the API sees the same person, throttles the same
address and records the same actor as if the browser had called it.

Reading who is signed in is one indexed lookup in the store, done on every page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import Request

from ..auth.permissions import Actor
from ..errors import AuthenticationError
from ..store import people
from ..web.csrf import CSRF_HEADER, csrf_token
from ..web.deps import SESSION_COOKIE


@dataclass(frozen=True)
class Viewer:
    """The signed-in person as the pages need them."""

    actor: Actor
    display_name: str
    #: The session's CSRF token, put into every form and the page's <meta> for scripts.
    csrf: str

    @property
    def role(self) -> str:
        return self.actor.role

    @property
    def username(self) -> str:
        return self.actor.username


@dataclass(frozen=True)
class ApiAnswer:
    """An answer of the service's API: the status, the JSON body, and the error if it is one."""

    status: int
    data: Any
    headers: httpx.Headers

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error(self) -> dict[str, Any]:
        """The service's one error shape (``{"status", "code", "message", "details"}``)."""
        if self.ok or not isinstance(self.data, dict):
            return {} if self.ok else {"status": self.status, "code": "error", "message": str(self.data), "details": []}
        return self.data.get("error") or {}


def service_app(request: Request):  # noqa: ANN201 - an ASGI app or None
    """The service the interface is mounted in, or None when it runs alone."""
    return request.app.state.settings.service_app


def viewer(request: Request) -> Viewer | None:
    """The person signed in with this request's session cookie, or None (cached per request)."""
    if hasattr(request.state, "viewer"):
        return request.state.viewer
    found = None
    app = service_app(request)
    secret = request.cookies.get(SESSION_COOKIE)
    if app is not None and secret:
        try:
            with app.state.service.db.reader() as session:
                actor = people.actor_for_session(session, secret=secret)
                user = people.get_user(session, username=actor.username)
                found = Viewer(actor=actor, display_name=user.display_name or actor.username, csrf=csrf_token(secret))
        except AuthenticationError:
            found = None  # ended, expired or revoked: the person signs in again
    request.state.viewer = found
    return found


def client_host(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def call_api(request: Request, method: str, path: str, *, json: Any = None,
                   params: dict[str, Any] | None = None, session_secret: str | None = None) -> ApiAnswer:
    """``method path`` on the service's API as the browser behind ``request``.

    ``session_secret`` overrides the request's cookie (sign-in has none yet)."""
    app = service_app(request)
    if app is None:
        raise RuntimeError("the interface is not mounted in the service")
    headers = {"Accept": "application/json"}
    secret = session_secret if session_secret is not None else request.cookies.get(SESSION_COOKIE)
    if secret:
        headers["Cookie"] = f"{SESSION_COOKIE}={secret}"
        headers[CSRF_HEADER] = csrf_token(secret)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(client_host(request), 0))
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        response = await client.request(method, path, json=json,
                                        params={k: v for k, v in (params or {}).items() if v not in (None, "")},
                                        headers=headers)
    try:
        data = response.json()
    except ValueError:
        data = response.text
    return ApiAnswer(status=response.status_code, data=data, headers=response.headers)


def session_cookie_of(answer: ApiAnswer) -> str | None:
    """The session secret a login answer sets, read from its Set-Cookie header."""
    for header in answer.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        if name.strip() == SESSION_COOKIE:
            return rest.split(";", 1)[0]
    return None


def api_error_text(answer: ApiAnswer, _: Any) -> str | None:
    """A sentence for an API refusal in the reader's language (``_`` is a Translator), with
    the service's own message where the status alone does not say enough."""
    if answer.ok:
        return None
    message = answer.error.get("message", "")
    if answer.status == 403:
        return _("Your role does not allow this.") + (f" ({message})" if message else "")
    if answer.status == 404:
        return _("This does not exist (any more).")
    return _("The service refused: %(reason)s", reason=message or str(answer.status))
