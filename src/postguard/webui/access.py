"""Which pages a visitor may open, and sending those who are not signed in to sign in.

Pages that show the service's stored data need a signed-in person whose role may use them;
the navigation shows only those. Compose and the Policy (handbook) are open to anyone: the
live check stores nothing and the handbook is for candidates as much as for staff. When the
interface runs without the service every page is shown (the service pages say what they need).
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from ..auth.permissions import allowed
from .service import Viewer, service_app, viewer

#: The pages of the interface, in navigation order.
NAVIGATION = ("compose", "drafts", "share", "review", "inbox", "incidents", "policy", "training", "people", "audit", "dashboard")

#: What a page needs: None (anyone), an action registered in ``auth.permissions`` (the role
#: must be allowed it), or a set of roles.
PAGE_ACCESS: dict[str, str | frozenset[str] | None] = {
    "compose": None,
    "policy": None,
    "training": "training.acknowledge",
    "drafts": "draft.submit",
    "review": "draft.queue",
    "share": "advocacy.library",
    "inbox": "inbox.read",
    "incidents": "incident.read",
    "people": "user.list",
    "audit": "audit.read",
    "dashboard": "dashboard.read",
}


def may_open(person: Viewer | None, page: str) -> bool:
    need = PAGE_ACCESS.get(page)
    if need is None:
        return True
    if person is None:
        return False
    if isinstance(need, str):
        return allowed(person.actor, need)
    return person.role in need


def navigation(request: Request) -> list[str]:
    """The pages to show in the navigation for this request's visitor."""
    if service_app(request) is None:
        return [page for page in NAVIGATION if page not in ("drafts", "share")]
    person = viewer(request)
    return [page for page in NAVIGATION if may_open(person, page)]


def local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site (no scheme, no host): redirects never leave it."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def here(request: Request) -> str:
    """This request's path and query, to come back to after signing in."""
    path = request.url.path
    return f"{path}?{request.url.query}" if request.url.query else path


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = str(request.url_for("signin")) + "?next=" + quote(here(request), safe="")
    return RedirectResponse(target, status_code=303)


class Denied(Exception):
    """The signed-in person's role may not open this page (rendered as a 403 page)."""

    def __init__(self, page: str):
        super().__init__(page)
        self.page = page


class Answered(Exception):
    """A page answers something else instead of itself: a visitor is sent to sign in (and back),
    and without the service the page says it needs the service. The interface's handler returns
    ``response`` as it is, so no page has to check what ``guard`` gave it."""

    def __init__(self, response: Response):
        super().__init__(response.status_code)
        self.response = response


def guard(request: Request, page: str) -> Viewer:
    """The signed-in viewer who may open ``page``. A visitor gets :class:`Answered` with a
    redirect to sign-in; a role that may not open it :class:`Denied`; without the service,
    :class:`Answered` with the page that says it needs the service."""
    if service_app(request) is None:
        from .rendering import render

        raise Answered(render(request, "service_page.html", page=page))
    person = viewer(request)
    if person is None:
        raise Answered(sign_in_redirect(request))
    if not may_open(person, page):
        raise Denied(page)
    return person
