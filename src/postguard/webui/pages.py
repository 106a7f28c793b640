"""The interface's pages. Compose and Policy work on their own; the others need the service's
store (drafts, inbox, incidents, people, audit) and say so until it is mounted."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..context import CHANNELS
from ..languages import LANGUAGES, NATIVE_NAMES, normalise_language
from . import labels
from ..auth.permissions import allowed
from .access import guard, local_path
from ..policy.handbook import build_handbook
from .i18n import LANGUAGE_COOKIE, Translator
from .rendering import reader_language, render
from .service import viewer

#: Pages that show the service's data and are placeholders without it (Review, My drafts,
#: People, Audit, Dashboard, Inbox and Incidents have their own modules; the service adds
#: the training pages through ``UISettings.routers``, before this placeholder).
SERVICE_PAGES: tuple[str, ...] = ("training",)


def pages_router() -> APIRouter:
    router = APIRouter()

    @router.get("/", name="home", include_in_schema=False)
    def home(request: Request) -> RedirectResponse:
        return RedirectResponse(request.url_for("compose"), status_code=307)

    @router.get("/compose", name="compose", response_class=HTMLResponse)
    def compose(request: Request) -> HTMLResponse:
        translator = Translator(reader_language(request))
        return render(
            request, "compose.html", page="compose",
            channels=[(c, labels.channel_label(c, translator)) for c in CHANNELS],
            accounts=[(key, translator(text)) for key, text in labels.ACCOUNTS.items()],
            post_languages=[(code, NATIVE_NAMES[code]) for code in LANGUAGES],
        )

    @router.get("/policy", name="policy", response_class=HTMLResponse)
    def policy(request: Request, hl: str | None = None) -> HTMLResponse:
        language = (normalise_language(hl) if hl else None) or reader_language(request)
        current = request.app.state.settings.policy()
        person = viewer(request)
        return render(
            request, "policy.html", page="policy",
            may_manage=person is not None and allowed(person.actor, "policy.upload"),
            handbook=build_handbook(current, language),
        )

    @router.get("/inbox", name="inbox", response_class=HTMLResponse, include_in_schema=False)
    def inbox(request: Request) -> HTMLResponse:
        if not request.app.state.settings.inbox_api:
            return render(request, "service_page.html", page="inbox")
        from .inbox_labels import SITUATIONS

        translator = Translator(reader_language(request))
        return render(request, "inbox.html", page="inbox",
                      situations={key: translator(text) for key, text in SITUATIONS.items()})

    for name in SERVICE_PAGES:
        router.add_api_route(f"/{name}", _service_page(name), name=name, methods=["GET"],
                             response_class=HTMLResponse, include_in_schema=False)

    @router.get("/language/{code}", name="set_language", include_in_schema=False)
    def set_language(request: Request, code: str, next: str = "") -> RedirectResponse:
        language = normalise_language(code)
        target = local_path(next) or str(request.url_for("compose"))
        response = RedirectResponse(target, status_code=303)
        if language:
            response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="lax",
                                path="/", httponly=True)
        return response

    return router


def _service_page(name: str):
    def page(request: Request) -> Response:
        allowed_viewer = guard(request, name)
        return render(request, "service_page.html", page=name)

    page.__name__ = f"{name}_page"
    return page
