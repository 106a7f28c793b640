"""People and Audit: accounts and roles (create, change role, offboard), and the audit log
with filters, export and the "verify chain" button.

Every change and every read goes through the service's API as the signed-in person, so the
API's permission checks, audit events and side effects (offboarding reassigns the person's
work) apply exactly as for any other client.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import NoMatchFound

from ..auth.permissions import may_grant
from ..languages import LANGUAGES, NATIVE_NAMES
from . import audit_view, labels
from .access import guard
from .i18n import Translator
from .rendering import reader_language, render
from .service import Viewer, api_error_text, call_api
from .signin import form_data

#: Audit events per page, newest first; the export has them all.
AUDIT_PAGE_SIZE = 100


def _done(_: Translator) -> dict[str, str]:
    return {
        "created": _("The account is created. Give the person their username and first password."),
        "role": _("The role is changed."),
        "deactivated": _("The account is deactivated: its sessions and API tokens no longer work."),
    }


def admin_router() -> APIRouter:
    router = APIRouter()

    @router.get("/people", name="people", response_class=HTMLResponse)
    async def people_page(request: Request, done: str = "") -> Response:
        person = guard(request, "people")
        return await _people(request, person, done=done)

    @router.post("/people", name="people_create")
    async def create(request: Request) -> Response:
        person = guard(request, "people")
        form = await form_data(request)
        _ = Translator(reader_language(request))
        body = {"username": form.get("username", "").strip().lower(), "role": form.get("role", ""),
                "password": form.get("password", ""), "display_name": form.get("display_name", "").strip(),
                "email": form.get("email", "").strip() or None, "language": form.get("language", "en")}
        if not body["username"] or not body["password"]:
            return await _people(request, person, error=_("A new account needs a username and a first password."),
                                 form=form, status_code=422)
        answer = await call_api(request, "POST", "/api/v1/users", json=body)
        if answer.ok:
            return RedirectResponse(str(request.url_for("people")) + "?done=created", status_code=303)
        return await _people(request, person, error=api_error_text(answer, _), form=form, status_code=answer.status)

    @router.post("/people/{username}/role", name="people_role")
    async def set_role(request: Request, username: str) -> Response:
        person = guard(request, "people")
        form = await form_data(request)
        answer = await call_api(request, "PUT", f"/api/v1/users/{username}/role", json={"role": form.get("role", "")})
        if answer.ok:
            return RedirectResponse(str(request.url_for("people")) + "?done=role", status_code=303)
        _ = Translator(reader_language(request))
        return await _people(request, person, error=api_error_text(answer, _), status_code=answer.status)

    @router.get("/people/{username}/deactivate", name="people_deactivate", response_class=HTMLResponse)
    async def confirm_deactivate(request: Request, username: str) -> Response:
        person = guard(request, "people")
        users = await call_api(request, "GET", "/api/v1/users")
        user = next((u for u in (users.data if users.ok else []) if u["username"] == username), None)
        _ = Translator(reader_language(request))
        if user is None:
            return render(request, "message.html", page="people", status_code=404, title=_("People"),
                          message=_("This does not exist (any more)."))
        return render(request, "people_deactivate.html", page="people", user=user,
                      role_name=labels.label(labels.ROLES, user["role"], _))

    @router.post("/people/{username}/deactivate", name="people_deactivate_post")
    async def deactivate(request: Request, username: str) -> Response:
        person = guard(request, "people")
        await form_data(request)
        answer = await call_api(request, "POST", f"/api/v1/users/{username}/deactivate")
        if answer.ok:
            return RedirectResponse(str(request.url_for("people")) + "?done=deactivated", status_code=303)
        _ = Translator(reader_language(request))
        return await _people(request, person, error=api_error_text(answer, _), status_code=answer.status)

    @router.get("/audit", name="audit", response_class=HTMLResponse)
    async def audit_page(request: Request, actor: str = "", action: str = "", since: str = "", until: str = "",
                         verify: bool = False, before: int | None = None, after: int | None = None) -> Response:
        person = guard(request, "audit")
        _ = Translator(reader_language(request))
        filters = {"actor": _actor_filter(actor), "action": action.strip(), "since": _moment(since), "until": _moment(until)}
        # Newest first, a page at a time by sequence number (``before``: older pages, ``after``:
        # back towards the newest), so events logged meanwhile never shift a page. One event
        # more than a page tells whether there is a further page.
        if after is not None:
            params = {"order": "asc", "after": after}
        else:
            params = {"order": "desc", **({"before": before} if before is not None else {})}
        answer = await call_api(request, "GET", "/api/v1/audit",
                                params={**{k: v for k, v in filters.items() if v}, **params, "limit": AUDIT_PAGE_SIZE + 1})
        found = answer.data if answer.ok else []
        further = len(found) > AUDIT_PAGE_SIZE
        link = _linker(request)
        events = [audit_view.shown(event, _, link) for event in found[:AUDIT_PAGE_SIZE]]
        if after is not None:
            events.reverse()
        verification = (await call_api(request, "GET", "/api/v1/audit/verify")) if verify else None
        query = urlencode({k: v for k, v in filters.items() if v})
        shown = {"actor": actor, "action": action, "since": since, "until": until}
        keep = {k: v for k, v in shown.items() if v}
        newer = older = None
        if events:
            if (after is not None and further) or (after is None and before is not None):
                newer = f"?{urlencode({**keep, 'after': events[0]['seq']})}"
            if after is not None or further:
                older = f"?{urlencode({**keep, 'before': events[-1]['seq']})}"
        return render(
            request, "audit.html", page="audit", status_code=200 if answer.ok else answer.status,
            events=events, error=api_error_text(answer, _), filters=shown, actions=audit_view.filter_choices(_),
            newer=newer, older=older, newest=f"?{urlencode(keep)}" if keep else "?",
            export_csv=f"/api/v1/audit/export?{urlencode({'format': 'csv'})}{'&' + query if query else ''}",
            export_jsonl=f"/api/v1/audit/export?{urlencode({'format': 'jsonl'})}{'&' + query if query else ''}",
            verification=verification.data if verification is not None and verification.ok else None,
            verification_error=api_error_text(verification, _) if verification is not None else None,
        )

    return router


async def _people(request: Request, person: Viewer, *, error: str | None = None, form: dict[str, str] | None = None,
                  done: str = "", status_code: int = 200) -> HTMLResponse:
    _ = Translator(reader_language(request))
    answer = await call_api(request, "GET", "/api/v1/users")
    users = answer.data if answer.ok else []
    grantable = [(role, labels.label(labels.ROLES, role, _)) for role in labels.ROLES if may_grant(person.actor, role)]
    return render(
        request, "people.html", page="people", status_code=status_code if answer.ok else answer.status,
        users=[_user_row(u, person, _) for u in users], grantable=grantable,
        account_languages=[(code, NATIVE_NAMES[code]) for code in LANGUAGES],
        error=error or api_error_text(answer, _), form=form or {}, done=_done(_).get(done),
    )


def _user_row(user: dict[str, Any], person: Viewer, _: Translator) -> dict[str, Any]:
    own = user["username"] == person.username
    manageable = not own and user["is_active"] and may_grant(person.actor, user["role"])
    return {**user, "role_label": labels.label(labels.ROLES, user["role"], _), "own": own,
            "manageable": manageable, "created": user["created_at"][:10],
            "language_name": NATIVE_NAMES.get(user["language"], user["language"])}


def _actor_filter(actor: str) -> str:
    """"alice" means the person ``user:alice``; "address:…" or "cli" are taken as written."""
    actor = actor.strip()
    return actor if not actor or ":" in actor or actor == "cli" else f"user:{actor}"


def _moment(value: str) -> str:
    """A ``datetime-local`` value (taken as UTC) as ISO 8601 for the API; empty stays empty."""
    value = value.strip()
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        return value  # the API answers with a clear validation error


def _linker(request: Request) -> audit_view.Linker:
    """Links to this interface's pages by route name and one parameter; None for a page it does not
    have. Each route's path is looked up once per page (a lookup walks every route: a hundred events
    with three links each cost 100 ms that way), with a stand-in for the id."""
    paths: dict[str, str | None] = {}

    def link(name: str, **params: Any) -> str | None:
        (parameter, value), = params.items()
        if name not in paths:
            try:
                if name in audit_view.FRAGMENT_PAGES:
                    paths[name] = (f"{request.url_for(name).path}#{parameter}-{_STAND_IN}"
                                   if _has_page(request, name) else None)
                else:
                    paths[name] = request.url_for(name, **{parameter: _STAND_IN}).path
            except NoMatchFound:
                paths[name] = None
        path, text = paths[name], str(value)
        return path.replace(_STAND_IN, quote(text, safe="")) if path and text else None

    return link


def _has_page(request: Request, name: str) -> bool:
    """Whether a route shows its page here: the inbox route is a placeholder in an interface without
    the service's inbox API."""
    return name != "inbox" or bool(request.app.state.settings.inbox_api)


#: An id no page has, that every route parameter takes (int or str) and appears nowhere else in a path.
_STAND_IN = "9070605040302010"
