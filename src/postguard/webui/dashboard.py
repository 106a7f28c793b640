"""The dashboard: panels of figures, each a server-drawn SVG chart with its numbers beside it
and downloadable as CSV.

**Adding a panel** (inbox response times, incidents, advocacy …) is one call, from the module
that owns the data::

    from postguard.webui.dashboard import Panel, PanelData, register_panel

    async def response_times(request, translator, weeks) -> PanelData: ...
    register_panel(Panel(name="response-times", order=50, load=response_times))

``load`` gets the request (to call the service's API as the signed-in person with
:func:`figures` or :func:`~postguard.webui.service.call_api`), the reader's translator and the
period in weeks, and returns the chart and the table behind it. The page loads its panels
concurrently. A panel whose data the person may not see
returns None and is left out. The CSV of every panel is at ``/ui/dashboard/<name>.csv``.
"""
from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import dataclass
from typing import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from ..languages import NATIVE_NAMES
from . import labels
from .access import guard
from .charts import Bar, bar_chart, column_chart
from .i18n import Translator
from .rendering import reader_language, render
from .service import api_error_text, call_api

#: Periods the dashboard offers, in weeks.
PERIODS = (4, 12, 26, 52)


@dataclass(frozen=True)
class PanelData:
    title: str
    description: str
    chart: Markup
    #: The numbers behind the chart: column headings and rows (also the CSV).
    columns: tuple[str, ...]
    rows: list[tuple[object, ...]]
    #: A sentence under the chart (totals, what is counted).
    note: str = ""


PanelLoader = Callable[[Request, Translator, int], Awaitable["PanelData | None"]]


@dataclass(frozen=True)
class Panel:
    #: Used in the CSV's address and file name: lower-case letters and hyphens.
    name: str
    load: PanelLoader
    #: Panels are shown in this order.
    order: int = 100


PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> Panel:
    if panel.name in PANELS:
        raise ValueError(f"dashboard panel {panel.name!r} is registered twice")
    PANELS[panel.name] = panel
    return panel


# -- the drafts panels (from GET /api/v1/stats/drafts) ------------------------------------------

async def figures(request: Request, path: str, weeks: int) -> dict | None:
    """``GET path?weeks=…`` on the API as the reader, once per page however many panels ask
    (the panels load concurrently and share one call); None when the person may not see it."""
    calls = request.state.__dict__.setdefault("dashboard_calls", {})
    if (path, weeks) not in calls:
        calls[(path, weeks)] = asyncio.ensure_future(call_api(request, "GET", path, params={"weeks": weeks}))
    answer = await calls[(path, weeks)]
    return answer.data if answer.ok else None


async def _draft_stats(request: Request, weeks: int) -> dict | None:
    return await figures(request, "/api/v1/stats/drafts", weeks)


def _bars(data: dict[str, int], name) -> list[Bar]:  # noqa: ANN001
    return [Bar(name(key), value) for key, value in data.items()]


async def findings_by_category(request: Request, _: Translator, weeks: int) -> PanelData | None:
    stats = await _draft_stats(request, weeks)
    if stats is None:
        return None
    bars = _bars(stats["by_category"], lambda key: labels.label(labels.CATEGORIES, key, _))
    title = _("Findings by category")
    return PanelData(title, _("What the checks found in submitted drafts, by kind of problem."),
                     bar_chart(bars, chart_id="chart-category", title=title, rtl=_.dir == "rtl",
                               description=_chart_text(bars, _)),
                     (_("Category"), _("Findings")), [(b.label, int(b.value)) for b in bars],
                     _.ngettext("%(num)d finding in all", "%(num)d findings in all", stats["findings"]))


async def findings_by_language(request: Request, _: Translator, weeks: int) -> PanelData | None:
    stats = await _draft_stats(request, weeks)
    if stats is None:
        return None
    bars = _bars(stats["by_language"], lambda key: NATIVE_NAMES.get(key, key))
    title = _("Findings by language of the draft")
    return PanelData(title, _("In which languages the drafts with findings were written."),
                     bar_chart(bars, chart_id="chart-language", title=title, rtl=_.dir == "rtl",
                               description=_chart_text(bars, _)),
                     (_("Language"), _("Findings")), [(b.label, int(b.value)) for b in bars])


