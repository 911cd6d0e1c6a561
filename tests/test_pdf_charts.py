"""Chart geometry: where marks sit on the timeline and the ramp charts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.pdf.charts import position, ramp_charts, spaced, timeline_chart
from generator.validation import validate
from generator.views.context import timeline
from generator.views.scale import nice_range


@pytest.mark.parametrize(
    ("day", "span", "expected"),
    [(1, 90, 0.0), (90, 90, 1.0), (30, 90, 0.3258), (120, 90, 1.0), (0, 90, 0.0), (5, 1, 0.0)],
)
def test_position_maps_days_onto_the_axis(day: int, span: int, expected: float) -> None:
    assert position(day, span) == expected


@pytest.mark.parametrize(
    ("values", "unit", "expected"),
    [
        ([85, 87, 88], "percent", (0.0, 100.0)),
        ([100], "percent", (0.0, 100.0)),
        ([35, 40], "percent", (0.0, 100.0)),
        ([240], "minutes", (0.0, 300.0)),
        ([0.5, 4.2], None, (0.0, 5.0)),
        ([120], "percent", (0.0, 120.0)),
        ([0], "count", (0.0, 1.0)),
        ([3.2, 3.6], "percent", (0.0, 4.0)),  # a small rate on a scale where it shows
        ([8], "percent", (0.0, 8.0)),
        ([20, 26], "percent", (0.0, 100.0)),
        ([-3, 4], None, (-3.0, 4.0)),
    ],
)
def test_axes_start_at_zero_and_percentages_run_to_100_unless_all_are_small(
    values: list[float], unit: str | None, expected: tuple[float, float]
) -> None:
    assert nice_range(values, unit) == expected


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
    ramps = {c["metric"]: c for c in ramp_charts(playbook)}
    csat = ramps["Customer satisfaction"]
    assert [p["label"] for p in csat["points"]] == ["85%", "87%", "88%"]
    # on an axis from 0 to 100%: three close values sit close together
    assert [p["y"] for p in csat["points"]] == [0.85, 0.87, 0.88]
    assert csat["direction"] == "higher is better"
    assert "Process error rate" not in ramps  # trend-only targets have nothing to plot


def test_labels_too_close_to_the_previous_one_are_dropped_or_moved() -> None:
    assert spaced([0.0, 0.1, 0.146, 0.326, 1.0], 0.13) == [True, False, True, True, True]
    assert spaced([], 0.2) == []


def test_sales_ramp_charts_keep_labels_apart(examples: Path) -> None:
    result = validate((), load_config())
    playbook = result.portfolio.get("summit-outbound")
    assert playbook is not None
    charts = {c["metric"]: c for c in ramp_charts(playbook)}
    ticks = [t["label"] for t in charts["Contact rate"]["ticks"]]
    assert ticks == ["1", "10", "", "30", "45", "60", "90"]  # day 14 sits too close to day 10
    speed = charts["Speed to lead"]["points"]
    assert [(p["label"], p["below"]) for p in speed] == [("5 min", False), ("5 min", True)]
