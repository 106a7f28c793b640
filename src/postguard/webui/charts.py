"""Charts as inline SVG, drawn on the server: no script, no CDN, nothing to load.

Each chart is an ``<svg role="img">`` with a title and a description a screen reader reads,
colours from the stylesheet's classes (the pages' CSP allows no inline style), and numbers
beside the bars so the chart never depends on colour alone. Bar charts mirror for
right-to-left languages (labels on the right, bars growing leftwards); a time axis runs from
the oldest week to the newest in reading order.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

#: Colours of a chart's series, by stylesheet class (``.series-0`` …); repeat after these.
SERIES = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    #: Extra class for the bar (a series, a verdict) — colours live in the stylesheet.
    kind: str = ""


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}".replace(",", "\u202f")


def bar_chart(bars: list[Bar], *, chart_id: str, title: str, description: str, rtl: bool = False,
              width: int = 420, row: int = 28, label_width: int = 150) -> Markup:
    """Horizontal bars, one row per item, the value written after each bar."""
    top = 8
    height = top * 2 + row * max(len(bars), 1)
    largest = max((b.value for b in bars), default=0) or 1
    room = width - label_width - 50
    parts = [_open(chart_id, title, description, width, height)]
    if not any(b.value for b in bars):
        return _empty(parts, description, width, height)
    for index, bar in enumerate(bars):
        y = top + index * row
        length = max(bar.value / largest * room, 1 if bar.value else 0)
        if rtl:
            bar_x, label_x, label_anchor = width - label_width - length, width - label_width + 8, "start"
            value_x, value_anchor = bar_x - 6, "end"
        else:
            bar_x, label_x, label_anchor = label_width, label_width - 8, "end"
            value_x, value_anchor = label_width + length + 6, "start"
        parts.append(
            f'<text class="chart-label" x="{label_x:.1f}" y="{y + row / 2 + 4:.1f}" text-anchor="{label_anchor}">'
            f'{escape(bar.label)}</text>'
            f'<rect class="chart-bar {escape(bar.kind)}" x="{bar_x:.1f}" y="{y + 5}" width="{length:.1f}" '
            f'height="{row - 10}" rx="4"><title>{escape(bar.label)}: {_number(bar.value)}</title></rect>'
            f'<text class="chart-value" x="{value_x:.1f}" y="{y + row / 2 + 4:.1f}" text-anchor="{value_anchor}">'
            f'{_number(bar.value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(columns: list[Bar], *, chart_id: str, title: str, description: str, rtl: bool = False,
                 width: int = 420, height: int = 200, label_every: int | None = None) -> Markup:
    """Vertical columns over time (oldest first in reading order), labelled every few columns."""
    bottom, top, side = 34, 16, 28
    count = max(len(columns), 1)
    slot = (width - 2 * side) / count
    largest = max((c.value for c in columns), default=0) or 1
    plot = height - bottom - top
    every = label_every or max(1, round(count / 4))
    parts = [_open(chart_id, title, description, width, height),
             f'<line class="chart-axis" x1="{side}" x2="{width - side}" y1="{height - bottom}" y2="{height - bottom}"/>']
    if not any(c.value for c in columns):
        return _empty(parts, description, width, height - bottom)
    for index, column in enumerate(columns):
        position = count - 1 - index if rtl else index
        x = side + position * slot
        length = column.value / largest * plot
        parts.append(
            f'<rect class="chart-bar {escape(column.kind)}" x="{x + slot * 0.15:.1f}" y="{height - bottom - length:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{length:.1f}" rx="2"><title>{escape(column.label)}: '
            f'{_number(column.value)}</title></rect>')
        _annotate(parts, column, centre=x + slot / 2, top=height - bottom - length, axis=height - bottom,
                  shown=count <= 16, labelled=index % every == 0 or index == count - 1)
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Series:
    """One layer of a stacked chart: its name (in the legend), its colour class, a value per column."""

    name: str
    kind: str
    values: list[float]


def stacked_column_chart(labels: list[str], series: list[Series], *, chart_id: str, title: str, description: str,
                         rtl: bool = False, width: int = 420, height: int = 220) -> Markup:
    """Columns over time made of layers (on time, late, …), the total above each, and a legend
    (an HTML list after the chart, so it wraps and reads in the page's direction)."""
    columns = [Bar(label, sum(s.values[index] for s in series)) for index, label in enumerate(labels)]
    bottom, top, side = 34, 16, 28
    count = max(len(labels), 1)
    slot = (width - 2 * side) / count
    largest = max((c.value for c in columns), default=0) or 1
    plot = height - bottom - top
    every = max(1, round(count / 4))
    parts = [_open(chart_id, title, description, width, height),
             f'<line class="chart-axis" x1="{side}" x2="{width - side}" y1="{height - bottom}" y2="{height - bottom}"/>']
    if not any(c.value for c in columns):
        return _empty(parts, description, width, height - bottom)
    for index, column in enumerate(columns):
        x = side + (count - 1 - index if rtl else index) * slot
        base = height - bottom
        for layer in series:
            value = layer.values[index]
            if not value:
                continue
            length = value / largest * plot
            base -= length
            parts.append(f'<rect class="chart-bar {escape(layer.kind)}" x="{x + slot * 0.15:.1f}" y="{base:.1f}" '
                         f'width="{slot * 0.7:.1f}" height="{length:.1f}"><title>{escape(column.label)}, '
                         f'{escape(layer.name)}: {_number(value)}</title></rect>')
        _annotate(parts, column, centre=x + slot / 2, top=base, axis=height - bottom,
                  shown=count <= 16, labelled=index % every == 0 or index == count - 1)
    parts.append("</svg>")
    legend = "".join(f'<li><i class="swatch {escape(s.kind)}" aria-hidden="true"></i>{escape(s.name)}</li>' for s in series)
    return Markup("".join(parts) + f'<ul class="legend" role="list">{legend}</ul>')


def _annotate(parts: list[str], column: Bar, *, centre: float, top: float, axis: float, shown: bool,
              labelled: bool) -> None:
    """A column's total above it (when columns are few enough to read) and its label below the axis."""
    if column.value and shown:
        parts.append(f'<text class="chart-value" x="{centre:.1f}" y="{top - 4:.1f}" '
                     f'text-anchor="middle">{_number(column.value)}</text>')
    if labelled:
        parts.append(f'<text class="chart-label" x="{centre:.1f}" y="{axis + 18}" '
                     f'text-anchor="middle">{escape(column.label)}</text>')


def _empty(parts: list[str], text: str, width: int, height: int) -> Markup:
    """A chart without data says so where the bars would be."""
    parts.append(f'<text class="chart-value" x="{width / 2:.0f}" y="{height / 2 + 4:.0f}" text-anchor="middle">'
                 f'{escape(text)}</text></svg>')
    return Markup("".join(parts))


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> str:
    # direction="ltr": coordinates and text-anchor are laid out here, also for right-to-left
    # pages (an inherited rtl would turn "start" into the right edge); Hebrew labels still
    # read right to left inside their own text.
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" direction="ltr" '
            f'width="{width}" height="{height}" aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">'
            f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>')
