"""The Incidents pages: the list, and one incident with its accounts, a waves timeline and the evidence.

The interface holds no data: the service hands it an :class:`IncidentSource` (through
``UISettings.incidents``) that reads the store as the signed-in person, under the same
permissions as the API. Without a service the pages say that they need it.

The timeline is an inline SVG drawn here on the server (no script, no CDN): one bar per wave
at its start time, as tall as its comment count. It is an image with a title and a
description; the table of waves below it carries the same figures for screen readers.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..auth.permissions import allowed
from ..campaigns.incidents import NEXT_STATES
from ..campaigns.serialize import parse_iso
from ..errors import AuthenticationError, ForbiddenError, NotFoundError
from .i18n import Translator
from .rendering import reader_language, render
from .service import api_error_text, call_api, service_app, viewer
from .signin import form_data

#: The state changes a page offers: the form's action -> the state it leads to. A page offers
#: those the incident's state still allows (``NEXT_STATES``; the API refuses the others with 409).
ACTIONS = {"acknowledge": "acknowledged", "resolve": "resolved"}
MAX_NOTE_CHARS = 2000


class IncidentSource(Protocol):
    """What the pages need from the service; each call acts as the person the request signs in."""

    def list(self, request: Request) -> list[dict[str, Any]]: ...
    def get(self, request: Request, incident_id: str, language: str) -> dict[str, Any]: ...
    def evidence_url(self, incident_id: str, fmt: str, language: str) -> str: ...


# -- the timeline ------------------------------------------------------------------------------
WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 24, 40


@dataclass(frozen=True)
class Bar:
    index: int
    x: float
    y: float
    width: float
    height: float
    comments: int
    label_y: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    y_ticks: list[tuple[float, int]]
    baseline: float
    left: int
    right: float


def timeline(waves: list[dict[str, Any]]) -> Timeline | None:
    """Bars at each wave's start, height by comments; None without waves."""
    if not waves:
        return None
    starts = [parse_iso(w["start"]) for w in waves]
    first, last = min(starts), max(parse_iso(w["end"]) for w in waves)
    span = max((last - first).total_seconds(), 3600.0)
    first -= timedelta(seconds=span * 0.04)
    span *= 1.08
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    most = max(int(w["comments"]) for w in waves) or 1
    bar_w = max(8.0, min(28.0, plot_w / (len(waves) * 3)))
    bars = []
    for wave, start in zip(waves, starts):
        x = LEFT + (start - first).total_seconds() / span * plot_w
        h = max(2.0, int(wave["comments"]) / most * plot_h)
        y = TOP + plot_h - h
        bars.append(Bar(int(wave["index"]), round(x - bar_w / 2, 1), round(y, 1), round(bar_w, 1), round(h, 1),
                        int(wave["comments"]), round(y - 6, 1)))
    ticks = [Tick(round(LEFT + (moment - first).total_seconds() / span * plot_w, 1), f"{moment:%Y-%m-%d}")
             for moment in _day_ticks(first, first + timedelta(seconds=span))]
    y_ticks = [(round(TOP + plot_h - value / most * plot_h, 1), value) for value in sorted({0, most // 2, most})]
    return Timeline(WIDTH, HEIGHT, bars, ticks, y_ticks, TOP + plot_h, LEFT, WIDTH - RIGHT)


def _day_ticks(start: datetime, end: datetime, most: int = 6) -> list[datetime]:
    days = max(1, (end - start).days)
    step = max(1, -(-days // most))
    day = start.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    out = []
    while day < end:
        out.append(day)
        day += timedelta(days=step)
    return out


# -- the pages ---------------------------------------------------------------------------------
def _refusal(request: Request, exc: Exception, page: str) -> HTMLResponse:
    status = 401 if isinstance(exc, AuthenticationError) else 403 if isinstance(exc, ForbiddenError) else 404
    return render(request, "incidents.html", page=page, status_code=status, incidents=None, problem=status)


def incidents_router() -> APIRouter:
    router = APIRouter()

    @router.get("/incidents", name="incidents", response_class=HTMLResponse)
    def incident_list(request: Request) -> HTMLResponse:
        source: IncidentSource | None = request.app.state.settings.incidents
        if source is None:
            return render(request, "service_page.html", page="incidents")
        try:
            items = source.list(request)
        except (AuthenticationError, ForbiddenError) as exc:
            return _refusal(request, exc, "incidents")
        return render(request, "incidents.html", page="incidents", incidents=items, problem=None)

    @router.get("/incidents/{incident_id}", name="incident", response_class=HTMLResponse)
    def incident_page(request: Request, incident_id: str, done: str = "") -> HTMLResponse:
        return _incident(request, incident_id, done=done if done in ACTIONS.values() else None)

    @router.post("/incidents/{incident_id}/{action}", name="incident_action", response_class=HTMLResponse)
    async def incident_action(request: Request, incident_id: str, action: str) -> Response:
        """Acknowledge or resolve through the API (same permission, audit event and note)."""
        if action not in ACTIONS:
            return _incident(request, incident_id, status_code=404)
        if service_app(request) is None:
            return render(request, "service_page.html", page="incidents")
        data = await form_data(request)  # the CSRF check
        note = data.get("note", "").strip()[:MAX_NOTE_CHARS] or None
        answer = await call_api(request, "POST", f"/api/v1/incidents/{incident_id}/{action}", json={"note": note})
        if answer.ok:
            target = request.url_for("incident", incident_id=incident_id)
            return RedirectResponse(f"{target}?done={ACTIONS[action]}", status_code=303)
        _ = Translator(reader_language(request))
        return await run_in_threadpool(_incident, request, incident_id, error=api_error_text(answer, _),
                                       status_code=answer.status, note=note)

    def _incident(request: Request, incident_id: str, *, done: str | None = None, error: str | None = None,
                  status_code: int = 200, note: str | None = None) -> HTMLResponse:
        source: IncidentSource | None = request.app.state.settings.incidents
        if source is None:
            return render(request, "service_page.html", page="incidents")
        language = reader_language(request)
        try:
            incident = source.get(request, incident_id, language)
        except (AuthenticationError, ForbiddenError, NotFoundError) as exc:
            return _refusal(request, exc, "incidents")
        downloads = {fmt: source.evidence_url(incident_id, fmt, language) for fmt in ("json", "html")}
        person = viewer(request)
        may_change = person is not None and allowed(person.actor, "incident.transition")
        return render(request, "incident.html", page="incidents", incident=incident, chart=timeline(incident["waves"]),
                      downloads=downloads, actions=_actions(incident["state"]) if may_change else (),
                      done=done, error=error, note=note, status_code=status_code)

    return router


def _actions(state: str) -> tuple[str, ...]:
    """The forms the incident page shows for an incident in ``state``."""
    return tuple(action for action, leads_to in ACTIONS.items() if leads_to in NEXT_STATES[state])
