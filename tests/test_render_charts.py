"""Charts: well-formed SVG, one mark per item, positions on the date axis, escaped text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

from generator.config import load_config
from generator.render.charts import Band, ramp_chart, timeline_chart, trend_chart
from generator.render.labels import Labels
from generator.validation import validate
from generator.views.context import RampPoint, TimelineEntry, ramp_series, timeline
from generator.views.progress import standing
from generator.views.tracking import trends

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


def texts(svg: ET.Element, css: str) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text") if css in (t.get("class") or "").split()]


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
    csat = images[list(series).index("csat")]
    assert texts(csat, "pb-chart-goal") == [f"≥{p.value:g}%" for p in series["csat"]]
    assert not list(csat.iter(f"{SVG}circle"))  # no results without a standing


def test_ramp_points_climb_with_their_values() -> None:
    points = [
        RampPoint(30, "at-least", 80),
        RampPoint(60, "at-least", 85),
        RampPoint(90, "at-least", 90),
    ]
    svg = svg_of(ramp_chart({"qa": points}, {}, 90))
    ys = [float(r.get("y", "0")) for r in svg.iter(f"{SVG}rect")]
    assert ys == sorted(ys, reverse=True)  # higher values are drawn higher up
    assert len(ys) == 3


def test_a_ramp_panel_labels_every_step_of_an_axis_fitted_to_its_values(examples: Path) -> None:
    # 35% -> 40%: an axis from 34% to 40%, each step labelled, so it reads as a rise of
    # five points and not a cliff from nothing
    playbook = validate((), load_config(start=examples.parent)).portfolio.get("summit-outbound")
    assert playbook is not None
    points = [RampPoint(30, "at-least", 35), RampPoint(60, "at-least", 40)]
    svg = svg_of(ramp_chart({"qualification-rate": points}, playbook.metrics, 90))
    assert texts(svg, "pb-chart-tick")[:4] == ["34%", "36%", "38%", "40%"]
    grid = [
        float(g.get("y1", "0")) for g in svg.iter(f"{SVG}line") if g.get("class") == "pb-chart-grid"
    ]
    assert len(grid) == 4
    assert grid == sorted(grid, reverse=True)
    bottom, top = grid[0], grid[-1]
    ys = [float(r.get("y", "0")) + 4 for r in svg.iter(f"{SVG}rect")]
    assert [round((bottom - y) / (bottom - top), 3) for y in ys] == [0.167, 1.0]


def test_the_overview_ramp_draws_each_result_beside_its_target(examples: Path) -> None:
    playbook = validate((), load_config(start=examples.parent)).portfolio.get("northwind-support")
    assert playbook is not None
    state = standing(playbook, date(2026, 12, 1))
    series = ramp_series(playbook, state.targets)
    assert [(p.day, p.actual, p.state) for p in series["csat"]] == [
        (30, 84, "missed"),
        (60, None, ""),
        (90, None, ""),
    ]
    figure = ramp_chart(series, playbook.metrics, 90)
    assert "target (squares) and result (circles)" in figure
    images = panels_of(figure)
    csat = images[list(series).index("csat")]
    assert csat.get("aria-label") == "Customer satisfaction: target and result at each checkpoint"
    (result,) = csat.iter(f"{SVG}circle")
    assert result.get("class") == "pb-chart-result pb-chart-result--missed"
    assert result.findtext(f"{SVG}title") == "Result on day 30: 84% (missed)"
    square = next(csat.iter(f"{SVG}rect"))
    assert float(result.get("cy", "0")) > float(square.get("y", "0")) + 4  # drawn below
    assert "84%" in texts(csat, "pb-chart-value")
    kb = images[list(series).index("kb-coverage")]
    assert next(kb.iter(f"{SVG}circle")).get("class") == "pb-chart-result pb-chart-result--met"


def test_value_labels_keep_clear_of_each_other_and_of_the_marks() -> None:
    labels = Labels((0, 0, 200, 100))
    labels.mark(100, 50, 5)
    labels.mark(100, 62, 5)
    first = labels.place(100, 50, "≥85%", ("above", "below"))
    second = labels.place(100, 62, "84%", ("above", "below"))
    assert (first.anchor, first.y) == ("middle", 41)  # above its mark
    assert second.y == 80  # below its own: above would cover the other mark
    third = labels.place(100, 62, "84%")
    assert third.anchor == "start"
    assert third.x == 108
    edge = labels.place(198, 50, "≥100%")
    assert edge.anchor == "end"  # kept inside the chart
    cramped = Labels((0, 0, 20, 20))
    assert cramped.place(10, 10, "a long label", ("below",)).y == 28  # its first choice


def test_a_trend_panel_fits_its_axis_and_draws_the_target_it_heads_for(examples: Path) -> None:
    playbook = validate((), load_config(start=examples.parent)).portfolio.get("northwind-support")
    assert playbook is not None
    found = {t.metric: t for t in trends(playbook)}
    svg = svg_of(trend_chart([found["csat"]]))
    assert texts(svg, "pb-chart-tick") == ["84%", "85%", "86%", "87%", "15 Nov", "1 Dec"]
    (step,) = [g for g in svg.iter(f"{SVG}line") if g.get("class") == "pb-chart-line"]
    (square,) = svg.iter(f"{SVG}rect")
    assert square.findtext(f"{SVG}title") == "Target on 1 Dec 2026: ≥85%"
    y = float(step.get("y1", "0"))
    assert float(square.get("y", "0")) + 4 == y
    assert step.get("y2") == step.get("y1")
    last = list(svg.iter(f"{SVG}circle"))[-1]
    assert float(last.get("cy", "0")) - y > 15  # 84% against 85%: a visible gap
    assert texts(svg, "pb-chart-goal") == ["≥85%"]
