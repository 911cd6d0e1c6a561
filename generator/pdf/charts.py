"""Geometry of the charts the PDFs draw: the timeline and the ramp of each metric's targets.

Positions are fractions of the chart's width and height (0 to 1), worked out here so
the Typst templates only place marks and labels.
"""

from __future__ import annotations

from typing import Any

from generator.portfolio import Playbook
from generator.views.context import TimelineEntry, ramp_series
from generator.views.scale import nice_range
from generator.views.text import comparator_sign, long_date, metric_name, quantity
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
        low, high = nice_range([value for _, value in numeric], unit)
        xs = [position(day, span) for day, _ in numeric]
        charts.append(
            {
                "metric": metric_name(metric_id, playbook.metrics),
                "direction": f"{metric.direction} is better" if metric else "",
                "low": quantity(low, unit),
                "high": quantity(high, unit),
                "points": [
                    {
                        "x": x,
                        # on the axis as labelled: the low line is 0, the high line 1
                        "y": round((value - low) / (high - low), 4),
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


def trend_charts(trends: list[Trend]) -> list[JSON]:
    """One small chart per weekly series: the values week by week, the last one labelled."""
    charts = []
    for trend in trends:
        first, last = trend.points[0][0], trend.points[-1][0]
        span = max((last - first).days, 1)
        low, high = nice_range([value for _, value in trend.points], trend.unit)
        xs = [round((when - first).days / span, 4) for when, _ in trend.points]
        goals = [
            f"target {comparator_sign(comparator)}"
            + (quantity(value, trend.unit) if value is not None else "")
            + f" on {when.day} {when:%b}"
            for when, comparator, value in trend.targets
        ]
        charts.append(
            {
                "metric": trend.name,
                "direction": "; ".join(goals),
                "low": quantity(low, trend.unit),
                "high": quantity(high, trend.unit),
                "points": [
                    {
                        "x": x,
                        "y": round((value - low) / (high - low), 4),
                        "label": quantity(value, trend.unit) if index == len(xs) - 1 else "",
                        "below": False,
                    }
                    for index, ((_, value), x) in enumerate(zip(trend.points, xs, strict=True))
                ],
                "ticks": [
                    {"x": 0.0, "label": f"{first.day} {first:%b}"},
                    {"x": 1.0, "label": f"{last.day} {last:%b}"},
                ],
            }
        )
    return charts
