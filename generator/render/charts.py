"""Charts drawn at build time as inline SVG: readable without JavaScript or a CDN.

Colours come from CSS classes (``pb-chart-*`` in the site's stylesheet) so the charts
follow the light and dark palettes; every text is XML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from generator.models import MetricDefinition
from generator.render.labels import Label, Labels
from generator.views.context import RampPoint, TimelineEntry
from generator.views.scale import Axis, value_axis
from generator.views.text import comparator_sign, goal_text, long_date, quantity
from generator.views.tracking import Tracked, Trend

_WIDTH = 680
_LABEL_WIDTH = 250
_PLOT_LEFT = _LABEL_WIDTH + 10
_PLOT_RIGHT = _WIDTH - 20
_ROW = 22
_TOP = 46
_LABEL_CHARS = 40


@dataclass(frozen=True)
class Band:
    """A stretch of the plan drawn behind the timeline, e.g. a ramp phase."""

    name: str
    first: date
    last: date


def _x(value: float) -> str:
    return f"{value:.1f}"


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _figure(svg: str, caption: str, css: str) -> Markup:
    # One raw HTML block without blank lines, so Markdown passes it through untouched.
    # On a narrow screen the figure scrolls sideways: tabindex lets a keyboard scroll it.
    return Markup(
        f'<figure class="pb-chart {css}" tabindex="0" data-search-exclude>{svg}'
        f"<figcaption>{_esc(caption)}</figcaption></figure>"
    )


def timeline_chart(
    entries: Sequence[TimelineEntry],
    start: date,
    end: date,
    today: date,
    bands: Sequence[Band] = (),
    progress: Mapping[str, Tracked] | None = None,
) -> Markup:
    """Milestones (circles) and checkpoint reviews (diamonds) on a date axis.

    With ``progress`` (by entry id), each row is marked with its standing (done, done
    late, overdue...), and a re-planned milestone gets a hollow marker at its new date.
    """
    if not entries:
        return Markup("")
    tracked = progress or {}
    first = min(start, *(e.when for e in entries))
    last = max(end, *(e.when for e in entries), *(t.due for t in tracked.values()))
    span = max((last - first).days, 1)

    def x_of(when: date) -> float:
        return _PLOT_LEFT + (when - first).days / span * (_PLOT_RIGHT - _PLOT_LEFT)

    height = _TOP + len(entries) * _ROW + 30
    bottom = height - 24
    parts: list[str] = []
    for index, band in enumerate(bands):
        left, right = x_of(max(band.first, first)), x_of(min(band.last, last))
        parts.append(
            f'<rect class="pb-chart-band pb-chart-band--{index % 2}" x="{_x(left)}" y="{_TOP - 8}" '
            f'width="{_x(max(right - left, 1))}" height="{bottom - _TOP + 8}"/>'
            f'<text class="pb-chart-band-label" x="{_x(left + 4)}" y="{bottom + 14}">'
            f"{_esc(_clip(band.name, max(int((right - left) / 6.5), 4)))}</text>"
        )
    step = 7 if span <= 60 else 14 if span <= 200 else 28
    for offset in range(0, span + 1, step):
        tick = first + timedelta(days=offset)
        tx = x_of(tick)
        parts.append(
            f'<line class="pb-chart-grid" x1="{_x(tx)}" y1="{_TOP - 10}" x2="{_x(tx)}" '
            f'y2="{bottom}"/>'
            f'<text class="pb-chart-tick" x="{_x(tx)}" y="{_TOP - 16}" text-anchor="middle">'
            f"{tick.day} {tick:%b}</text>"
        )
    if first <= today <= last:
        tx = x_of(today)
        parts.append(
            f'<line class="pb-chart-today" x1="{_x(tx)}" y1="{_TOP - 30}" x2="{_x(tx)}" '
            f'y2="{bottom}"/><text class="pb-chart-today-label" x="{_x(tx + 3)}" '
            f'y="{_TOP - 32}">today</text>'
        )
    for row, entry in enumerate(entries):
        y = _TOP + row * _ROW + _ROW / 2
        mx = x_of(entry.when)
        status = entry.status if entry.kind != "checkpoint" else "review"
        label = f"{entry.title} ({long_date(entry.when)})"
        moved = ""
        item = tracked.get(entry.id)
        if item is not None:
            status = item.state
            label += f": {item.words}"
            if item.due != entry.when and entry.kind != "checkpoint":
                nx = x_of(item.due)
                status += " pb-chart-row--replanned" if "re-planned" in item.words else ""
                moved = (
                    f'<line class="pb-chart-guide" x1="{_x(mx)}" y1="{_x(y)}" x2="{_x(nx)}" '
                    f'y2="{_x(y)}"/><circle class="pb-chart-moved" cx="{_x(nx)}" cy="{_x(y)}" '
                    'r="5"/>'
                )
        parts.append(
            f'<g class="pb-chart-row pb-chart-row--{_esc(status)}"><title>{_esc(label)}</title>'
            f'<text class="pb-chart-label" x="{_LABEL_WIDTH}" y="{_x(y + 4)}" text-anchor="end">'
            f"{_esc(_clip(entry.title, _LABEL_CHARS))}</text>"
            f'<line class="pb-chart-guide" x1="{_PLOT_LEFT}" y1="{_x(y)}" x2="{_x(mx)}" '
            f'y2="{_x(y)}"/>{moved}{_marker(entry.kind, mx, y)}</g>'
        )
    svg = (
        f'<svg viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-label="Timeline of {len(entries)} milestones and reviews" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )
    return _figure(
        svg, "Milestones (circles) and checkpoint reviews (diamonds) by date", "pb-timeline"
    )


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "checkpoint":
        r = 6.5
        return (
            f'<polygon class="pb-chart-review" points="{_x(x)},{_x(y - r)} {_x(x + r)},{_x(y)} '
            f'{_x(x)},{_x(y + r)} {_x(x - r)},{_x(y)}"/>'
        )
    return f'<circle class="pb-chart-milestone" cx="{_x(x)}" cy="{_x(y)}" r="5.5"/>'


_PANEL_W = 220
_PANEL_H = 180
_PAD = 58


def ramp_chart(
    series: dict[str, list[RampPoint]],
    metrics: dict[str, MetricDefinition],
    last_day: int,
) -> Markup:
    """One small panel per metric: its target at each checkpoint (squares on a dashed
    line) and, once recorded, its results (circles on a solid line)."""
    if not series:
        return Markup("")
    results = any(p.actual is not None for points in series.values() for p in points)
    what = "target and result" if results else "target"
    panels = [
        _panel_svg(
            _panel(metric_id, points, metrics.get(metric_id), last_day),
            f"{_metric_name(metric_id, metrics)}: {what} at each checkpoint",
        )
        for metric_id, points in series.items()
    ]
    caption = (
        "Each metric's target (squares) and result (circles) at each checkpoint, by engagement day"
        if results
        else "Each metric's target at each checkpoint, by engagement day"
    )
    return _figure(_panels(panels), caption, "pb-ramp")


def _metric_name(metric_id: str, metrics: Mapping[str, MetricDefinition]) -> str:
    metric = metrics.get(metric_id)
    return metric.name if metric else metric_id


def _panel_svg(panel: str, label: str) -> str:
    """One small chart as an image of its own, so that panels wrap to the width of the page
    and keep their text at its size."""
    return (
        f'<svg viewBox="0 0 {_PANEL_W} {_PANEL_H}" role="img" aria-label="{_esc(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">{panel}</svg>'
    )


def _panels(svgs: list[str]) -> str:
    return f'<div class="pb-panels">{"".join(svgs)}</div>'


def _panel(
    metric_id: str,
    points: list[RampPoint],
    metric: MetricDefinition | None,
    last_day: int,
) -> str:
    left, right = _PAD, _PANEL_W - 14
    top, bottom = 52, _PANEL_H - 32
    days = max(last_day, *(p.day for p in points))
    values = [p.value for p in points if p.value is not None]
    values += [p.actual for p in points if p.actual is not None]
    unit = metric.unit if metric else None
    axis = value_axis(values, unit) if values else None
    name = metric.name if metric else metric_id

    def px(day: int) -> float:
        return left + day / days * (right - left)

    def py(value: float) -> float:
        return bottom - axis.share(value) * (bottom - top) if axis else (top + bottom) / 2

    parts = [
        f'<g class="pb-chart-panel"><title>{_esc(name)}</title>'
        f'<text class="pb-chart-title" x="8" y="20">{_esc(_clip(name, 24))}</text>'
        f'<line class="pb-chart-axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>'
    ]
    if axis:
        parts.append(_value_axis(left, right, py, axis, unit))
    parts.append(_joined("pb-chart-line", [(px(p.day), p.value) for p in points], py))
    measured = [p for p in points if p.actual is not None]
    parts.append(_joined("pb-chart-actual", [(px(p.day), p.actual) for p in measured], py))
    labels = _labels(left, top, bottom)
    for point in points:
        if point.value is not None:
            labels.mark(px(point.day), py(point.value), 5)
        if point.actual is not None:
            labels.mark(px(point.day), py(point.actual), 5)
    latest = measured[-1] if measured else None
    last_tick = -1e9
    for point in points:
        x = px(point.day)
        if point.value is None:
            # a trend has no level: its words sit just above the day axis, with no mark
            text = f"{comparator_sign(point.comparator)} trend"
            spot = labels.place(x, bottom + 3, text)
            parts.append(_text("pb-chart-value pb-chart-goal", spot, text))
        else:
            text = goal_text(point.comparator, point.value, unit)
            under = point.actual is not None and point.actual > point.value
            parts.append(_target(labels, x, py(point.value), f"day {point.day}", text, under))
        if point.actual is not None:
            parts.append(_result(labels, point, x, py(point.actual), unit, point is latest))
        # a day too close to the one before it is left out
        if x - last_tick >= 30:
            last_tick = x
            anchor = "end" if x > right - 24 else "start" if x < left + 24 else "middle"
            parts.append(
                f'<text class="pb-chart-tick" x="{_x(x)}" y="{bottom + 18}" '
                f'text-anchor="{anchor}">{point.day}</text>'
            )
    parts.append(f'<text class="pb-chart-tick" x="8" y="{bottom + 18}">day</text>')
    parts.append("</g>")
    return "".join(parts)


def _labels(left: float, top: float, bottom: float) -> Labels:
    """Room for a panel's value labels: the plot, the band above it and none of the axes."""
    return Labels((left - 4, top - 24, _PANEL_W - 2, bottom + 4))


