"""The waves timeline: bars where the waves are, as tall as their comment counts, inside the chart."""
from __future__ import annotations

from postguard.webui.incidents import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, timeline


def wave(index, start, end, comments):
    return {"index": index, "start": start, "end": end, "comments": comments}


def test_bars_follow_time_and_size():
    chart = timeline([wave(1, "2026-03-01T10:00:00Z", "2026-03-01T14:00:00Z", 10),
                      wave(2, "2026-03-05T09:00:00Z", "2026-03-05T12:00:00Z", 20),
                      wave(3, "2026-03-11T18:00:00Z", "2026-03-11T20:00:00Z", 5)])
    first, second, third = chart.bars
    assert first.x < second.x < third.x
    assert second.height == HEIGHT - TOP - BOTTOM and first.height == second.height / 2
    for bar in chart.bars:
        assert LEFT - bar.width <= bar.x and bar.x + bar.width <= WIDTH - RIGHT + bar.width
        assert bar.y + bar.height == chart.baseline
    assert [t.label for t in chart.ticks][0] == "2026-03-02" and len(chart.ticks) <= 7
    assert chart.y_ticks[-1][1] == 20


def test_one_short_wave_and_none():
    (bar,) = timeline([wave(1, "2026-03-01T10:00:00Z", "2026-03-01T10:20:00Z", 12)]).bars
    assert bar.height > 0 and LEFT <= bar.x + bar.width / 2 <= WIDTH - RIGHT
    assert timeline([]) is None
