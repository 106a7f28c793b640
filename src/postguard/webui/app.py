"""The web interface as a sub-application the service mounts: ``create_ui(settings)``.

The service mounts it under ``/ui``::

    app.mount("/ui", create_ui(UISettings(policy=active_policy, submit_draft_url="/api/v1/drafts")))

and hands it what only the service knows as plain callables (the active policy, later the
signed-in person). Without a service (``create_demo_app``, used by the browser tests and the
benchmark) the interface runs on the bundled demo policy and says so where a page needs the
service.
"""
from __future__ import annotations

import os
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from ..policy.schema import Policy
from .access import Answered, Denied
from .admin_pages import admin_router
from .advocacy_pages import advocacy_router
from .api import api_router, error_response
from .dashboard import dashboard_router
# The modules that own the inbox's and the incidents' figures register their dashboard panels.
from . import incident_panels, response_panels  # noqa: E402,F401,I001
from .drafts_pages import drafts_router
from .incidents import IncidentSource, incidents_router
from .pages import pages_router
from .policy_pages import policy_router
from .rendering import STATIC_DIR, render
from .signin import CsrfRejected, signin_router
from .wizard_pages import wizard_router


def _demo_policy() -> Policy:
    from ..policy.loader import default_policy

    return default_policy()


@dataclass(frozen=True)
class UISettings:
    #: Returns the policy every check and the handbook use; the service passes its active version.
    policy: Callable[[], Policy] = field(default=_demo_policy)
    #: The service's endpoint for submitting a draft; None disables submitting, with an explanation.
    submit_draft_url: str | None = None
    #: Milliseconds of quiet typing before the live check runs. Kept short: the findings must be
    #: on screen within 150 ms of the last keystroke, and the check itself takes a few ms.
    debounce_ms: int = 60
    #: The longest draft the compose page accepts (characters).
    max_draft_chars: int = 20_000
    #: The service's API root (``/api/v1``) the inbox page talks to; None shows that it needs the service.
    inbox_api: str | None = None
    #: Seconds between the inbox page's fetches of its lists while its tab is visible
    #: (``Settings.inbox_refresh_seconds``); tests shorten it.
    inbox_refresh_seconds: float = 30
    #: The service's incidents, read as the signed-in person; None shows "needs the service".
    incidents: IncidentSource | None = None
    #: The service application the interface is mounted in (``postguard.web.create_app``):
    #: sign-in, the signed-in person, and the pages that call its API. None runs the interface
    #: alone; those pages then say that they need the service.
    service_app: Any = None
    #: Pages the service adds (they need its store: acknowledgement, quiz, reports); served
    #: before the interface's own, so they replace its "needs the service" placeholders.
    routers: tuple[APIRouter, ...] = ()


def create_ui(settings: UISettings | None = None) -> FastAPI:
    """The interface's ASGI application: pages, the live-check API, static files."""
    settings = settings or UISettings()
    ui = FastAPI(title="postguard interface", docs_url=None, redoc_url=None, openapi_url=None)
    ui.state.settings = settings
    ui.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in settings.routers:
        ui.include_router(router)
    ui.include_router(pages_router())
    ui.include_router(incidents_router())
    ui.include_router(signin_router())
    ui.include_router(drafts_router())
    ui.include_router(admin_router())
    ui.include_router(dashboard_router())
    ui.include_router(policy_router())
    ui.include_router(advocacy_router())
    ui.include_router(wizard_router())
    ui.include_router(api_router(), prefix="/api")

    @ui.exception_handler(Answered)
    async def answered(request: Request, exc: Answered):  # noqa: ANN202
        return exc.response

    @ui.exception_handler(Denied)
    async def denied(request: Request, exc: Denied):  # noqa: ANN202
        from .i18n import Translator
        from .rendering import reader_language

        _ = Translator(reader_language(request))
        return render(request, "message.html", page=exc.page, status_code=403, title=_("Not for your role"),
                      message=_("Your role does not give access to this page. Ask an administrator if you need it."))

    @ui.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, exc: CsrfRejected):  # noqa: ANN202
        from .i18n import Translator
        from .rendering import reader_language

        _ = Translator(reader_language(request))
        return render(request, "message.html", page="", status_code=403, title=_("The form had expired"),
                      message=_("The form was sent without the security token of this page, or you signed out "
                                "meanwhile. Nothing was changed. Open the page again and retry."))

    @ui.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"location": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        first = details[0] if details else {"location": "body", "message": "invalid request"}
        return error_response(422, "validation_error", f"{first['location']}: {first['message']}", details)

    return ui


def _settings_from_environment() -> UISettings:
    """``POSTGUARD_UI_POLICY``: a policy file instead of the demo; ``POSTGUARD_UI_SUBMIT_URL``:
    where the compose page submits drafts (a path on the same site)."""
    settings = UISettings(submit_draft_url=os.environ.get("POSTGUARD_UI_SUBMIT_URL") or None)
    path = os.environ.get("POSTGUARD_UI_POLICY")
    if not path:
        return settings
    from ..policy.loader import load_policy

    policy = load_policy(path)  # a broken file stops the start with its file:line problems
    return replace(settings, policy=lambda: policy)


def warm_up(settings: UISettings | None = None) -> None:
    """Load what the first check would load (language detector, word lists of each language),
    so the first person to type does not wait seconds. Mounted sub-applications get no
    lifespan events: the service warms the same things up at its own start (``engine.warm_up``)."""
    from .. import engine

    policy = (settings or UISettings()).policy()
    engine.check("Warming up the live check #postguard", policy)
    engine.warm_up(policy)


def create_demo_app(settings: UISettings | None = None) -> FastAPI:
    """The interface alone, the way the service will mount it (``/ui``), on the bundled demo
    policy or on the policy file named by ``POSTGUARD_UI_POLICY``."""
    settings = settings or _settings_from_environment()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        warm_up(settings)
        yield

    app = FastAPI(title="postguard interface (no service)", docs_url=None, redoc_url=None, lifespan=lifespan)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/", status_code=307)

    app.mount("/ui", create_ui(settings))
    return app