async def findings_by_week(request: Request, _: Translator, weeks: int) -> PanelData | None:
    stats = await _draft_stats(request, weeks)
    if stats is None:
        return None
    columns = [Bar(week, value) for week, value in stats["by_week"].items()]
    title = _("Findings per week")
    return PanelData(title, _("Findings in the drafts submitted each week (ISO weeks, UTC)."),
                     column_chart(columns, chart_id="chart-week", title=title, rtl=False,
                                  description=_chart_text(columns, _)),
                     (_("Week"), _("Findings")), [(c.label, int(c.value)) for c in columns])


async def drafts_by_outcome(request: Request, _: Translator, weeks: int) -> PanelData | None:
    stats = await _draft_stats(request, weeks)
    if stats is None:
        return None
    bars = [Bar(labels.label(labels.DRAFT_STATUSES, key, _), value, f"outcome-{key}")
            for key, value in stats["by_outcome"].items()]
    title = _("Drafts by outcome")
    return PanelData(title, _("Where the submitted drafts stand: approved, waiting, sent back or rejected."),
                     bar_chart(bars, chart_id="chart-outcome", title=title, rtl=_.dir == "rtl",
                               description=_chart_text(bars, _)),
                     (_("Outcome"), _("Drafts")), [(b.label, int(b.value)) for b in bars],
                     _.ngettext("%(num)d draft in all", "%(num)d drafts in all", stats["drafts"]))


def _chart_text(bars: list[Bar], _: Translator) -> str:
    """What the chart shows, in words, for a screen reader."""
    if not bars or not any(b.value for b in bars):
        return _("No data in this period.")
    return "; ".join(f"{b.label}: {int(b.value)}" for b in bars)


register_panel(Panel("findings-by-category", findings_by_category, order=10))
register_panel(Panel("findings-by-language", findings_by_language, order=20))
register_panel(Panel("findings-by-week", findings_by_week, order=30))
register_panel(Panel("drafts-by-outcome", drafts_by_outcome, order=40))


# -- the page and the CSV -----------------------------------------------------------------------

def dashboard_router() -> APIRouter:
    router = APIRouter()

    @router.get("/dashboard", name="dashboard", response_class=HTMLResponse)
    async def dashboard(request: Request, weeks: int = 12) -> Response:
        person = guard(request, "dashboard")
        weeks = weeks if weeks in PERIODS else 12
        _ = Translator(reader_language(request))
        # Concurrently: the figures' API calls overlap their database time (SQLite and
        # PostgreSQL wait outside the GIL) instead of adding up.
        panels = sorted(PANELS.values(), key=lambda p: p.order)
        loaded = await asyncio.gather(*(panel.load(request, _, weeks) for panel in panels))
        shown = [(panel, data) for panel, data in zip(panels, loaded) if data is not None]
        error = None
        if not shown:
            answer = await call_api(request, "GET", "/api/v1/stats/drafts", params={"weeks": weeks})
            error = api_error_text(answer, _)
        return render(request, "dashboard.html", page="dashboard", panels=shown, weeks=weeks, periods=PERIODS,
                      error=error)

    @router.get("/dashboard/{name}.csv", name="dashboard_csv")
    async def dashboard_csv(request: Request, name: str, weeks: int = 12) -> Response:
        person = guard(request, "dashboard")
        panel = PANELS.get(name)
        _ = Translator(reader_language(request))
        data = await panel.load(request, _, weeks if weeks in PERIODS else 12) if panel else None
        if data is None:
            return render(request, "message.html", page="dashboard", status_code=404, title=_("Dashboard"),
                          message=_("This does not exist (any more)."))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(data.columns)
        writer.writerows(data.rows)
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="postguard-{name}-{weeks}w.csv"',
            "Cache-Control": "private, no-store"})

    return router
