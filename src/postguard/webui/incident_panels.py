"""Dashboard panels of coordinated-campaign incidents: opened per week with the accounts and
comments involved, and where they stand now (``GET /api/v1/stats/incidents``,
``store/incident_stats.py``).

Shown to those who may read incidents (``incident.read``); for anyone else the API answers
403 and the panels are left out.
"""
from __future__ import annotations

from fastapi import Request

from .charts import Bar, bar_chart, column_chart
from .dashboard import Panel, PanelData, figures, register_panel
from .i18n import Translator
from .labels import N_, label

STATES = {"open": N_("Open"), "acknowledged": N_("Acknowledged"), "resolved": N_("Resolved")}


async def _incident_stats(request: Request, weeks: int) -> dict | None:
    return await figures(request, "/api/v1/stats/incidents", weeks)


async def incidents_by_week(request: Request, _: Translator, weeks: int) -> PanelData | None:
    stats = await _incident_stats(request, weeks)
    if stats is None:
        return None
    columns = [Bar(week, counts["opened"]) for week, counts in stats["by_week"].items()]
    title = _("Incidents opened per week")
    description = "; ".join(f"{c.label}: {int(c.value)}" for c in columns if c.value) or _("No data in this period.")
    note = ""
    if stats["opened"]:
        note = " · ".join((_.ngettext("%(num)d incident", "%(num)d incidents", stats["opened"]),
                           _.ngettext("%(num)d account involved", "%(num)d accounts involved", stats["accounts"]),
                           _.ngettext("%(num)d comment involved", "%(num)d comments involved", stats["comments"])))
    return PanelData(title, _("Coordinated campaigns the detector opened an incident for, by the week it opened, "
                              "with the accounts and comments in them."),
                     column_chart(columns, chart_id="chart-incidents-week", title=title, description=description),
                     (_("Week"), _("Incidents"), _("Accounts"), _("Comments")),
                     [(week, c["opened"], c["accounts"], c["comments"]) for week, c in stats["by_week"].items()], note)


async def incidents_by_state(request: Request, _: Translator, weeks: int) -> PanelData | None:
    stats = await _incident_stats(request, weeks)
    if stats is None:
        return None
    bars = [Bar(label(STATES, state, _), count, f"state-{state}") for state, count in stats["by_state"].items()]
    title = _("Incidents by state")
    description = "; ".join(f"{b.label}: {int(b.value)}" for b in bars) if stats["opened"] else _("No data in this period.")
    return PanelData(title, _("Where the incidents opened in this period stand today."),
                     bar_chart(bars, chart_id="chart-incidents-state", title=title, description=description,
                               rtl=_.dir == "rtl"),
                     (_("State"), _("Incidents")), [(b.label, int(b.value)) for b in bars])


register_panel(Panel("incidents-by-week", incidents_by_week, order=60))
register_panel(Panel("incidents-by-state", incidents_by_state, order=65))
