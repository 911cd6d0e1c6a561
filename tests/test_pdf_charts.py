"""Chart geometry: where marks sit on the timeline and the trend charts; the ramp table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.config import load_config
from generator.pdf.charts import position, ramp_table, staggered, timeline_chart, trend_charts
from generator.validation import validate
from generator.views.context import timeline
from generator.views.scale import value_axis
from generator.views.tracking import trends


@pytest.mark.parametrize(
    ("day", "span", "expected"),
    [(1, 90, 0.0), (90, 90, 1.0), (30, 90, 0.3258), (120, 90, 1.0), (0, 90, 0.0), (5, 1, 0.0)],
)
def test_position_maps_days_onto_the_axis(day: int, span: int, expected: float) -> None:
    assert position(day, span) == expected


@pytest.mark.parametrize(
    ("values", "unit", "expected"),
    [
        ([84, 85, 86, 87], "percent", (84, 85, 86, 87)),  # a one-point miss is a step
        ([100], "percent", (90, 95, 100)),  # never past 100% for shares within it
        ([98, 99.5], "percent", (98, 98.5, 99, 99.5)),
        ([95, 120], "percent", (90, 100, 110, 120)),  # unless a value passes it
        ([295, 410], "minutes", (250, 300, 350, 400, 450)),
        ([3.1, 3.6], "percent", (3.0, 3.2, 3.4, 3.6)),
        ([0.1, 0.3], None, (0.1, 0.15, 0.2, 0.25, 0.3)),
        ([0], "count", (0, 0.5, 1)),  # a count never goes below zero
        ([-3, 4], None, (-4, -2, 0, 2, 4)),
        ([150], "count", (130, 140, 150, 160, 170)),
    ],
)
def test_value_axes_fit_the_values_with_a_round_label_at_every_step(
    values: list[float], unit: str | None, expected: tuple[float, ...]
) -> None:
    axis = value_axis(values, unit)
    assert axis.ticks == expected
    assert (axis.low, axis.high) == (expected[0], expected[-1])
    assert axis.share(axis.low) == 0
    assert axis.share(axis.high) == 1
    assert all(0 <= axis.share(value) <= 1 for value in values)


@pytest.mark.parametrize("span", [0.003, 0.7, 1, 9.99, 10, 47, 1234, 99999])
@pytest.mark.parametrize("low", [-50.5, 0, 3, 84.2])
def test_value_axes_have_two_to_six_evenly_spaced_ticks(low: float, span: float) -> None:
    axis = value_axis([low, low + span])
    steps = {round(b - a, 9) for a, b in zip(axis.ticks, axis.ticks[1:], strict=False)}
    assert 3 <= len(axis.ticks) <= 6
    assert len(steps) == 1
    assert axis.low <= low
    assert axis.high >= low + span


def test_charts_of_the_support_example(examples: Path) -> None:
    result = validate((), load_config())
    playbook = result.portfolio.get("northwind-support")
    assert playbook is not None
    chart = timeline_chart(playbook, timeline(playbook))
    assert chart["span"] == 90
    assert [t["day"] for t in chart["ticks"]] == [
        "Day 1",
        "Day 15",
        "Day 30",
        "Day 45",
        "Day 60",
        "Day 75",
        "Day 90",
    ]
    assert chart["phases"][0]["legend"] == "1 Onboarding and knowledge transfer (days 1-30)"
    first, last = chart["rows"][0], chart["rows"][-1]
    assert (first["title"], first["x"], first["left"]) == ("Working kickoff", 0.0, False)
    assert last["left"] is True  # labels near the right edge go left of their mark
    ramp = ramp_table(playbook)
    assert ramp["days"] == ["Day 30", "Day 60", "Day 90"]
    rows = {row["metric"]: row for row in ramp["rows"]}
    assert rows["Customer satisfaction"]["cells"] == ["≥85%", "≥87%", "≥88%"]
    assert rows["Customer satisfaction"]["direction"] == "higher is better"
    assert rows["Process error rate"]["cells"][0] == "trending down"  # a trend has words


def test_the_sales_ramp_leaves_checkpoints_without_a_target_empty(examples: Path) -> None:
    playbook = validate((), load_config()).portfolio.get("summit-outbound")
    assert playbook is not None
    ramp = ramp_table(playbook)
    assert ramp["days"] == ["Day 10", "Day 14", "Day 30", "Day 45", "Day 60", "Day 90"]
    speed = next(row for row in ramp["rows"] if row["metric"] == "Speed to lead")
    assert speed["cells"] == ["", "≤5 min", "≤5 min", "", "", ""]


def test_phase_numbers_too_close_to_the_one_before_go_a_line_lower(examples: Path) -> None:
    # bands starting 1% apart: the second number goes lower, the third is clear of it
    assert staggered([0.0, 0.01, 0.02, 0.2, 0.21]) == [False, True, False, False, True]
    assert staggered([]) == []
    playbook = validate((), load_config()).portfolio.get("summit-outbound")
    assert playbook is not None
    chart = timeline_chart(playbook, timeline(playbook))
    assert [p["low"] for p in chart["phases"]] == [False, False, False, False]


def test_report_trends_draw_the_targets_reviewed_by_the_checkpoint(examples: Path) -> None:
    playbook = validate((), load_config()).portfolio.get("northwind-support")
    assert playbook is not None
    charts = {c["metric"]: c for c in trend_charts(trends(playbook), until=date(2026, 12, 1))}
    csat = charts["Customer satisfaction"]
    # the day-30 target only: the day-60 and day-90 ones are not yet reviewed
    assert csat["direction"] == "target ≥85% by 1 Dec"
    (goal,) = csat["targets"]
    assert (goal["label"], goal["x0"], goal["x"]) == ("≥85%", 0.0, 1.0)
    assert [t["label"] for t in csat["ticks"]] == ["15 Nov", "1 Dec"]  # to the review
    assert csat["points"][-1]["label"] == "84%"
    assert csat["points"][-1]["y"] < goal["y"]  # the miss is drawn below its target
    assert [level["label"] for level in csat["levels"]] == ["84%", "85%", "86%", "87%"]
    # a trend target has no level to draw: its words are in the caption
    assert charts["First response time"]["targets"] == []
    assert charts["First response time"]["direction"] == "target trending down by 1 Dec"
    later = {c["metric"]: c for c in trend_charts(trends(playbook), until=date(2027, 1, 30))}
    assert [t["label"] for t in later["Customer satisfaction"]["targets"]] == [
        "≥85%",
        "≥87%",
        "≥88%",
    ]