def _text(css: str, spot: Label, text: str) -> str:
    return (
        f'<text class="{css}" x="{_x(spot.x)}" y="{_x(spot.y)}" text-anchor="{spot.anchor}">'
        f"{_esc(text)}</text>"
    )


def _target(labels: Labels, x: float, y: float, when: str, text: str, under: bool) -> str:
    """A target as a square with its value beside it: above it, or ``under`` it (where a
    result beside it is higher) when there is room."""
    spot = labels.place(x, y, text, ("below", "above") if under else ("above", "below"))
    return (
        f'<rect class="pb-chart-target" x="{_x(x - 4)}" y="{_x(y - 4)}" width="8" '
        f'height="8"><title>Target on {_esc(when)}: {_esc(text)}</title></rect>'
        + _text("pb-chart-value pb-chart-goal", spot, text)
    )


def _joined(
    css: str, points: list[tuple[float, float | None]], py: Callable[[float], float]
) -> str:
    """A line through the points that have a value, or nothing for fewer than two."""
    path = " ".join(f"{_x(x)},{_x(py(value))}" for x, value in points if value is not None)
    return f'<polyline class="{css}" points="{path}"/>' if path.count(" ") else ""


def _result(
    labels: Labels, point: RampPoint, x: float, y: float, unit: str | None, latest: bool
) -> str:
    """A checkpoint's result as a circle coloured by its standing; the latest labelled on
    the side of its mark away from the target's."""
    assert point.actual is not None
    shown = quantity(point.actual, unit)
    words = f"Result on day {point.day}: {shown}" + (f" ({point.state})" if point.state else "")
    mark = (
        f'<circle class="pb-chart-result pb-chart-result--{_esc(point.state)}" cx="{_x(x)}" '
        f'cy="{_x(y)}" r="4.5"><title>{_esc(words)}</title></circle>'
    )
    if not latest:
        return mark
    lower = point.value is not None and point.actual <= point.value
    spot = labels.place(x, y, shown, ("below", "above") if lower else ("above", "below"))
    return mark + _text("pb-chart-value", spot, shown)


