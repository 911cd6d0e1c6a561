"""Geometry of the charts the PDFs draw: the timeline and the ramp of each metric's targets.

Positions are fractions of the chart's width and height (0 to 1), worked out here so
the Typst templates only place marks and labels.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.portfolio import Playbook
from generator.views.context import TimelineEntry, ramp_series
from generator.views.scale import Axis, value_axis
from generator.views.text import goal_text, long_date, metric_name, quantity
from generator.views.tracking import Trend

JSON = dict[str, Any]

#: Axis ticks on the timeline, in engagement days.
_TICK_DAYS = (1, 15, 30, 45, 60, 75, 90, 120, 150, 180, 270, 365)


def span_days(playbook: Playbook, entries: list[TimelineEntry]) -> int:
    """Days the timeline covers: the engagement's length, or longer if an entry lies beyond."""
    spec = playbook.engagement.model.spec
    last = spec.day_of(spec.last_day)
    return max([last, *(entry.day for entry in entries)])


def position(day: int, span: int) -> float:
    """Where engagement day ``day`` sits on an axis from day 1 to day ``span`` (0 to 1)."""
    if span <= 1:
        return 0.0
    return round(min(max((day - 1) / (span - 1), 0.0), 1.0), 4)


def timeline_chart(playbook: Playbook, entries: list[TimelineEntry]) -> JSON:
    """One row per milestone or review, with the ramp plan's phases as bands behind them."""
    span = span_days(playbook, entries)
    ticks = [
        {
            "x": position(day, span),
            "day": f"Day {day}",
            "date": long_date(playbook.date_of(day)),
        }
        for day in _TICK_DAYS
        if day <= span
    ]
    phases = []
    if playbook.ramp is not None:
        for number, phase in enumerate(playbook.ramp.model.spec.phases, start=1):
            phases.append(
                {
                    "x0": position(phase.from_day, span),
                    "x1": position(phase.to_day + 1, span),
                    "number": str(number),
                    # bands can be a few days wide: the legend under the chart names them
                    "legend": f"{number} {phase.name} (days {phase.from_day}-{phase.to_day})",
                }
            )
    rows = [
        {
            "x": position(entry.day, span),
            "title": entry.title,
            "date": long_date(entry.when),
            "kind": entry.kind,
            # labels go left of marks in the right part of the chart so they stay inside it
            "left": position(entry.day, span) > 0.55,
        }
        for entry in entries
    ]
    return {"span": span, "ticks": ticks, "phases": phases, "rows": rows}


#: Closest two labels on a small chart may be, as a share of its width: axis days are
#: short numbers, point values are wider.
_TICK_GAP = 0.09
_POINT_GAP = 0.2


def spaced(positions: list[float], gap: float) -> list[bool]:
    """Which of the sorted ``positions`` keep a label so that no two labels collide."""
    keep, last = [], -1.0
    for x in positions:
        keep.append(x - last >= gap or last < 0)
        if keep[-1]:
            last = x
    return keep


def ramp_charts(playbook: Playbook) -> list[JSON]:
    """One small chart per metric with numeric targets: its target at each checkpoint.

    Labels of points close to the one before them go below their mark; axis ticks too
    close to the previous labelled one are drawn without a label.
    """
    if playbook.ramp is None:
        return []
    days = sorted({1, *(c.day for c in playbook.ramp.model.spec.checkpoints)})
    span = max(90, *days)
    tick_x = [position(day, span) for day in days]
    ticks = [
        {"x": x, "label": str(day) if labelled else ""}
        for day, x, labelled in zip(days, tick_x, spaced(tick_x, _TICK_GAP), strict=True)
    ]
    charts = []
    for metric_id, points in ramp_series(playbook).items():
        numeric = [(p.day, p.value) for p in points if p.value is not None]
        if not numeric:
            continue
        metric = playbook.metrics.get(metric_id)
        unit = metric.unit if metric else None
        axis = value_axis([value for _, value in numeric], unit)
        xs = [position(day, span) for day, _ in numeric]
        charts.append(
            {
                "metric": metric_name(metric_id, playbook.metrics),
                "direction": f"{metric.direction} is better" if metric else "",
                "levels": levels(axis, unit),
                "targets": [],
                "points": [
                    {
                        "x": x,
                        "y": round(axis.share(value), 4),
                        "label": quantity(value, unit),
                        "below": not clear,
                    }
                    for (_, value), x, clear in zip(
                        numeric, xs, spaced(xs, _POINT_GAP), strict=True
                    )
                ],
                "ticks": ticks,
            }
        )
    return charts


def levels(axis: Axis, unit: str | None) -> list[JSON]:
    """The value axis's ticks, each a rule across the plot with its value: 0 is the plot's
    bottom, 1 its top."""
    return [{"y": round(axis.share(tick), 4), "label": quantity(tick, unit)} for tick in axis.ticks]


def trend_charts(trends: list[Trend], until: date) -> list[JSON]:
    """One small chart per weekly series: the values week by week, the last one labelled,
    and the targets of the checkpoints reviewed by ``until``, each a square at its review
    with a dashed line back to the review before it."""
    charts = []
    for trend in trends:
        goals = trend.targets_by(until)
        valued = [(when, c, v) for when, c, v in goals if v is not None]
        dates = [when for when, _ in trend.points] + [when for when, _, _ in valued]
        first, last = min(dates), max(dates)
        span = max((last - first).days, 1)
        axis = value_axis([v for _, v in trend.points] + [v for _, _, v in valued], trend.unit)

        def x_of(when: date, first: date = first, span: int = span) -> float:
            return round((when - first).days / span, 4)

        starts = [first] + [when for when, _, _ in valued]
        charts.append(
            {
                "metric": trend.name,
                "direction": "; ".join(
                    f"target {goal_text(c, v, trend.unit)} by {when.day} {when:%b}"
                    for when, c, v in goals
                ),
                "levels": levels(axis, trend.unit),
                "targets": [
                    {
                        "x0": x_of(max(start, first)),
                        "x": x_of(when),
                        "y": round(axis.share(value), 4),
                        "label": goal_text(comparator, value, trend.unit),
                    }
                    for start, (when, comparator, value) in zip(starts, valued, strict=False)
                ],
                "points": [
                    {
                        "x": x_of(when),
                        "y": round(axis.share(value), 4),
                        "label": quantity(value, trend.unit)
                        if index == len(trend.points) - 1
                        else "",
                        "below": False,
                    }
                    for index, (when, value) in enumerate(trend.points)
                ],
                "ticks": [
                    {"x": 0.0, "label": f"{first.day} {first:%b}"},
                    {"x": 1.0, "label": f"{last.day} {last:%b}"},
                ],
            }
        )
    return charts
