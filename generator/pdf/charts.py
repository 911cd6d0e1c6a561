"""Geometry of the charts the PDFs draw (the timeline and the report's trends), and the
plan's ramp, which has no results to chart and reads as a table.

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

#: Closest two phase numbers may stand on one line, as a share of the timeline's width.
_LABEL_GAP = 0.035

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


def staggered(starts: list[float]) -> list[bool]:
    """Which phase numbers go a line lower: each one too close to the one before it, when
    that one stands on the upper line."""
    low: list[bool] = []
    for index, x in enumerate(starts):
        low.append(index > 0 and not low[-1] and x - starts[index - 1] < _LABEL_GAP)
    return low


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
    phases: list[JSON] = []
    if playbook.ramp is not None:
        spec_phases = playbook.ramp.model.spec.phases
        starts = [position(phase.from_day, span) for phase in spec_phases]
        for number, (phase, x0, low) in enumerate(
            zip(spec_phases, starts, staggered(starts), strict=True), start=1
        ):
            phases.append(
                {
                    "x0": x0,
                    "low": low,
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


def ramp_table(playbook: Playbook) -> JSON:
    """Each metric's target at each checkpoint, a row per metric and a column per day: a
    plan has no results yet, so its ramp reads as a table rather than as charts of targets."""
    if playbook.ramp is None:
        return {"days": [], "rows": []}
    days = [c.day for c in playbook.ramp.model.spec.checkpoints]
    rows = []
    for metric_id, points in ramp_series(playbook).items():
        metric = playbook.metrics.get(metric_id)
        unit = metric.unit if metric else None
        goals = {p.day: goal_text(p.comparator, p.value, unit) for p in points}
        rows.append(
            {
                "metric": metric_name(metric_id, playbook.metrics),
                "direction": f"{metric.direction} is better" if metric else "",
                "cells": [goals.get(day, "") for day in days],
            }
        )
    return {"days": [f"Day {day}" for day in days], "rows": rows}


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