def _value_axis(
    left: float, right: float, py: Callable[[float], float], axis: Axis, unit: str | None
) -> str:
    """The value scale at the panel's left: a rule and a label at every tick, so a range
    that does not start at zero reads as such."""
    parts = []
    for tick in axis.ticks:
        y = _x(py(tick))
        parts.append(
            f'<line class="pb-chart-grid" x1="{left}" y1="{y}" x2="{right}" y2="{y}"/>'
            f'<text class="pb-chart-tick" x="{left - 6}" y="{_x(py(tick) + 4)}" '
            f'text-anchor="end">{_esc(quantity(tick, unit))}</text>'
        )
    return "".join(parts)


def trend_chart(trends: Sequence[Trend]) -> Markup:
    """One small panel per metric: its weekly values as a line, its targets as marks."""
    if not trends:
        return Markup("")
    panels = [
        _panel_svg(_trend_panel(trend), f"{trend.name}: week by week against its targets")
        for trend in trends
    ]
    caption = "Each metric week by week (line) against its targets (dashed, squares at reviews)"
    return _figure(_panels(panels), caption, "pb-trend")


def _trend_panel(trend: Trend) -> str:
    left, right = _PAD, _PANEL_W - 14
    top, bottom = 52, _PANEL_H - 32
    goals = [(when, c, v) for when, c, v in trend.targets_by() if v is not None]
    dates = [when for when, _ in trend.points] + [when for when, _, _ in goals]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    axis = value_axis([v for _, v in trend.points] + [v for _, _, v in goals], trend.unit)

    def px(when: date) -> float:
        return left + (when - first).days / span * (right - left)

    def py(value: float) -> float:
        return bottom - axis.share(value) * (bottom - top)

    parts = [
        f'<g class="pb-chart-panel"><title>{_esc(trend.name)}</title>'
        f'<text class="pb-chart-title" x="8" y="20">'
        f"{_esc(_clip(trend.name, 24))}</text>"
        f'<line class="pb-chart-axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>',
        _value_axis(left, right, py, axis, trend.unit),
    ]
    labels = _labels(left, top, bottom)
    for when, value in trend.points:
        labels.mark(px(when), py(value), 4)
    for when, _, goal in goals:
        labels.mark(px(when), py(goal), 5)
    last_date, last_value = trend.points[-1]
    shown = quantity(last_value, trend.unit)
    # the latest value above its point, or below it where the line falls steeply into it
    falling = len(trend.points) > 1 and py(last_value) - py(trend.points[-2][1]) > 2
    spot = labels.place(
        px(last_date), py(last_value), shown, ("below", "above") if falling else ("above", "below")
    )
    since = first
    for when, comparator, goal in goals:
        # each target holds from the review before it to its own: a dashed step
        x, y = px(when), py(goal)
        parts.append(
            f'<line class="pb-chart-line" x1="{_x(px(since))}" y1="{_x(y)}" x2="{_x(x)}" '
            f'y2="{_x(y)}"/>'
            + _target(labels, x, y, long_date(when), goal_text(comparator, goal, trend.unit), True)
        )
        since = when
    line = " ".join(f"{_x(px(when))},{_x(py(value))}" for when, value in trend.points)
    parts.append(f'<polyline class="pb-chart-actual" points="{line}"/>')
    for when, value in trend.points:
        parts.append(
            f'<circle class="pb-chart-point" cx="{_x(px(when))}" cy="{_x(py(value))}" r="3">'
            f"<title>{_esc(long_date(when))}: {_esc(quantity(value, trend.unit))}</title></circle>"
        )
    parts.append(_text("pb-chart-value", spot, shown))
    parts.append(
        f'<text class="pb-chart-tick" x="{left}" y="{bottom + 18}">{_esc(_short(first))}</text>'
        f'<text class="pb-chart-tick" x="{right}" y="{bottom + 18}" text-anchor="end">'
        f"{_esc(_short(last))}</text></g>"
    )
    return "".join(parts)


def _short(when: date) -> str:
    return f"{when.day} {when:%b}"
