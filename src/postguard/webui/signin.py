"""Signing in and out of the interface, and the CSRF check of every form the pages post.

Sign-in posts the form to the service's own ``POST /api/v1/auth/login`` (through
:func:`~postguard.webui.service.call_api`, from the browser's address, so the login rate
limit counts this browser) and hands the session cookie it sets to the browser. A throttled
sign-in says in the reader's language how long to wait.

Forms before sign-in are protected by a double-submit cookie (``pg_csrf`` and a hidden field
with the same random value); forms after it by the session's CSRF token (``web/csrf.py``).
"""
from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..web.csrf import new_form_token, session_token_ok, tokens_match
from ..web.deps import SESSION_COOKIE
from .access import local_path
from .i18n import Translator
from .rendering import reader_language, render
from .service import call_api, service_app, session_cookie_of, viewer

#: The double-submit cookie of the sign-in form.
FORM_COOKIE = "pg_csrf"
CSRF_FIELD = "csrf_token"


class CsrfRejected(Exception):
    """A form arrived without the token of the page that showed it (rendered as a 403 page)."""


async def form_data(request: Request) -> dict[str, str]:
    """The posted form as plain strings, after the CSRF check of a signed-in person's form."""
    form = await request.form()
    data = {key: value for key, value in form.items() if isinstance(value, str)}
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret or not session_token_ok(secret, data.get(CSRF_FIELD)):
        raise CsrfRejected()
    return data


def signin_router() -> APIRouter:
    router = APIRouter()

    @router.get("/signin", name="signin", response_class=HTMLResponse)
    def signin_page(request: Request, next: str = "", signed_out: bool = False) -> Response:
        target = local_path(next) or ""
        if viewer(request) is not None:
            return RedirectResponse(target or str(request.url_for("home")), status_code=303)
        return _form(request, target, notice="signed_out" if signed_out else None)

    @router.post("/signin", name="signin_post", response_class=HTMLResponse)
    async def signin(request: Request) -> Response:
        form = await request.form()
        data = {key: value for key, value in form.items() if isinstance(value, str)}
        target = local_path(data.get("next")) or ""
        _ = Translator(reader_language(request))
        if service_app(request) is None:
            return _form(request, target, status_code=503)
        if not tokens_match(request.cookies.get(FORM_COOKIE), data.get(CSRF_FIELD)):
            return _form(request, target, error=_("The sign-in form had expired. Please try again."), status_code=403,
                         username=data.get("username", ""))
        username, password = data.get("username", "").strip(), data.get("password", "")
        if not username or not password:
            return _form(request, target, error=_("Enter your username and your password."), status_code=422,
                         username=username)
        answer = await call_api(request, "POST", "/api/v1/auth/login",
                                json={"username": username, "password": password}, session_secret="")
        if answer.status == 429:
            seconds = int(answer.headers.get("retry-after", "60") or 60)
            minutes = max(1, math.ceil(seconds / 60))
            message = _.ngettext("Too many failed sign-ins. For your safety, sign-in is paused: try again in %(num)d minute.",
                                 "Too many failed sign-ins. For your safety, sign-in is paused: try again in %(num)d minutes.",
                                 minutes)
            response = _form(request, target, error=message, status_code=429, username=username, throttled=True)
            response.headers["Retry-After"] = str(seconds)
            return response
        secret = session_cookie_of(answer) if answer.ok else None
        if not secret:
            message = (_("Wrong username or password, or the account is deactivated.") if answer.status in (401, 422)
                       else _("Signing in failed: %(reason)s", reason=answer.error.get("message", str(answer.status))))
            return _form(request, target, error=message, status_code=401 if answer.status in (401, 422) else 502,
                         username=username)
        response = RedirectResponse(target or str(request.url_for("home")), status_code=303)
        settings = service_app(request).state.service.settings
        response.set_cookie(SESSION_COOKIE, secret, max_age=int(settings.session_hours * 3600), httponly=True,
                            samesite="strict", secure=settings.secure_cookies, path="/")
        response.delete_cookie(FORM_COOKIE, path="/ui")
        return response

    @router.post("/signout", name="signout")
    async def signout(request: Request) -> Response:
        await form_data(request)
        await call_api(request, "POST", "/api/v1/auth/logout")
        response = RedirectResponse(str(request.url_for("signin")) + "?signed_out=1", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return router


def _form(request: Request, target: str, *, error: str | None = None, notice: str | None = None,
          status_code: int = 200, username: str = "", throttled: bool = False) -> HTMLResponse:
    token = request.cookies.get(FORM_COOKIE) or new_form_token()
    extra: dict[str, Any] = dict(next_path=target, error=error, notice=notice, username=username,
                                 form_token=token, throttled=throttled)
    response = render(request, "signin.html", page="signin", status_code=status_code, **extra)
    response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="strict", path="/ui",
                        secure=_secure(request))
    return response


def _secure(request: Request) -> bool:
    app = service_app(request)
    return bool(app is not None and app.state.service.settings.secure_cookies)
