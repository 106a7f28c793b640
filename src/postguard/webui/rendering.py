"""Rendering pages: one Jinja2 environment, the reader's language, the shared layout data."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from . import labels
from .access import navigation
from .service import service_app, viewer
from ..languages import direction
from .i18n import LANGUAGE_COOKIE, Translator, choose_language, language_choices

STATIC_DIR = Path(__file__).resolve().parent / "static"

#: Everything the pages load comes from this site: no CDN, no inline script. A page that
#: injected markup could not run script or send data elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)



@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("postguard.webui", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["dir_of"] = direction
    return env


def reader_language(request: Request) -> str:
    return choose_language(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))


def render(request: Request, template: str, *, page: str, status_code: int = 200, language: str | None = None,
           **context: Any) -> HTMLResponse:
    """A page in the reader's language (or ``language``, when the page knows better), inside the
    shared layout."""
    translator = Translator(language or reader_language(request))
    person = viewer(request)
    html = environment().get_template(template).render(
        request=request,
        url_for=request.url_for,
        _=translator.gettext,
        ngettext=translator.ngettext,
        lang=translator.language,
        dir=translator.dir,
        languages=language_choices(),
        page=page,
        navigation=navigation(request),
        settings=request.app.state.settings,
        # The signed-in person (None for a visitor) and whether a service stands behind the pages.
        viewer=person,
        with_service=service_app(request) is not None,
        role_label=lambda role: labels.label(labels.ROLES, role, translator),
        **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    # The page depends on the language cookie and header; caches must not mix languages.
    response.headers["Vary"] = "Cookie, Accept-Language"
    response.headers["Content-Language"] = translator.language
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if person is not None:  # pages with someone's data stay out of shared caches
        response.headers["Cache-Control"] = "private, no-store"
    return response
