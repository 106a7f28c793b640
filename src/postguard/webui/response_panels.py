"""Dashboard panels of the inbox: customers answered before their deadline, late or not yet,
per week and per situation (``GET /api/v1/stats/inbox``, ``store/inbox_stats.py``).

Shown to those who may read the inbox (``inbox.read``); for anyone else the API answers 403
and the panels are left out.
"""
from __future__ import annotations

from fastapi import Request

from .charts import Bar, Series, bar_chart, stacked_column_chart
from .dashboard import Panel, PanelData, figures, register_panel
from .i18n import Translator
from .inbox_labels import SITUATIONS
from .labels import N_, label

#: The outcomes in the order of the stacks and the columns, with their names.
OUTCOMES = {
    "on_time": N_("Answered on time"),
    "late": N_("Answered late"),
    "overdue": N_("Not answered, past the deadline"),
    "waiting": N_("Not answered yet, within the deadline"),
    "closed": N_("Closed without a reply"),
}


async def _response_stats(request: Request, weeks: int) -> dict | None:
    return await figures(request, "/api/v1/stats/inbox", weeks)


def _columns(_: Translator, first: str) -> tuple[str, ...]:
    return (first, _("Conversations"), *(_(name) for name in OUTCOMES.values()), _("Median hours to the first reply"))


def _row(name: str, group: dict) -> tuple[object, ...]:
    median = group["median_hours"]
    return (name, group["conversations"], *(group[key] for key in OUTCOMES), "" if median is None else round(median, 1))


def _note(stats: dict, _: Translator) -> str:
    if not stats["conversations"]:
        return ""
    share = round(100 * stats["on_time"] / stats["conversations"])
    text = _.ngettext("%(num)d conversation", "%(num)d conversations", stats["conversations"])
    text += " · " + _("%(share)s%% answered on time", share=str(share))
    if stats["median_hours"] is not None:
        text += " · " + _("median %(hours)s h to the first reply", hours=f"{stats['median_hours']:.1f}")
    return text


async def response_by_week(request: Request, _: Translator, weeks: int) -> PanelData | None:
    stats = await _response_stats(request, weeks)
    if stats is None:
        return None
    week_names = list(stats["by_week"])
    series = [Series(_(name), f"response-{key}", [stats["by_week"][week][key] for week in week_names])
              for key, name in OUTCOMES.items()]
    title = _("Response times against deadlines")
    description = "; ".join(f"{week}: " + ", ".join(f"{s.name} {int(s.values[i])}" for s in series if s.values[i])
                            for i, week in enumerate(week_names) if stats["by_week"][week]["conversations"]) \
        or _("No data in this period.")
    return PanelData(title, _("Customer conversations by the week they arrived: answered before the deadline "
                              "the triage set, after it, or not yet."),
                     stacked_column_chart(week_names, series, chart_id="chart-response-week", title=title,
                                          description=description, rtl=False),
                     _columns(_, _("Week")), [_row(week, group) for week, group in stats["by_week"].items()],
                     _note(stats, _))


async def response_by_situation(request: Request, _: Translator, weeks: int) -> PanelData | None:
    stats = await _response_stats(request, weeks)
    if stats is None:
        return None
    groups = stats["by_situation"]
    bars = [Bar(label(SITUATIONS, key, _), round(group["median_hours"], 1)) for key, group in groups.items()
            if group["median_hours"] is not None]
    title = _("Hours to the first reply, by situation")
    description = "; ".join(f"{b.label}: {b.value:g} h" for b in bars) or _("No data in this period.")
    return PanelData(title, _("The median time from a customer's message to the first reply a person sent, "
                              "by what the message was about."),
                     # Situations have long names ("Harassment of an employee"): a wider label column.
                     bar_chart(bars, chart_id="chart-response-situation", title=title, description=description,
                               rtl=_.dir == "rtl", label_width=200),
                     _columns(_, _("Situation")), [_row(label(SITUATIONS, key, _), group) for key, group in groups.items()])


register_panel(Panel("inbox-response-by-week", response_by_week, order=50))
register_panel(Panel("inbox-response-by-situation", response_by_situation, order=55))
