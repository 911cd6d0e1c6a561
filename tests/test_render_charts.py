"""Charts: well-formed SVG, one mark per item, positions on the date axis, escaped text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

from generator.config import load_config
from generator.render.charts import Band, ramp_chart, timeline_chart
from generator.validation import validate
from generator.views.context import RampPoint, TimelineEntry, ramp_series, timeline

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(figure: str) -> ET.Element:
    (svg,) = panels_of(figure)
    return svg


def panels_of(figure: str) -> list[ET.Element]:
    """Each image of the figure, parsed: one for the timeline, one per panel otherwise."""
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", figure, re.S)]


def entries(examples: Path) -> tuple[list[TimelineEntry], date, date]:
    playbook = validate((), load_config(start=examples.parent)).portfolio.get("northwind-support")
    assert playbook is not None
    spec = playbook.engagement.model.spec
    return timeline(playbook), spec.start, spec.last_day


def test_timeline_marks_each_entry_in_date_order(examples: Path) -> None:
    items, start, end = entries(examples)
    svg = svg_of(timeline_chart(items, start, end, date(2026, 11, 18)))
    rows = svg.findall(f"{SVG}g")
    assert [row.findtext(f"{SVG}title") for row in rows] == [
        f"{e.title} ({e.when.day} {e.when:%b %Y})" for e in items
    ]
    xs = []
    for row in rows:
        mark = row.find(f"{SVG}circle")
        if mark is not None:
            xs.append(float(mark.get("cx", "0")))
        else:
            diamond = row.find(f"{SVG}polygon")
            assert diamond is not None
            xs.append(float(diamond.get("points", "0,0").split(",")[0]))
    assert xs == sorted(xs)
    reviews = [row for row in rows if row.find(f"{SVG}polygon") is not None]
    assert len(reviews) == sum(1 for e in items if e.kind == "checkpoint")


def test_today_line_only_inside_the_engagement(examples: Path) -> None:
    items, start, end = entries(examples)
    inside = timeline_chart(items, start, end, date(2026, 11, 18))
    before = timeline_chart(items, start, end, start - timedelta(days=30))
    assert "pb-chart-today" in inside
    assert ">today<" in inside
    assert "pb-chart-today" not in before


def test_bands_and_text_are_escaped(examples: Path) -> None:
    items, start, end = entries(examples)
    band = Band("<b>Onboarding</b> & more", start, start + timedelta(days=29))
    chart = timeline_chart(items, start, end, start, [band])
    svg = svg_of(chart)  # parses: nothing user-written broke the markup
    labels = [t.text for t in svg.iter(f"{SVG}text") if "band" in (t.get("class") or "")]
    assert labels
    assert labels[0] is not None
    assert labels[0].startswith("<b>Onboarding")
    assert "<b>" not in chart


def test_nothing_to_draw_draws_nothing() -> None:
    assert timeline_chart([], date(2026, 1, 1), date(2026, 3, 31), date(2026, 1, 1)) == ""
    assert ramp_chart({}, {}, 90) == ""


def test_ramp_panel_per_metric_with_its_targets(examples: Path) -> None:
    playbook = validate((), load_config(start=examples.parent)).portfolio.get("northwind-support")
    assert playbook is not None
    series = ramp_series(playbook)
    images = panels_of(ramp_chart(series, playbook.metrics, 90))
    panels = [image.find(f"{SVG}g") for image in images]
    assert [image.get("aria-label") for image in images] == [
        f"{playbook.metrics[m].name}: target at each checkpoint" for m in series
    ]
    assert [p.findtext(f"{SVG}title") for p in panels] == [playbook.metrics[m].name for m in series]
    csat = panels[list(series).index("csat")]
    values = [t.text for t in csat.iter(f"{SVG}text") if t.get("class") == "pb-chart-value"]
    assert values == [f"≥{p.value:g}%" for p in series["csat"]]


def test_ramp_points_climb_with_their_values() -> None:
    points = [
        RampPoint(30, "at-least", 80),
        RampPoint(60, "at-least", 85),
        RampPoint(90, "at-least", 90),
    ]
    svg = svg_of(ramp_chart({"qa": points}, {}, 90))
    ys = [float(c.get("cy", "0")) for c in svg.iter(f"{SVG}circle")]
    assert ys == sorted(ys, reverse=True)  # higher values are drawn higher up
    assert len(ys) == 3


def test_a_ramp_panel_draws_a_change_at_its_true_size(examples: Path) -> None:
    # 35% -> 40% on a labelled 0-100% scale: a step of a twentieth of the height, not a cliff.
    playbook = validate((), load_config(start=examples.parent)).portfolio.get("summit-outbound")
    assert playbook is not None
    points = [RampPoint(30, "at-least", 35), RampPoint(60, "at-least", 40)]
    svg = svg_of(ramp_chart({"qualification-rate": points}, playbook.metrics, 90))
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "pb-chart-tick"]
    assert ticks[:2] == ["100%", "0%"]
    axis = next(line for line in svg.iter(f"{SVG}line") if line.get("class") == "pb-chart-axis")
    grid = next(line for line in svg.iter(f"{SVG}line") if line.get("class") == "pb-chart-grid")
    bottom, top = float(axis.get("y1", "0")), float(grid.get("y1", "0"))
    ys = [float(c.get("cy", "0")) for c in svg.iter(f"{SVG}circle")]
    assert [round((bottom - y) / (bottom - top), 3) for y in ys] == [0.35, 0.4]
